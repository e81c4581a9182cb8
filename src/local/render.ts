import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';
import { DateTime } from 'luxon';

export interface RenderableMessage {
  content?: string | null;
  embeds?: APIEmbed[];
  components?: Array<APIActionRowComponent<APIComponentInMessageActionRow>>;
  attachments?: Array<{ filename: string; size?: number }>;
  flags?: number;
}

/** Something a person can use by typing its number: a button, or one option of a select menu. */
export type RenderedControl =
  | { kind: 'button'; number: number; customId: string; label: string; disabled: boolean }
  | {
      kind: 'option';
      number: number;
      customId: string;
      /** The menu's placeholder, e.g. "Switch style". */
      menu: string;
      label: string;
      value: string;
      disabled: boolean;
    };

/** Who and what ids stand for, so that mentions read as Discord shows them. */
export interface NameLookup {
  user(id: string): string | undefined;
  role(id: string): string | undefined;
  channel(id: string): string | undefined;
}

export interface RenderOptions {
  color?: boolean;
  firstNumber?: number;
  names?: NameLookup;
  /** IANA zone for `<t:…>` timestamps; the machine's own zone when absent, as a Discord client would. */
  timeZone?: string;
  /** The moment relative timestamps are measured from. */
  now?: Date;
}

const EPHEMERAL = 1 << 6;
const BUTTON = 2;
const STRING_SELECT = 3;

const NO_NAMES: NameLookup = { user: () => undefined, role: () => undefined, channel: () => undefined };

/**
 * Discord's own syntax as its client shows it: `<@id>` as @name, `<@&id>` as @role, `<#id>` as #channel,
 * `<t:seconds:style>` as a date in the reader's time zone. Mentions that Lectern defused on purpose (a
 * zero-width space after `<@`) stay literal, as they do in Discord.
 */
export function renderDiscordSyntax(text: string, options: RenderOptions = {}): string {
  const names = options.names ?? NO_NAMES;
  return text
    .replace(/<@!?(\d+)>/g, (_, id: string) => `@${names.user(id) ?? 'unknown-user'}`)
    .replace(/<@&(\d+)>/g, (_, id: string) => `@${names.role(id) ?? 'deleted-role'}`)
    .replace(/<#(\d+)>/g, (_, id: string) => `#${names.channel(id) ?? 'unknown-channel'}`)
    .replace(/<t:(-?\d+)(?::([tTdDfFR]))?>/g, (_, seconds: string, style: string | undefined) =>
      formatTimestamp(Number(seconds), style ?? 'f', options),
    );
}

/** The formats of Discord's timestamp styles, in English as the stand-in's locale is en-US. */
function formatTimestamp(seconds: number, style: string, options: RenderOptions): string {
  const zone = options.timeZone ?? DateTime.local().zoneName ?? 'UTC';
  const time = DateTime.fromSeconds(seconds, { zone, locale: 'en-US' });
  switch (style) {
    case 't':
      return time.toLocaleString(DateTime.TIME_SIMPLE);
    case 'T':
      return time.toLocaleString(DateTime.TIME_WITH_SECONDS);
    case 'd':
      return time.toLocaleString(DateTime.DATE_SHORT);
    case 'D':
      return time.toLocaleString(DateTime.DATE_FULL);
    case 'F':
      return time.toLocaleString(DateTime.DATETIME_HUGE);
    case 'R': {
      const base = DateTime.fromJSDate(options.now ?? new Date(), { zone });
      return time.toRelative({ base, locale: 'en-US' }) ?? time.toISO() ?? String(seconds);
    }
    default:
      return time.toLocaleString(DateTime.DATETIME_FULL);
  }
}

/** Discord markdown, made readable in a terminal: bold stays visible as bold, escapes disappear. */
export function markdownToTerminal(text: string, color: boolean, options: RenderOptions = {}): string {
  const bold = color
    ? (inner: string) => `\x1b[1m${inner}\x1b[22m`
    : (inner: string) => (inner.toUpperCase() === inner ? inner : `*${inner}*`);
  return renderDiscordSyntax(text, options)
    .replace(/\*\*(.+?)\*\*/gs, (_, inner: string) => bold(inner))
    .replace(/\\([*_`~|>#\-[\]()])/g, '$1')
    .replace(/\u200b/g, '');
}

/** "2.1 KB", as Discord labels an attachment. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Renders a message as plain text lines. Buttons and select-menu options are numbered in one sequence so a
 * person can use any of them by typing its number; attachments are numbered separately for `save`.
 */
export function renderMessage(
  message: RenderableMessage,
  options: RenderOptions = {},
): { text: string; controls: RenderedControl[] } {
  const color = options.color ?? false;
  const dim = (text: string) => (color ? `\x1b[2m${text}\x1b[22m` : text);
  const inline = (text: string) => markdownToTerminal(text, color, options);
  const lines: string[] = [];
  if ((message.flags ?? 0) & EPHEMERAL) lines.push(dim('(only you can see this)'));
  if (message.content) lines.push(inline(message.content));
  for (const embed of message.embeds ?? []) {
    if (embed.title) {
      const title = markdownToTerminal(embed.title, false, options);
      lines.push(color ? `\x1b[1;36m${title}\x1b[0m` : `== ${title} ==`);
    }
    if (embed.description) lines.push(inline(embed.description));
    for (const field of embed.fields ?? []) {
      const name = markdownToTerminal(field.name, false, options);
      lines.push('', color ? `\x1b[1m${name}\x1b[22m` : `-- ${name}`);
      lines.push(inline(field.value));
    }
    if (embed.footer?.text) lines.push('', dim(renderDiscordSyntax(embed.footer.text, options)));
  }
  (message.attachments ?? []).forEach((attachment, index) => {
    const size = attachment.size === undefined ? '' : `, ${formatSize(attachment.size)}`;
    lines.push(dim(`📎 [file ${index + 1}] ${attachment.filename}${size}`));
  });
  const controls: RenderedControl[] = [];
  let number = options.firstNumber ?? 1;
  for (const row of message.components ?? []) {
    const parts: string[] = [];
    for (const component of row.components) {
      if (component.type === BUTTON && 'custom_id' in component) {
        const label = component.label ?? component.custom_id;
        const disabled = component.disabled ?? false;
        controls.push({ kind: 'button', number, customId: component.custom_id, label, disabled });
        parts.push(disabled ? dim(`[${number}] ${label}`) : `[${number}] ${label}`);
        number++;
      } else if (component.type === STRING_SELECT) {
        const menu = component.placeholder ?? 'Choose';
        const disabled = component.disabled ?? false;
        const choices = component.options.map((option) => {
          controls.push({
            kind: 'option',
            number,
            customId: component.custom_id,
            menu,
            label: option.label,
            value: option.value,
            disabled,
          });
          const text = `[${number}] ${option.label}${option.default ? ' ✓' : ''}`;
          number++;
          return disabled ? dim(text) : text;
        });
        parts.push(`${menu} ▾  ${choices.join('  ')}`);
      }
    }
    if (parts.length > 0) lines.push(parts.join('  '));
  }
  return { text: lines.join('\n'), controls };
}
