import {
  type APIEmbed,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { escapeText, fitEmbed, truncate } from '../discord/markdown.js';
import { NO_MENTIONS } from '../discord/mentions.js';
import { UserError } from '../errors.js';
import {
  type ComparisonAxis,
  compareOnTopic,
  compareOverall,
  type Quotation,
  type TopicColumn,
} from '../extract/compare.js';
import { normalizeQuery } from '../search/index.js';
import { RecentMap } from '../search/recent.js';
import { counted } from '../text/index.js';
import { queryChoices } from './shared/queries.js';
import type { SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('compare')
  .setDescription('The documents side by side: on a topic, or their theses, terms and disagreements')
  .addStringOption((option) =>
    option
      .setName('topic')
      .setDescription('A topic, e.g. Nunn-Lugar (empty: the theses side by side)')
      .setMaxLength(200)
      .setAutocomplete(true),
  )
  .addBooleanOption((option) => option.setName('hide').setDescription('Only you see the comparison'));

const help = {
  description:
    'Side by side: each document’s sentences on a topic, or the theses, distinctive terms and disagreements.',
  example: '/compare topic: Security Council',
};

async function autocomplete(interaction: AutocompleteInteraction, context: AppContext): Promise<void> {
  await interaction.respond(queryChoices(context, interaction.options.getFocused()));
}

const quote = (quotation: Quotation | undefined) =>
  quotation
    ? `> ${escapeText(truncate(quotation.text, 420))} *(${quotation.locator})*`
    : '*No sentence to quote in the corpus.*';

const quoted = (words: readonly string[]) => words.map((word) => `“${escapeText(word)}”`).join(', ');

function topicColumnText(column: TopicColumn, documentName: string, topic: string): string {
  if (!column.addressed)
    return `${escapeText(documentName)} does not address *${escapeText(truncate(topic, 100))}* in the corpus: no passage uses ${quoted(column.searchedWords)} or a variant.`;
  const notes = [
    column.titleWords.length > 0 ? `Its title uses ${quoted(column.titleWords)}.` : '',
    column.missingWords.length > 0 ? `Never uses ${quoted(column.missingWords)} (nor a variant).` : '',
    column.together || column.quotations.length === 0
      ? ''
      : 'No sentence uses the topic’s words together; nearest:',
  ].filter(Boolean);
  const missing = notes.length > 0 ? `*${notes.join(' ')}*\n` : '';
  return `${missing}${column.quotations.map((quotation) => quote(quotation)).join('\n')}`;
}

function axisField(axis: ComparisonAxis, name: (id: string) => string): NonNullable<APIEmbed['fields']> {
  const term = escapeText(axis.term.term);
  return [
    {
      name: truncate(`On “${axis.term.term}” (distinctive of ${name(axis.fromDocumentId)})`, 256),
      value: truncate(
        axis.columns
          .map((column) => {
            const who = `**${escapeText(name(column.documentId))}**`;
            if (column.uses === 'none')
              return `${who} never uses “${term}” or any of its words in the corpus.`;
            const how =
              column.uses === 'phrase'
                ? `${who}:`
                : `${who} does not use “${term}” in the corpus; with ${quoted(column.sharedWords)}:`;
            return `${how}\n${quote(column.quotation)}`;
          })
          .join('\n'),
        1024,
      ),
    },
  ];
}

/** Side by side, six columns are already narrow in Discord; more are left out, and the reply says so. */
const MAX_COMPARED = 6;

/** How many comparisons (one per topic) each library's memo keeps. */
export const COMPARE_MEMO_SIZE = 200;

/**
 * A comparison depends only on the library and the topic, and a loaded corpus and its index never change,
 * while the same topics are compared again and again; building one reads every document's sentences.
 * Bounded, since a topic is whatever people type. The embed goes out as JSON and is never changed.
 */
const comparisons = new WeakMap<
  AppContext['corpus'],
  WeakMap<AppContext['search'], RecentMap<string, APIEmbed>>
>();

export function compareEmbed(context: Pick<AppContext, 'corpus' | 'search'>, topic: string): APIEmbed {
  let bySearch = comparisons.get(context.corpus);
  if (!bySearch) {
    bySearch = new WeakMap();
    comparisons.set(context.corpus, bySearch);
  }
  let byTopic = bySearch.get(context.search);
  if (!byTopic) {
    byTopic = new RecentMap(COMPARE_MEMO_SIZE);
    bySearch.set(context.search, byTopic);
  }
  return byTopic.getOrMake(topic, () => buildCompareEmbed(context, topic));
}

function buildCompareEmbed(context: Pick<AppContext, 'corpus' | 'search'>, topic: string): APIEmbed {
  const documents = context.corpus.documents.slice(0, MAX_COMPARED);
  const leftOut = context.corpus.documents.length - documents.length;
  const name = (id: string) => context.corpus.getDocument(id)?.shortTitle ?? id;
  const partial = documents.filter((document) => !document.fullText);
  const notes = [
    ...partial.map((document) => `${document.shortTitle}: ${document.coverageNote ?? 'partial text'}`),
    ...(leftOut > 0
      ? [`Compared the first ${MAX_COMPARED} documents of the library; ${leftOut} more left out.`]
      : []),
  ];
  const footer = notes.length > 0 ? { text: notes.join(' ') } : undefined;
  if (topic) {
    const comparison = compareOnTopic(
      context.corpus,
      context.search,
      documents.map((document) => document.id),
      topic,
    );
    return fitEmbed({
      title: truncate(`Compare: ${escapeText(topic)}`, 256),
      description: '*Each document’s sentences that use the topic’s words, quoted verbatim.*',
      fields: comparison.columns.map((column) => ({
        name: name(column.documentId),
        value: truncate(topicColumnText(column, name(column.documentId), topic), 1024),
        inline: true,
      })),
      ...(footer ? { footer } : {}),
      color: 0x5865f2,
    });
  }
  const overall = compareOverall(context.corpus, documents);
  const fields: NonNullable<APIEmbed['fields']> = [];
  for (const { documentId, thesis } of overall.theses)
    fields.push({ name: `${name(documentId)}: thesis`, value: truncate(quote(thesis), 1024), inline: true });
  for (const { documentId, terms } of overall.uniqueTerms) {
    fields.push({
      name: `Only in ${name(documentId)}`,
      value: truncate(terms.map((term) => escapeText(term.term)).join(' · ') || '—', 1024),
      inline: true,
    });
  }
  fields.push({
    name: documents.length > 2 ? 'Terms they all use' : 'Terms both use',
    value: truncate(overall.sharedTerms.map((term) => escapeText(term.term)).join(' · ') || '—', 1024),
  });
  for (const disagreement of overall.disagreements) {
    const term = disagreement.term.term;
    const critic = name(disagreement.against.documentId);
    const taker = name(disagreement.takenBy.documentId);
    fields.push(
      {
        name: truncate(`Where they disagree: ${critic} argues against “${term}”`, 256),
        value: truncate(quote(disagreement.against.quotation), 1024),
        inline: true,
      },
      {
        name: truncate(`${taker} ${disagreement.takenBy.recommends ? 'calls for' : 'uses'} “${term}”`, 256),
        value: truncate(quote(disagreement.takenBy.quotation), 1024),
        inline: true,
      },
    );
  }
  for (const axis of overall.axes) fields.push(...axisField(axis, name));
  return fitEmbed({
    title: 'Compare: the documents side by side',
    description:
      '*Lectern’s comparison, from the texts in the corpus: each document’s top-ranked sentence, the terms only one of them uses, where one argues against what another takes up, and how each treats the others’ most distinctive phrase, quoted verbatim.*',
    fields,
    ...(footer ? { footer } : {}),
    color: 0x5865f2,
  });
}

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  if (context.corpus.documents.length < 2) {
    throw new UserError(
      `/compare needs at least two documents, and the library has ${counted(context.corpus.documents.length, 'document')}. Try /summary instead.`,
    );
  }
  const topic = normalizeQuery(interaction.options.getString('topic') ?? '').trim();
  await interaction.reply({
    embeds: [compareEmbed(context, topic)],
    allowedMentions: NO_MENTIONS,
    ...((interaction.options.getBoolean('hide') ?? false) ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

export const command = { kind: 'slash', data, help, execute, autocomplete } satisfies SlashCommand;
