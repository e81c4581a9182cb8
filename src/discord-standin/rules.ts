/**
 * Discord's rules on what a bot sends, checked the way Discord checks them, so tests fail where Discord
 * would answer 400. Each check returns the problems it found, as "path: message".
 */

const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedsTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

type Json = Record<string, unknown>;

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * Every string in a payload that holds an unpaired surrogate. JSON can carry one (as an escape) but it is not
 * Unicode, and Discord refuses the request with 400 rather than store it.
 */
export function checkWellFormed(value: unknown, path = ''): string[] {
  if (typeof value === 'string') {
    return value.isWellFormed() ? [] : [`${path || 'body'}: contains an unpaired surrogate (invalid UTF-16)`];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => checkWellFormed(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      checkWellFormed(item, path ? `${path}.${key}` : key),
    );
  }
  return [];
}

export function checkMessage(
  body: Json,
  options: { requireContent?: boolean; attachments?: number } = {},
): string[] {
  const problems: string[] = checkWellFormed(body);
  const content = text(body.content);
  if (content.length > LIMITS.content)
    problems.push(`content: must be 2000 or fewer in length (${content.length})`);
  const embeds = Array.isArray(body.embeds) ? (body.embeds as Json[]) : [];
  if (embeds.length > LIMITS.embeds) problems.push(`embeds: must be 10 or fewer in length`);
  let total = 0;
  embeds.forEach((embed, index) => {
    const title = text(embed.title);
    const description = text(embed.description);
    const footer = text((embed.footer as Json | undefined)?.text);
    const author = text((embed.author as Json | undefined)?.name);
    if (title.length > LIMITS.embedTitle)
      problems.push(`embeds[${index}].title: must be 256 or fewer in length`);
    if (description.length > LIMITS.embedDescription) {
      problems.push(`embeds[${index}].description: must be 4096 or fewer in length (${description.length})`);
    }
    if (footer.length > LIMITS.footer)
      problems.push(`embeds[${index}].footer.text: must be 2048 or fewer in length`);
    if (author.length > LIMITS.author)
      problems.push(`embeds[${index}].author.name: must be 256 or fewer in length`);
    const fields = Array.isArray(embed.fields) ? (embed.fields as Json[]) : [];
    if (fields.length > LIMITS.fields)
      problems.push(`embeds[${index}].fields: must be 25 or fewer in length`);
    total += title.length + description.length + footer.length + author.length;
    fields.forEach((field, fieldIndex) => {
      const name = text(field.name);
      const value = text(field.value);
      if (name.length === 0 || name.length > LIMITS.fieldName) {
        problems.push(`embeds[${index}].fields[${fieldIndex}].name: must be between 1 and 256 in length`);
      }
      if (value.length === 0 || value.length > LIMITS.fieldValue) {
        problems.push(
          `embeds[${index}].fields[${fieldIndex}].value: must be between 1 and 1024 in length (${value.length})`,
        );
      }
      total += name.length + value.length;
    });
  });
  if (total > LIMITS.embedsTotal) problems.push(`embeds: embed size exceeds maximum size of 6000 (${total})`);
  problems.push(...checkComponents(body.components));
  const hasSomething =
    content.length > 0 ||
    embeds.length > 0 ||
    (Array.isArray(body.components) && body.components.length > 0) ||
    (options.attachments ?? 0) > 0 ||
    (Array.isArray(body.attachments) && body.attachments.length > 0);
  if (options.requireContent && !hasSomething) problems.push('message: Cannot send an empty message');
  return problems;
}

function checkComponents(components: unknown): string[] {
  if (components === undefined) return [];
  if (!Array.isArray(components)) return ['components: must be an array'];
  const problems: string[] = [];
  if (components.length > LIMITS.rows) problems.push('components: must be 5 or fewer in length');
  const customIds = new Set<string>();
  components.forEach((row: Json, rowIndex) => {
    const children = Array.isArray(row.components) ? (row.components as Json[]) : [];
    if (row.type !== 1) problems.push(`components[${rowIndex}].type: must be an action row`);
    if (children.length === 0 || children.length > LIMITS.buttonsPerRow) {
      problems.push(`components[${rowIndex}].components: must be between 1 and 5 in length`);
    }
    children.forEach((child, childIndex) => {
      const path = `components[${rowIndex}].components[${childIndex}]`;
      const customId = text(child.custom_id);
      if (child.style !== 5 && (customId.length === 0 || customId.length > LIMITS.customId)) {
        problems.push(`${path}.custom_id: must be between 1 and 100 in length`);
      }
      if (customId && customIds.has(customId))
        problems.push(`${path}.custom_id: duplicate custom id ${customId}`);
      customIds.add(customId);
      if (text(child.label).length > LIMITS.buttonLabel)
        problems.push(`${path}.label: must be 80 or fewer in length`);
    });
  });
  return problems;
}

export function checkChoices(body: Json): string[] {
  const choices = Array.isArray(body.choices) ? (body.choices as Json[]) : [];
  const problems: string[] = checkWellFormed(body);
  if (choices.length > LIMITS.choices)
    problems.push(`choices: must be 25 or fewer in length (${choices.length})`);
  choices.forEach((choice, index) => {
    const name = text(choice.name);
    if (name.length < 1 || name.length > LIMITS.choiceName) {
      problems.push(`choices[${index}].name: must be between 1 and 100 in length`);
    }
    if (typeof choice.value === 'string' && choice.value.length > LIMITS.choiceValue) {
      problems.push(`choices[${index}].value: must be 100 or fewer in length`);
    }
  });
  return problems;
}

const CHAT_INPUT_NAME = /^[-_\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Validates command definitions as Discord does on a bulk overwrite. */
export function checkCommands(definitions: unknown): string[] {
  if (!Array.isArray(definitions)) return ['body: must be an array of commands'];
  const problems: string[] = [];
  const seen = new Set<string>();
  definitions.forEach((definition: Json, index) => {
    const path = `${index}`;
    const type = (definition.type as number | undefined) ?? 1;
    const name = text(definition.name);
    if (seen.has(`${type}:${name}`)) problems.push(`${path}.name: duplicate command name ${name}`);
    seen.add(`${type}:${name}`);
    if (type === 1) {
      if (!CHAT_INPUT_NAME.test(name))
        problems.push(`${path}.name: invalid chat input command name "${name}"`);
      const description = text(definition.description);
      if (description.length < 1 || description.length > 100) {
        problems.push(`${path}.description: must be between 1 and 100 in length`);
      }
      problems.push(...checkOptions(definition.options, `${path}.options`, 0));
    } else {
      if (name.length < 1 || name.length > 32)
        problems.push(`${path}.name: must be between 1 and 32 in length`);
      if (text(definition.description) !== '')
        problems.push(`${path}.description: context menu commands have none`);
      if (definition.options !== undefined && (definition.options as unknown[]).length > 0) {
        problems.push(`${path}.options: context menu commands take no options`);
      }
    }
  });
  return problems;
}

function checkOptions(options: unknown, path: string, depth: number): string[] {
  if (options === undefined) return [];
  if (!Array.isArray(options)) return [`${path}: must be an array`];
  const problems: string[] = [];
  if (options.length > 25) problems.push(`${path}: must be 25 or fewer in length`);
  let optionalSeen = false;
  const names = new Set<string>();
  options.forEach((option: Json, index) => {
    const at = `${path}.${index}`;
    const name = text(option.name);
    if (!CHAT_INPUT_NAME.test(name)) problems.push(`${at}.name: invalid option name "${name}"`);
    if (names.has(name)) problems.push(`${at}.name: duplicate option name`);
    names.add(name);
    const description = text(option.description);
    if (description.length < 1 || description.length > 100)
      problems.push(`${at}.description: must be between 1 and 100 in length`);
    const type = option.type as number;
    if (type === 1 || type === 2) {
      if (depth >= (type === 2 ? 1 : 2)) problems.push(`${at}: subcommands nested too deeply`);
      problems.push(...checkOptions(option.options, `${at}.options`, depth + 1));
      return;
    }
    if (option.required) {
      if (optionalSeen)
        problems.push(`${at}.required: required options must be placed before non-required options`);
    } else optionalSeen = true;
    const choices = Array.isArray(option.choices) ? option.choices : [];
    if (choices.length > 25) problems.push(`${at}.choices: must be 25 or fewer in length`);
    if (option.autocomplete && choices.length > 0)
      problems.push(`${at}.autocomplete: cannot be combined with choices`);
  });
  return problems;
}
