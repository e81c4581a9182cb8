import {
  type APIEmbed,
  type ChatInputCommandInteraction,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { nameList } from '../corpus/names.js';
import type { LibraryDocument, PassageKind } from '../corpus/types.js';
import { DISCORD_LIMITS } from '../discord/limits.js';
import { escapeText, fitEmbed, truncate } from '../discord/markdown.js';
import { NO_MENTIONS } from '../discord/mentions.js';
import { counted } from '../text/index.js';
import type { SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('library')
  .setDescription('The documents in the library, with their authors, parts and passage counts')
  .addBooleanOption((option) => option.setName('hide').setDescription('Only you see the list'));

const help = {
  description: 'List the documents: authors, year, parts and passage counts.',
  example: '/library',
};

/** How a part is named; a document has one abstract and one keyword list, so those go uncounted. */
const PART_NAMES: Record<PassageKind, { one: string; counted: boolean }> = {
  paragraph: { one: 'paragraph', counted: true },
  abstract: { one: 'abstract', counted: false },
  keywords: { one: 'keyword list', counted: false },
  reference: { one: 'reference', counted: true },
};

export function describeParts(document: LibraryDocument): string {
  const counts = new Map<PassageKind, number>();
  for (const passage of document.passages) counts.set(passage.kind, (counts.get(passage.kind) ?? 0) + 1);
  return [...counts.entries()]
    .map(([kind, count]) => {
      const part = PART_NAMES[kind];
      return part.counted ? counted(count, part.one) : part.one;
    })
    .join(', ');
}

/** A document's entry as /library lists it: title, authors, year and container, parts, coverage, link. */
export function libraryEntry(document: LibraryDocument, options: { authorNote?: boolean } = {}): string {
  const year = document.csl.issued?.['date-parts']?.[0]?.[0];
  const container =
    document.csl['container-title'] ?? document.csl['collection-title'] ?? document.csl.publisher;
  const lines = [
    `*${escapeText(document.csl.title ?? document.id)}*`,
    `${escapeText(nameList(document.csl.author))}${year ? `, ${year}` : ''}${container ? ` · ${escapeText(container)}` : ''}`,
  ];
  if (options.authorNote && document.authorNote)
    lines.push(`About the author: ${escapeText(document.authorNote)}`);
  lines.push(
    `Parts: ${describeParts(document)} (${counted(document.passages.length, 'passage')}) · id \`${document.id}\``,
  );
  if (!document.fullText && document.coverageNote) lines.push(`⚠️ ${escapeText(document.coverageNote)}`);
  if (document.csl.URL) lines.push(document.csl.URL);
  return truncate(lines.join('\n'), 1024);
}

/** Room for entries in one embed, leaving the rest of Discord's 6,000 characters for the title and the overflow list. */
const ENTRY_BUDGET = 4800;

/** As many whole entries as fit, and the rest named, so no entry is ever cut short or silently left out. */
export function libraryEmbed(context: Pick<AppContext, 'corpus'>): APIEmbed {
  const { documents } = context.corpus;
  const fields: Array<{ name: string; value: string }> = [];
  let used = 0;
  for (const document of documents) {
    const field = { name: truncate(escapeText(document.shortTitle), 256), value: libraryEntry(document) };
    const size = field.name.length + field.value.length;
    if (fields.length === DISCORD_LIMITS.embedFieldCount - 1 || used + size > ENTRY_BUDGET) break;
    fields.push(field);
    used += size;
  }
  const rest = documents.slice(fields.length);
  return fitEmbed({
    title: `The library: ${counted(documents.length, 'document')}`,
    color: 0x5865f2,
    fields,
    ...(rest.length > 0
      ? {
          description: truncate(
            `Also in the library: ${rest.map((document) => `${escapeText(document.shortTitle)} (\`${document.id}\`)`).join(', ')}.`,
            1000,
          ),
        }
      : {}),
  });
}

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const hide = interaction.options.getBoolean('hide') ?? false;
  await interaction.reply({
    embeds: [libraryEmbed(context)],
    allowedMentions: NO_MENTIONS,
    ...(hide ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

export const command = { kind: 'slash', data, help, execute } satisfies SlashCommand;
