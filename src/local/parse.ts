import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';

export interface ParsedCommand {
  name: string;
  options: APIApplicationCommandInteractionDataOption[];
}

export class CommandLineError extends Error {
  override name = 'CommandLineError';
}

const OPTION_START = /(?:^|\s)([a-z0-9_-]{1,32}):/g;

/**
 * Parses what a person types in the local terminal, the way Discord's client fills a command's options:
 * `/search query: military option document: park-2013 hide: true`, `/session start document: park-2013`.
 */
export function parseCommandLine(
  line: string,
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[],
): ParsedCommand {
  const trimmed = line.trim();
  if (!trimmed.startsWith('/'))
    throw new CommandLineError('Commands start with "/", e.g. /search query: military option');
  const [head = '', ...restWords] = trimmed.slice(1).split(/\s+/);
  const definition = definitions.find(
    (candidate) => candidate.name === head.toLowerCase() && (candidate.type ?? 1) === 1,
  );
  if (!definition) {
    const names = definitions
      .filter((candidate) => (candidate.type ?? 1) === 1)
      .map((candidate) => `/${candidate.name}`);
    throw new CommandLineError(`Unknown command /${head}. Try one of: ${names.join(' ')}`);
  }
  let rest = restWords.join(' ');
  let optionDefinitions: readonly APIApplicationCommandOption[] =
    ('options' in definition && definition.options) || [];
  const path: Array<{
    name: string;
    type: ApplicationCommandOptionType.Subcommand | ApplicationCommandOptionType.SubcommandGroup;
  }> = [];
  for (;;) {
    const [word = '', ...others] = rest.split(/\s+/);
    const sub = optionDefinitions.find(
      (option) =>
        option.name === word.toLowerCase() &&
        (option.type === ApplicationCommandOptionType.Subcommand ||
          option.type === ApplicationCommandOptionType.SubcommandGroup),
    );
    if (
      !sub ||
      !('options' in sub) ||
      (sub.type !== ApplicationCommandOptionType.Subcommand &&
        sub.type !== ApplicationCommandOptionType.SubcommandGroup)
    )
      break;
    path.push({ name: sub.name, type: sub.type });
    optionDefinitions = sub.options ?? [];
    rest = others.join(' ');
  }
  const needsSubcommand = optionDefinitions.some(
    (option) => option.type === ApplicationCommandOptionType.Subcommand,
  );
  if (needsSubcommand) {
    const choices = optionDefinitions.map((option) => option.name).join(', ');
    throw new CommandLineError(`/${definition.name} needs a subcommand: ${choices}`);
  }
  const values = parseOptionValues(rest, optionDefinitions as readonly APIApplicationCommandBasicOption[]);
  let options: APIApplicationCommandInteractionDataOption[] = values;
  for (const level of path.reverse()) {
    options = [{ name: level.name, type: level.type, options } as APIApplicationCommandInteractionDataOption];
  }
  return { name: definition.name, options };
}

function parseOptionValues(
  text: string,
  definitions: readonly APIApplicationCommandBasicOption[],
): APIApplicationCommandInteractionDataOption[] {
  const starts = [...text.matchAll(OPTION_START)].filter((match) =>
    definitions.some((definition) => definition.name === match[1]),
  );
  if (text.trim() && starts.length === 0) {
    const first = definitions.find((definition) => definition.required) ?? definitions[0];
    if (!first) throw new CommandLineError('This command takes no options.');
    return [toOption(first, text.trim())];
  }
  const options: APIApplicationCommandInteractionDataOption[] = [];
  starts.forEach((match, index) => {
    const name = match[1] ?? '';
    const valueStart = (match.index ?? 0) + match[0].length;
    const valueEnd = starts[index + 1]?.index ?? text.length;
    const definition = definitions.find((candidate) => candidate.name === name);
    if (definition) options.push(toOption(definition, text.slice(valueStart, valueEnd).trim()));
  });
  for (const definition of definitions) {
    if (definition.required && !options.some((option) => option.name === definition.name)) {
      throw new CommandLineError(`Missing required option "${definition.name}:"`);
    }
  }
  return options;
}

function toOption(
  definition: APIApplicationCommandBasicOption,
  raw: string,
): APIApplicationCommandInteractionDataOption {
  const value = raw.replace(/^"(.*)"$/s, '$1');
  switch (definition.type) {
    case ApplicationCommandOptionType.Boolean: {
      if (!/^(true|false|yes|no)$/i.test(value))
        throw new CommandLineError(`${definition.name}: expected true or false`);
      return { name: definition.name, type: definition.type, value: /^(true|yes)$/i.test(value) };
    }
    case ApplicationCommandOptionType.Integer:
    case ApplicationCommandOptionType.Number: {
      const number = Number(value);
      if (
        !Number.isFinite(number) ||
        (definition.type === ApplicationCommandOptionType.Integer && !Number.isInteger(number))
      ) {
        throw new CommandLineError(`${definition.name}: expected a number`);
      }
      return { name: definition.name, type: definition.type, value: number };
    }
    case ApplicationCommandOptionType.String: {
      const choices = 'choices' in definition ? definition.choices : undefined;
      if (choices && choices.length > 0) {
        const choice = choices.find(
          (candidate) =>
            String(candidate.value).toLowerCase() === value.toLowerCase() ||
            candidate.name.toLowerCase() === value.toLowerCase(),
        );
        if (!choice)
          throw new CommandLineError(
            `${definition.name}: choose one of ${choices.map((c) => c.value).join(', ')}`,
          );
        return { name: definition.name, type: definition.type, value: String(choice.value) };
      }
      return { name: definition.name, type: definition.type, value };
    }
    default:
      return {
        name: definition.name,
        type: ApplicationCommandOptionType.String,
        value,
      } as APIApplicationCommandInteractionDataOption;
  }
}
