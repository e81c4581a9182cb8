import {
  type APIEmbed,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import { z } from 'zod';
import type { AppContext } from '../app/context.js';
import { citePassageReply } from '../discord/citing.js';
import { actionRow, ButtonStyle, button } from '../discord/components.js';
import { commandIds, field } from '../discord/custom-id.js';
import { DISCORD_LIMITS } from '../discord/limits.js';
import { escapeText, fitEmbed, maskedLink, segmentsToMarkdown, truncate } from '../discord/markdown.js';
import { NO_MENTIONS } from '../discord/mentions.js';
import { requestStore } from '../discord/request-store.js';
import { UserError } from '../errors.js';
import { MAX_QUERY_CHARS, normalizeQuery, type SearchHit } from '../search/index.js';
import { andList, counted, type QueryScripts, queryScripts, readsAsEnglish } from '../text/index.js';
import { libraryEntry } from './library/list.js';
import { resolveDocumentOption } from './shared/documents.js';
import { pageButtons, pageOf } from './shared/paging.js';
import { respondWithQueryOrDocument } from './shared/queries.js';
import { requirePassageInScope, scopedSearchOptions, sessionSearchScope } from './shared/session-scope.js';
import type { SlashCommand } from './types.js';

export const PAGE_SIZE = 5;
const MAX_RESULTS = 25;

export interface SearchRequest {
  query: string;
  documentId: string | undefined;
  /** The reader set the `document` option (a session thread's default document is not their choice to drop). */
  documentChosen?: boolean;
  ephemeral: boolean;
  /** Limits results to passages a reading session has covered, when it forbids spoilers. */
  passageIds?: readonly string[];
}

/** Custom ids hold too little for a query, so Prev/Next carry a key into this store instead. */
const searchRequests = requestStore<SearchRequest>(
  'search',
  z
    .object({
      query: z.string(),
      documentId: z.string().optional(),
      documentChosen: z.boolean().optional(),
      ephemeral: z.boolean(),
      passageIds: z.array(z.string()).readonly().optional(),
    })
    // JSON drops an undefined documentId; the request always names the key.
    .transform((request) => ({ ...request, documentId: request.documentId })),
);

const searchIds = commandIds('search', 'This button no longer works. Run /search again.');
const citeButtonId = searchIds.action('cite', { passageId: field.text() });
const pageButtonId = searchIds.action('page', { key: field.text(16), page: field.int(-1, 99) });

const data = new SlashCommandBuilder()
  .setName('search')
  .setDescription('Find the passages in the readings that answer a question')
  .addStringOption((option) =>
    option
      .setName('query')
      .setDescription('Your question or keywords, e.g. "what should the Security Council do?"')
      .setRequired(true)
      .setMaxLength(MAX_QUERY_CHARS)
      .setAutocomplete(true),
  )
  .addStringOption((option) =>
    option.setName('document').setDescription('Only search this document').setAutocomplete(true),
  )
  .addBooleanOption((option) => option.setName('hide').setDescription('Only you see the results'));

const help = {
  description: 'Find the passages that answer a question, with locators; page through them and cite one.',
  example: '/search query: what should the UN Security Council do?',
};

/** Builds one page of results as a complete reply payload; used by /search, paging and "Find in readings". */
export async function renderSearchPage(
  context: AppContext,
  request: SearchRequest,
  /** The request's key in the paging store, asked for only when the reply has more than one page. */
  requestKey: () => Promise<string>,
  page: number,
): Promise<{ payload: InteractionReplyOptions & { embeds: APIEmbed[] }; hits: SearchHit[] }> {
  const title = `Search: ${truncate(request.query.replace(/\s+/g, ' ').trim(), 200)}`;
  const scripts = queryScripts(request.query);
  if (!readsAsEnglish(scripts)) {
    return {
      payload: { embeds: [otherScriptEmbed(context, request, title, scripts)], components: [] },
      hits: [],
    };
  }
  const hits = context.search.search(request.query, { ...scopedSearchOptions(request), limit: MAX_RESULTS });
  const scope = request.documentId ? context.corpus.getDocument(request.documentId)?.shortTitle : undefined;
  if (hits.length === 0) {
    return {
      payload: { embeds: [noResultsEmbed(context, request, title, scripts, scope)], components: [] },
      hits,
    };
  }
  const shownPage = pageOf(hits, page, PAGE_SIZE);
  const current = shownPage.index;
  const pageHits = shownPage.items;
  const notes: string[] = [];
  // "Park" or "Who is Jinho Park?" asks who wrote what: the library entry answers that before any passage.
  for (const document of context.search.authoredDocuments(request.query)) {
    if (request.documentId && document.id !== request.documentId) continue;
    notes.push(
      `**In the library: ${escapeText(document.shortTitle)}**\n${libraryEntry(document, { authorNote: true })}`,
    );
  }
  if (scope) notes.push(`Only in ${escapeText(scope)}.`);
  if (request.passageIds) notes.push('Only passages the reading session has covered so far.');
  const unsearched = unsearchedScriptNote(scripts);
  if (unsearched) notes.push(unsearched);
  for (const document of new Set(pageHits.map((hit) => hit.document))) {
    if (!document.fullText && document.coverageNote) {
      notes.push(`${escapeText(document.shortTitle)}: ${escapeText(document.coverageNote)}`);
    }
  }
  const embed: APIEmbed = {
    title: escapeText(title),
    color: 0x5865f2,
    ...(notes.length > 0 ? { description: notes.join('\n') } : {}),
    fields: pageHits.map((hit, index) => {
      const rank = current * PAGE_SIZE + index + 1;
      const link = hit.document.csl.URL
        ? `\n${maskedLink(`Source: ${hit.document.shortTitle}`, hit.document.csl.URL)}`
        : '';
      return {
        name: truncate(
          `${rank}. ${hit.document.shortTitle}, ${hit.passage.locator}`,
          DISCORD_LIMITS.embedFieldNameLength,
        ),
        value: `${truncate(segmentsToMarkdown(hit.segments), 900)}${link}`,
      };
    }),
    footer: {
      text: `Page ${current + 1} of ${shownPage.count} · ${counted(hits.length, 'passage')} · Bold words match your query`,
    },
  };
  const components = [
    actionRow(
      pageHits.map((hit, index) =>
        button(
          citeButtonId.encode({ passageId: hit.passage.id }),
          `Cite ${current * PAGE_SIZE + index + 1}`,
          ButtonStyle.Secondary,
        ),
      ),
    ),
  ];
  if (shownPage.count > 1) {
    const key = await requestKey();
    const paging = pageButtons((page) => pageButtonId.encode({ key, page }), shownPage);
    components.push(actionRow(paging.map((each) => each.toJSON())));
  }
  return { payload: { embeds: [fitEmbed(embed)], components }, hits };
}

function noResultsEmbed(
  context: AppContext,
  request: SearchRequest,
  title: string,
  scripts: QueryScripts,
  scope?: string,
): APIEmbed {
  // Words in another script have no spelling neighbours in an English index, only accidental ones.
  const helpText = context.search.explainNoResults(
    scripts.otherScriptWords > 0 ? scripts.englishWords.join(' ') : request.query,
  );
  const lines = [`No passage${scope ? ` in ${escapeText(scope)}` : ''} answers this closely enough.`];
  const unsearched = unsearchedScriptNote(scripts);
  if (unsearched) lines.push(unsearched);
  if (helpText.spelling.length > 0) {
    lines.push(
      `**Did you mean:** ${helpText.spelling.map((word) => `\`${word.replaceAll('`', '')}\``).join(', ')}`,
    );
  }
  if (helpText.related.length > 0) {
    lines.push(`**Related terms in the library:** ${helpText.related.map(escapeText).join(', ')}`);
  }
  const keywords = libraryKeywords(context, request.documentId);
  if (helpText.spelling.length === 0 && helpText.related.length === 0 && keywords.length > 0) {
    lines.push(`**The readings are about:** ${keywords.map(escapeText).join(', ')}`);
  }
  lines.push(
    request.documentChosen
      ? 'Tip: use fewer, more specific words, or drop the `document` filter.'
      : 'Tip: use fewer, more specific words.',
  );
  return fitEmbed({ title: escapeText(title), description: lines.join('\n'), color: 0x99aab5 });
}

/** The documents a search looks in: the one it is limited to, or the whole library. */
function searchedDocuments(context: AppContext, documentId: string | undefined) {
  const document = documentId ? context.corpus.getDocument(documentId) : undefined;
  return document ? [document] : context.corpus.documents;
}

/** The key terms the searched documents list for themselves, most widely shared first. */
function libraryKeywords(context: AppContext, documentId: string | undefined, limit = 8): string[] {
  const listedBy = new Map<string, number>();
  for (const document of searchedDocuments(context, documentId)) {
    for (const keyword of new Set(document.keywords)) listedBy.set(keyword, (listedBy.get(keyword) ?? 0) + 1);
  }
  // A stable sort keeps each document's own order among keywords listed equally often.
  return [...listedBy.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([keyword]) => keyword);
}

function scriptNames(scripts: QueryScripts): string {
  const names = scripts.otherScripts;
  if (names.length === 0) return 'another script';
  return andList(names);
}

/** For a mixed query searched as usual: its words in another script cannot match the English text. */
function unsearchedScriptNote(scripts: QueryScripts): string | undefined {
  if (scripts.otherScriptWords === 0) return undefined;
  return `The library is in English: the words in ${scriptNames(scripts)} match nothing in it.`;
}

/**
 * The answer to a query the English index cannot read: what the library is written in, and English terms
 * and titles from the library itself to search for instead.
 */
function otherScriptEmbed(
  context: AppContext,
  request: SearchRequest,
  title: string,
  scripts: QueryScripts,
): APIEmbed {
  const documents = searchedDocuments(context, request.documentId);
  const lines = [
    scripts.otherScriptWords > 0
      ? `The library is in English, and Lectern matches the words of a query against its English text, so a query in ${scriptNames(scripts)} finds nothing. Search with English words instead.`
      : 'This query has no words to search for. The library is in English: search with English words.',
  ];
  const keywords = libraryKeywords(context, request.documentId);
  if (keywords.length > 0) lines.push(`**Terms the readings use:** ${keywords.map(escapeText).join(', ')}`);
  const titles = documents
    .slice(0, 10)
    .map(
      (document) =>
        `*${escapeText(document.csl.title ?? document.shortTitle)}* (${escapeText(document.shortTitle)})`,
    );
  if (titles.length > 0) lines.push(`**The readings:** ${titles.join('; ')}`);
  const example = keywords[0] ?? documents[0]?.csl.title;
  if (example) lines.push(`For example: \`/search query: ${example.replaceAll('`', '')}\``);
  return fitEmbed({ title: escapeText(title), description: lines.join('\n'), color: 0x99aab5 });
}

/** Validates and normalises a query typed or pasted by a user. */
export function cleanQuery(raw: string): { query: string; shortened: boolean } {
  const normalized = normalizeQuery(raw);
  const query = normalized.replace(/\s+/g, ' ').trim();
  if (query.length === 0) throw new UserError('Type a question or a few words to search for.');
  return { query, shortened: raw.length > MAX_QUERY_CHARS };
}

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const { query, shortened } = cleanQuery(interaction.options.getString('query', true));
  const documentId = resolveDocumentOption(context.corpus, interaction.options.getString('document'));
  const ephemeral = interaction.options.getBoolean('hide') ?? false;
  const scope = await sessionSearchScope(context, interaction.guildId, interaction.channelId, documentId);
  const documentChosen = documentId !== undefined;
  await replyWithSearch(interaction, context, { query, ...scope, documentChosen, ephemeral }, shortened);
}

export async function replyWithSearch(
  interaction:
    | ChatInputCommandInteraction
    | MessageComponentInteraction
    | import('discord.js').MessageContextMenuCommandInteraction,
  context: AppContext,
  request: SearchRequest,
  shortened = false,
): Promise<void> {
  // Most answers fit on one page: only a reply with Prev/Next needs its request stored (a database write).
  const storedKey = () => searchRequests(context).put(request);
  const { payload, hits } = await renderSearchPage(context, request, storedKey, 0);
  context.logger.info(
    { command: 'search', userId: interaction.user.id, guildId: interaction.guildId, results: hits.length },
    'searched',
  );
  const content = shortened
    ? `Your query was long, so only its first ${MAX_QUERY_CHARS} characters were searched.`
    : undefined;
  await interaction.reply({
    ...payload,
    ...(content ? { content } : {}),
    allowedMentions: NO_MENTIONS,
    ...(request.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

const citeResult = citeButtonId.button(async (interaction, { passageId }, context) => {
  const passage = context.corpus.getPassage(passageId);
  if (!passage) throw new UserError('That passage is no longer in the library.');
  await requirePassageInScope(context, interaction.guildId, interaction.channelId, passage);
  await interaction.reply({
    ...(await citePassageReply(context, passageId, interaction.guildId)),
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
});

const turnPage = pageButtonId.button(
  async (interaction, { key, page }, context) => {
    const request = await searchRequests(context).get(key);
    if (!request) {
      throw new UserError('This search has expired. Run /search again to page through results.', 'stale');
    }
    const { payload } = await renderSearchPage(context, request, async () => key, page);
    await interaction.update({
      embeds: payload.embeds,
      components: payload.components ?? [],
      allowedMentions: NO_MENTIONS,
    });
  },
  { preconditions: ['invoker'] },
);

export const command = {
  kind: 'slash',
  data,
  help,
  refusals: {
    invoker: 'Only the person who ran this search can turn its pages. Run /search yourself to browse.',
  },
  execute,
  autocomplete: respondWithQueryOrDocument,
  components: [citeResult, turnPage],
} satisfies SlashCommand;
