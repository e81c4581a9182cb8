import {
  type APIEmbed,
  AttachmentBuilder,
  type ChatInputCommandInteraction,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import {
  EXPORT_FORMATS,
  proseStyle,
  STYLE_CHOICES,
  STYLE_LABELS,
  type StyleChoice,
} from '../citations/index.js';
import { personName } from '../corpus/names.js';
import type { LibraryDocument, ReferenceEntry } from '../corpus/types.js';
import { defaultStyle, exportItems, formatReference } from '../discord/citing.js';
import { actionRow, ButtonStyle, button, type EncodedRow } from '../discord/components.js';
import { commandIds, field } from '../discord/custom-id.js';
import { escapeText, fitEmbed, truncate } from '../discord/markdown.js';
import { NO_MENTIONS } from '../discord/mentions.js';
import { choiceOption } from '../discord/options.js';
import { requestStore } from '../discord/request-store.js';
import { UserError } from '../errors.js';
import { andList, counted, indexTerms } from '../text/index.js';
import { pageButtons, pageOf } from './shared/paging.js';
import type { SlashCommand } from './types.js';

const PAGE_SIZE = 5;
const STYLES = STYLE_CHOICES;

export interface ReferencesRequest {
  query: string;
  author: string;
  year?: number | undefined;
  style: StyleChoice;
}

/** Custom ids hold too little for the filters, so the buttons carry a key into this store instead. */
const referenceRequests = requestStore<ReferencesRequest>(
  'references',
  z.object({
    query: z.string(),
    author: z.string(),
    year: z.number().optional(),
    style: z.enum(STYLE_CHOICES),
  }),
);

const referencesIds = commandIds('references', 'This button no longer works. Run /references again.');
const pageButtonId = referencesIds.action('page', { key: field.text(16), page: field.int(-1, 99) });
const exportButtonId = referencesIds.action('export', {
  key: field.text(16),
  format: field.oneOf(EXPORT_FORMATS),
});

const data = new SlashCommandBuilder()
  .setName('references')
  .setDescription('Search and filter the works the readings cite, formatted in your style')
  .addStringOption((option) =>
    option.setName('query').setDescription('Words in the title or journal/book').setMaxLength(200),
  )
  .addStringOption((option) =>
    option.setName('author').setDescription('An author’s or editor’s name').setMaxLength(100),
  )
  .addIntegerOption((option) =>
    option.setName('year').setDescription('Year of publication').setMinValue(1000).setMaxValue(2999),
  )
  .addStringOption((option) =>
    option
      .setName('style')
      .setDescription('Citation style (default: the server’s, else APA)')
      .addChoices(...STYLES.map((style) => ({ name: STYLE_LABELS[style], value: style }))),
  )
  .addBooleanOption((option) => option.setName('hide').setDescription('Only you see the list'));

const help = {
  description:
    'Search the works the readings cite by words, author or year; page through them and export .bib/.ris.',
  example: '/references query: sunshine style: chicago',
};

interface Match {
  document: LibraryDocument;
  entry: ReferenceEntry;
}

const personNames = (entry: ReferenceEntry) =>
  [...(entry.csl.author ?? []), ...(entry.csl.editor ?? [])].map((name) => personName(name).toLowerCase());

export function findReferences(
  context: AppContext,
  request: Pick<ReferencesRequest, 'query' | 'author' | 'year'>,
): Match[] {
  const wanted = indexTerms(request.query);
  const author = request.author.trim().toLowerCase();
  return context.corpus.documents.flatMap((document) =>
    document.references
      .filter((entry) => {
        if (request.year !== undefined && entry.csl.issued?.['date-parts']?.[0]?.[0] !== request.year)
          return false;
        if (author && !personNames(entry).some((name) => name.includes(author))) return false;
        if (wanted.length === 0) return true;
        const terms = new Set(
          indexTerms(
            `${entry.csl.title ?? ''} ${entry.csl['container-title'] ?? ''} ${entry.csl['collection-title'] ?? ''}`,
          ),
        );
        return wanted.every((term) => terms.has(term));
      })
      .map((entry) => ({ document, entry })),
  );
}

/** The readings that print a reference list, named the way replies name them ("Jung (2013)"). */
function citingDocumentsLabel(context: AppContext): string | undefined {
  const citing = context.corpus.documents.filter((document) => document.references.length > 0);
  if (citing.length === 0) return undefined;
  if (citing.length > 3) return counted(citing.length, 'reading');
  return andList(citing.map((document) => document.shortTitle));
}

function describeFilters(request: ReferencesRequest): string {
  const parts = [
    request.query ? `“${request.query}”` : '',
    request.author ? `author ${request.author}` : '',
    request.year !== undefined ? `${request.year}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'all entries';
}

export function renderReferencesPage(
  context: AppContext,
  request: ReferencesRequest,
  key: string,
  page: number,
): { embeds: APIEmbed[]; components: EncodedRow[] } {
  const citedBy = citingDocumentsLabel(context);
  if (!citedBy) {
    return {
      embeds: [
        fitEmbed({
          title: 'References',
          description:
            'No reading in the library prints a reference list, so there are no cited works to search.',
        }),
      ],
      components: [],
    };
  }
  const matches = findReferences(context, request);
  const title = truncate(`Works cited by ${citedBy}: ${describeFilters(request)}`, 256);
  if (matches.length === 0) {
    return {
      embeds: [
        fitEmbed({
          title: escapeText(title),
          description: `No work cited by ${escapeText(citedBy)} matches. Try fewer words, another spelling of the name, or no year.`,
        }),
      ],
      components: [],
    };
  }
  const shownPage = pageOf(matches, page, PAGE_SIZE);
  const shown = shownPage.items;
  const lines = shown.map(({ document, entry }) => {
    const formatted =
      request.style === 'bibtex' || request.style === 'ris'
        ? `\`\`\`\n${truncate(exportItems([entry.csl], request.style).replaceAll('```', "'''"), 600)}\n\`\`\``
        : formatReference(entry.csl, proseStyle(request.style));
    const mark = entry.problems.length > 0 ? ' ⚠️' : '';
    return `**${escapeText(document.shortTitle)}, ref. ${entry.number}**${mark}\n${formatted}`;
  });
  const flagged = shown.filter(({ entry }) => entry.problems.length > 0);
  if (flagged.length > 0) {
    lines.push('-# ⚠️ The source prints this entry oddly; it is shown as printed.');
    // The reader can do nothing about a misprinted entry; whoever runs the bot can look into it.
    context.logger.debug(
      { command: 'references', entries: flagged.map(({ entry }) => entry.csl.id) },
      'showed reference entries the parser could not fully read (the validate-data script lists why)',
    );
  }
  const row = actionRow([
    ...pageButtons((target) => pageButtonId.encode({ key, page: target }), shownPage).map((each) =>
      each.toJSON(),
    ),
    button(
      exportButtonId.encode({ key, format: 'bibtex' }),
      `Export ${matches.length} as .bib`,
      ButtonStyle.Secondary,
    ),
    button(
      exportButtonId.encode({ key, format: 'ris' }),
      `Export ${matches.length} as .ris`,
      ButtonStyle.Secondary,
    ),
  ]);
  return {
    embeds: [
      fitEmbed({
        title: escapeText(title),
        description: lines.join('\n\n'),
        footer: {
          text: `Page ${shownPage.index + 1} of ${shownPage.count} · ${counted(matches.length, 'work')} · ${STYLE_LABELS[request.style]}`,
        },
        color: 0x5865f2,
      }),
    ],
    components: [row],
  };
}

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const request: ReferencesRequest = {
    query: (interaction.options.getString('query') ?? '').trim(),
    author: (interaction.options.getString('author') ?? '').trim(),
    year: interaction.options.getInteger('year') ?? undefined,
    style: choiceOption(interaction, 'style', STYLES) ?? (await defaultStyle(context, interaction.guildId)),
  };
  const key = await referenceRequests(context).put(request);
  await interaction.reply({
    ...renderReferencesPage(context, request, key, 0),
    allowedMentions: NO_MENTIONS,
    ...((interaction.options.getBoolean('hide') ?? false) ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

async function storedRequest(context: AppContext, key: string): Promise<ReferencesRequest> {
  const request = await referenceRequests(context).get(key);
  if (!request) throw new UserError('This list has expired. Run /references again.', 'stale');
  return request;
}

const turnPage = pageButtonId.button(
  async (interaction, { key, page }, context) => {
    await interaction.update({
      ...renderReferencesPage(context, await storedRequest(context, key), key, page),
      allowedMentions: NO_MENTIONS,
    });
  },
  { preconditions: ['invoker'] },
);

const exportList = exportButtonId.button(async (interaction, { key, format }, context) => {
  const items = findReferences(context, await storedRequest(context, key)).map(({ entry }) => entry.csl);
  const extension = format === 'bibtex' ? 'bib' : 'ris';
  await interaction.reply({
    content: `${counted(items.length, 'work')} as ${STYLE_LABELS[format]}.`,
    files: [
      new AttachmentBuilder(Buffer.from(`${exportItems(items, format)}\n`, 'utf8'), {
        name: `references.${extension}`,
      }),
    ],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
});

export const command = {
  kind: 'slash',
  data,
  help,
  refusals: { invoker: 'Only the person who ran this list can turn its pages.' },
  execute,
  components: [turnPage, exportList],
} satisfies SlashCommand;
