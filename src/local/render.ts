import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from 'discord.js';

export interface RenderableMessage {
  content?: string | null;
  embeds?: APIEmbed[];
  components?: Array<APIActionRowComponent<APIComponentInMessageActionRow>>;
  attachments?: Array<{ filename: string; size?: number }>;
  flags?: number;
}

export interface RenderedButton {
  number: number;
  customId: string;
  label: string;
  disabled: boolean;
}

const EPHEMERAL = 1 << 6;

/** Discord markdown, made readable in a terminal: bold stays visible as bold, escapes disappear. */
export function markdownToTerminal(text: string, color: boolean): string {
  const bold = color
    ? (inner: string) => `\x1b[1m${inner}\x1b[22m`
    : (inner: string) => (inner.toUpperCase() === inner ? inner : `*${inner}*`);
  return text
    .replace(/\*\*(.+?)\*\*/gs, (_, inner: string) => bold(inner))
    .replace(/\\([*_`~|>#\-[\]()])/g, '$1')
    .replace(/\u200b/g, '');
}

/** Renders a message as plain text lines, numbering its buttons so a person can press one by number. */
export function renderMessage(
  message: RenderableMessage,
  options: { color?: boolean; firstButtonNumber?: number } = {},
): { text: string; buttons: RenderedButton[] } {
  const color = options.color ?? false;
  const dim = (text: string) => (color ? `\x1b[2m${text}\x1b[22m` : text);
  const lines: string[] = [];
  if ((message.flags ?? 0) & EPHEMERAL) lines.push(dim('(only you can see this)'));
  if (message.content) lines.push(markdownToTerminal(message.content, color));
  for (const embed of message.embeds ?? []) {
    if (embed.title) lines.push(color ? `\x1b[1;36m${embed.title}\x1b[0m` : `== ${embed.title} ==`);
    if (embed.description) lines.push(markdownToTerminal(embed.description, color));
    for (const field of embed.fields ?? []) {
      lines.push('', color ? `\x1b[1m${markdownToTerminal(field.name, false)}\x1b[22m` : `-- ${field.name}`);
      lines.push(markdownToTerminal(field.value, color));
    }
    if (embed.footer?.text) lines.push('', dim(embed.footer.text));
  }
  for (const attachment of message.attachments ?? []) lines.push(dim(`📎 ${attachment.filename}`));
  const buttons: RenderedButton[] = [];
  let number = options.firstButtonNumber ?? 1;
  for (const row of message.components ?? []) {
    const labels: string[] = [];
    for (const component of row.components) {
      if (component.type !== 2 || !('custom_id' in component)) continue;
      const label = component.label ?? component.custom_id;
      buttons.push({ number, customId: component.custom_id, label, disabled: component.disabled ?? false });
      labels.push(component.disabled ? dim(`[${number}] ${label}`) : `[${number}] ${label}`);
      number++;
    }
    if (labels.length > 0) lines.push(labels.join('  '));
  }
  return { text: lines.join('\n'), buttons };
}
