import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { nearestName } from '../text/nearest.js';

export interface ParsedCommand {
  name: string;
  options: APIApplicationCommandInteractionDataOption[];
}

export class CommandLineError extends Error {
  override name = 'CommandLineError';
}

/** Turns what a person typed for a user, role or channel option (a name, with or without @ or #) into its id. */
export interface MentionResolver {
  user(name: string): string | undefined;
  role(name: string): string | undefined;
  channel(name: string): string | undefined;
}

/**
 * Turns what a person typed for an attachment option (a path on this computer) into the id of the file as
 * uploaded; throws a CommandLineError a person can act on when there is no such file or it cannot be sent.
 */
export interface AttachmentResolver {
  attach(path: string, optionName: string): string;
}

/** `name:` at the start of the line or after a space, outside double quotes: where an option begins. */
const OPTION_START = /(?:^|\s)([a-z0-9_-]{1,32}):(?=\s|$)/g;

/** Spans of text inside double quotes, where `word:` is part of a value, not an option. */
function quotedSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const match of text.matchAll(/"[^"]*"/g)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

/** How a command's options read in help and in errors: `query: (required)`, `hide:`, `style: apa|mla`. */
export function describeOptions(options: readonly APIApplicationCommandOption[]): string {
  return options
    .map((option) => {
      const choices =
        'choices' in option && option.choices && option.choices.length > 0
          ? ` ${option.choices.map((choice) => choice.value).join('|')}`
          : '';
      const required = 'required' in option && option.required ? ' (required)' : '';
      return `${option.name}:${choices}${required}`;
    })
    .join('  ');
}

/**
 * Parses what a person types in the local terminal, the way Discord's client fills a command's options:
 * `/search query: military option document: park-2013 hide: true`, `/session start document: park-2013`.
 */
export function parseCommandLine(
  line: string,
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[],
  mentions?: MentionResolver,
  files?: AttachmentResolver,
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
    const guess = nearestName(`/${head.toLowerCase()}`, names);
    throw new CommandLineError(
      `Unknown command /${head}.${guess ? ` Did you mean ${guess}?` : ''} Try one of: ${names.join(' ')}`,
    );
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
  const commandPath = [`/${definition.name}`, ...path.map((level) => level.name)].join(' ');
  const values = parseOptionValues(
    rest,
    optionDefinitions as readonly APIApplicationCommandBasicOption[],
    commandPath,
    { mentions, files },
  );
  let options: APIApplicationCommandInteractionDataOption[] = values;
  for (const level of path.reverse()) {
    options = [{ name: level.name, type: level.type, options } as APIApplicationCommandInteractionDataOption];
  }
  return { name: definition.name, options };
}

function parseOptionValues(
  text: string,
  definitions: readonly APIApplicationCommandBasicOption[],
  commandPath: string,
  resolvers: Resolvers,
): APIApplicationCommandInteractionDataOption[] {
  const quoted = quotedSpans(text);
  const starts = [...text.matchAll(OPTION_START)].filter(
    (match) => !quoted.some(([from, to]) => match.index > from && match.index < to),
  );
  const known = definitions.map((definition) => definition.name);
  // Discord's client offers only the command's own options, so a name it lacks is a mistake, not text.
  for (const match of starts) {
    const name = match[1] ?? '';
    if (known.includes(name)) continue;
    const guess = nearestName(name, known);
    throw new CommandLineError(
      known.length === 0
        ? `${commandPath} takes no options, so "${name}:" is not one.`
        : `${commandPath} has no option "${name}:".${guess ? ` Did you mean "${guess}:"?` : ''} Its options: ${describeOptions(definitions)}`,
    );
  }
  const firstStart = starts[0]?.index ?? text.length;
  const leading = text.slice(0, firstStart).trim();
  const options: APIApplicationCommandInteractionDataOption[] = [];
  if (leading) {
    // Bare text before any option fills the first required option, as if its name had been typed.
    const first = definitions.find((definition) => definition.required) ?? definitions[0];
    if (!first) throw new CommandLineError(`${commandPath} takes no options.`);
    if (starts.some((match) => match[1] === first.name))
      throw new CommandLineError(
        `"${leading}" is not an option. Its options: ${describeOptions(definitions)}`,
      );
    options.push(toOption(first, leading, resolvers));
  }
  starts.forEach((match, index) => {
    const name = match[1] ?? '';
    const valueStart = match.index + match[0].length;
    const valueEnd = starts[index + 1]?.index ?? text.length;
    const definition = definitions.find((candidate) => candidate.name === name);
    if (!definition) return;
    if (options.some((option) => option.name === name))
      throw new CommandLineError(`"${name}:" is given twice.`);
    options.push(toOption(definition, text.slice(valueStart, valueEnd).trim(), resolvers));
  });
  for (const definition of definitions) {
    if (definition.required && !options.some((option) => option.name === definition.name)) {
      throw new CommandLineError(`Missing required option "${definition.name}:"`);
    }
  }
  return options;
}

interface Resolvers {
  mentions: MentionResolver | undefined;
  files: AttachmentResolver | undefined;
}

function toOption(
  definition: APIApplicationCommandBasicOption,
  raw: string,
  { mentions, files }: Resolvers,
): APIApplicationCommandInteractionDataOption {
  // A path may be in single quotes too, as a shell would take it.
  const value =
    definition.type === ApplicationCommandOptionType.Attachment
      ? raw.replace(/^"(.*)"$/s, '$1').replace(/^'(.*)'$/s, '$1')
      : raw.replace(/^"(.*)"$/s, '$1');
  if (value === '')
    throw new CommandLineError(`${definition.name}: give a value after "${definition.name}:"`);
  switch (definition.type) {
    case ApplicationCommandOptionType.Attachment: {
      if (!files) throw new CommandLineError(`${definition.name}: files cannot be attached here`);
      return { name: definition.name, type: definition.type, value: files.attach(value, definition.name) };
    }
    case ApplicationCommandOptionType.User:
    case ApplicationCommandOptionType.Role:
    case ApplicationCommandOptionType.Channel: {
      const kind =
        definition.type === ApplicationCommandOptionType.User
          ? 'user'
          : definition.type === ApplicationCommandOptionType.Role
            ? 'role'
            : 'channel';
      const name = value.replace(/^[@#]/, '');
      const id = /^\d{17,20}$/.test(name) ? name : mentions?.[kind](name);
      if (!id) throw new CommandLineError(`${definition.name}: no ${kind} called "${name}" here`);
      return { name: definition.name, type: definition.type, value: id };
    }
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
