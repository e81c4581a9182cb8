import type { APIEmbed } from 'discord.js';
import type { AppContext } from '../../app/context.js';
import { proseStyle, STYLE_LABELS } from '../../citations/index.js';
import { defaultStyle, formatReference } from '../../discord/citing.js';
import { escapeText, fitEmbed, truncate } from '../../discord/markdown.js';
import type { AddedReading, AddProgress } from '../../library/add.js';
import type { AddedDocument } from '../../library/index.js';
import { counted } from '../../text/index.js';
import { describeParts } from './list.js';

/** How /library add and /library edit show a reading: its reference, contents, and what is still missing. */

const FIELD_LABELS: Readonly<Record<string, string>> = {
  title: 'title',
  author: 'author',
  editor: 'editor',
  issued: 'year',
  type: 'type',
  'container-title': 'container',
  'collection-title': 'series',
  publisher: 'publisher',
  DOI: 'doi',
  URL: 'link',
};

const COLOR = 0x57f287;

/** The reading's reference in the server's style, as /cite prints it. */
export async function readingReference(context: AppContext, document: AddedDocument): Promise<string> {
  const style = proseStyle(await defaultStyle(context, document.origin.guildId));
  return `${formatReference(document.csl, style)}\n*${STYLE_LABELS[style]}*`;
}

function contents(document: AddedDocument): string {
  const pages = document.origin.pages;
  const unit = document.origin.format === 'epub' ? 'chapter' : 'page';
  return [
    `${describeParts(document)} (${counted(document.passages.length, 'passage')})`,
    pages === undefined ? '' : ` from ${counted(pages, unit)}`,
    ` · id \`${document.id}\``,
  ].join('');
}

function sourceLines(sources: AddedReading['sources']): string {
  return Object.entries(sources)
    .map(([field, source]) => `**${FIELD_LABELS[field] ?? escapeText(field)}**: ${escapeText(source ?? '')}`)
    .join('\n');
}

function missingLines(document: AddedDocument, missing: AddedReading['missing']): string {
  return missing
    .map(
      (field) =>
        `**${escapeText(field.label)}**: ${field.howToSet.replace('document: …', `document: ${document.id}`)}`,
    )
    .join('\n');
}

const field = (name: string, value: string) => ({ name, value: truncate(value, 1024) });

/** The private answer to /library add: everything the moderator needs to check and complete the entry. */
export async function addedEmbed(context: AppContext, added: AddedReading): Promise<APIEmbed> {
  const { document } = added;
  const notes = [...added.problems, ...added.warnings.map((warning) => warning.message)];
  return fitEmbed({
    title: truncate(`Added to this server’s library: ${escapeText(document.shortTitle)}`, 256),
    color: COLOR,
    description: truncate(await readingReference(context, document), 4000),
    fields: [
      field('Contents', contents(document)),
      ...(Object.keys(added.sources).length > 0
        ? [field('Where each field came from', sourceLines(added.sources))]
        : []),
      ...(added.missing.length > 0
        ? [field('Missing (nobody stated these; nothing was guessed)', missingLines(document, added.missing))]
        : []),
      ...(notes.length > 0 ? [field('Check', notes.map((note) => `• ${escapeText(note)}`).join('\n'))] : []),
    ],
  });
}

/** The server's notice of a new reading: what it is and how to find it, without the moderator's to-do list. */
export async function announcementEmbed(context: AppContext, document: AddedDocument): Promise<APIEmbed> {
  return fitEmbed({
    title: truncate(`New in the library: ${escapeText(document.shortTitle)}`, 256),
    color: COLOR,
    description: truncate(await readingReference(context, document), 4000),
    fields: [
      field('Contents', contents(document)),
      field('Added by', `<@${document.origin.addedBy}> · search it with /search, cite it with /cite`),
    ],
  });
}

/** The answer to /library edit: the reference as it now reads, and what is still missing. */
export async function editedEmbed(
  context: AppContext,
  document: AddedDocument,
  changed: readonly string[],
  problems: readonly string[],
): Promise<APIEmbed> {
  return fitEmbed({
    title: truncate(`Updated: ${escapeText(document.shortTitle)}`, 256),
    color: COLOR,
    description: truncate(await readingReference(context, document), 4000),
    fields: [
      field('Changed', changed.length > 0 ? changed.join(', ') : 'nothing'),
      field('Contents', contents(document)),
      ...(problems.length > 0
        ? [field('Not changed', problems.map((problem) => `• ${escapeText(problem)}`).join('\n'))]
        : []),
    ],
  });
}

/** What the deferred reply says while a long file is read. */
export function progressText(progress: AddProgress): string {
  switch (progress.stage) {
    case 'downloading':
      if (progress.receivedMb === undefined || progress.receivedMb === 0) return 'Downloading the file…';
      return progress.totalMb === undefined
        ? `Downloading the file: ${progress.receivedMb} MB…`
        : `Downloading the file: ${progress.receivedMb} of ${progress.totalMb} MB…`;
    case 'looking-up-doi':
      return 'Looking up the DOI…';
    case 'reading':
      return `Reading ${progress.unit} ${progress.page} of ${progress.pages}…`;
  }
}
