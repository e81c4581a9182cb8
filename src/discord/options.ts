import type { ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../errors.js';

/** A type guard for a value from a fixed `as const` list. */
export function isOneOf<const Choice extends string>(
  choices: readonly Choice[],
  value: string,
): value is Choice {
  return choices.some((choice) => choice === value);
}

/**
 * A string option with fixed choices, read as its typed choice. Discord sends only the declared choices,
 * but an interaction can be forged and a definition can lag a deploy, so the value is checked, not cast.
 */
export function choiceOption<const Choice extends string>(
  interaction: ChatInputCommandInteraction,
  name: string,
  choices: readonly Choice[],
): Choice | null {
  const value = interaction.options.getString(name);
  if (value === null) return null;
  if (!isOneOf(choices, value)) {
    throw new UserError(`That is not a choice for ${name}; pick one from the list.`);
  }
  return value;
}
