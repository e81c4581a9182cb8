import {
  type APIEmbed,
  type ChatInputCommandInteraction,
  MessageFlags,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { nameList } from '../../corpus/names.js';
import type { DocumentOrigin, LibraryDocument, PassageKind } from '../../corpus/types.js';
import { DISCORD_LIMITS } from '../../discord/limits.js';
import { escapeText, fitEmbed, markdownUrl, truncate } from '../../discord/markdown.js';
import { NO_MENTIONS } from '../../discord/mentions.js';
import { counted } from '../../text/index.js';
import { discordTime } from '../session/render.js';

export function listSubcommand(sub: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return sub
    .setName('list')
    .setDescription('The documents: the shared library and this server’s own readings, with parts and counts')
    .addBooleanOption((option) => option.setName('hide').setDescription('Only you see the list'));
}

/** Whether a document is one this server added; the others are the shared library everyone sees. */
export function isOwnReading(document: LibraryDocument, guildId: string | null): boolean {
  return guildId !== null && document.origin?.guildId === guildId;
}

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

const FORMAT_NAMES: Record<DocumentOrigin['format'], string> = {
  pdf: 'a PDF',
  docx: 'a Word file',
  epub: 'an EPUB',
  html: 'a web page',
  markdown: 'a Markdown file',
  text: 'a text file',
};

/** When and from what a server's reading was added: "Added 1 December 2026 from a PDF (3 pages)". */
function originLine(origin: DocumentOrigin): string {
  const unit = origin.format === 'epub' ? 'chapter' : 'page';
  const pages = origin.pages === undefined ? '' : ` (${counted(origin.pages, unit)})`;
  return `Added ${discordTime(new Date(origin.addedAt), 'D')} from ${FORMAT_NAMES[origin.format]}${pages}`;
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
  if (document.origin) lines.push(originLine(document.origin));
  const url = document.csl.URL ? markdownUrl(document.csl.URL) : undefined;
  if (url) lines.push(url);
  return truncate(lines.join('\n'), 1024);
}

/** Room for entries in one embed, leaving the rest of Discord's 6,000 characters for the title and the overflow list. */
const ENTRY_BUDGET = 4800;

function entryName(document: LibraryDocument, guildId: string | null): string {
  const name = truncate(escapeText(document.shortTitle), 200);
  return isOwnReading(document, guildId) ? `${name} · added here` : name;
}

/**
 * As many whole entries as fit, and the rest named, so no entry is ever cut short or silently left out.
 * With `guildId`, the server's own readings are marked and counted apart from the shared library.
 */
export function libraryEmbed(context: Pick<AppContext, 'corpus'>, guildId: string | null = null): APIEmbed {
  // The server's own readings first: they are this term's readings, the shared ones the standing library.
  const documents = [
    ...context.corpus.documents.filter((document) => isOwnReading(document, guildId)),
    ...context.corpus.documents.filter((document) => !isOwnReading(document, guildId)),
  ];
  if (documents.length === 0) {
    return {
      title: 'The library is empty',
      color: 0x5865f2,
      description:
        'Moderators add readings with /library add: a PDF, EPUB, Word or text file, or a web page (`url:`).',
    };
  }
  const own = documents.filter((document) => isOwnReading(document, guildId)).length;
  const fields: Array<{ name: string; value: string }> = [];
  let used = 0;
  for (const document of documents) {
    const field = { name: entryName(document, guildId), value: libraryEntry(document) };
    const size = field.name.length + field.value.length;
    if (fields.length === DISCORD_LIMITS.embedFieldCount - 1 || used + size > ENTRY_BUDGET) break;
    fields.push(field);
    used += size;
  }
  const rest = documents.slice(fields.length);
  return fitEmbed({
    title: `The library: ${counted(documents.length, 'document')}${own > 0 ? ` (${own} added here, ${documents.length - own} shared)` : ''}`,
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

export async function list(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const hide = interaction.options.getBoolean('hide') ?? false;
  await interaction.reply({
    embeds: [libraryEmbed(context, interaction.guildId)],
    allowedMentions: NO_MENTIONS,
    ...(hide ? { flags: MessageFlags.Ephemeral } : {}),
  });
}
