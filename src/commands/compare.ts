import {
  type APIEmbed,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { escapeText, fitEmbed, truncate } from '../discord/markdown.js';
import { compareOnTopic, compareOverall, type Quotation } from '../extract/compare.js';
import { normalizeQuery } from '../search/index.js';
import { queryChoices } from './shared/queries.js';
import type { SlashCommand } from './types.js';

const data = new SlashCommandBuilder()
  .setName('compare')
  .setDescription('The documents side by side: on a topic, or their theses, terms and stances')
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
    'Side by side: each document’s most relevant passages on a topic, or the two theses, terms and stances.',
  example: '/compare topic: Security Council',
};

async function autocomplete(interaction: AutocompleteInteraction, context: AppContext): Promise<void> {
  await interaction.respond(queryChoices(context, interaction.options.getFocused()));
}

const quote = (quotation: Quotation | undefined) =>
  quotation
    ? `> ${escapeText(truncate(quotation.text, 420))} *(${quotation.locator})*`
    : '*Not addressed in the corpus.*';

export function compareEmbed(context: AppContext, topic: string): APIEmbed {
  const documents = context.corpus.documents.slice(0, 6);
  const name = (id: string) => context.corpus.getDocument(id)?.shortTitle ?? id;
  const partial = documents.filter((document) => !document.fullText);
  const footer =
    partial.length > 0
      ? {
          text: partial
            .map((document) => `${document.shortTitle}: ${document.coverageNote ?? 'partial text'}`)
            .join(' '),
        }
      : undefined;
  if (topic) {
    const comparison = compareOnTopic(
      context.corpus,
      context.search,
      documents.map((document) => document.id),
      topic,
    );
    return fitEmbed({
      title: truncate(`Compare: ${escapeText(topic)}`, 256),
      description: '*Each document’s passages most relevant to the topic, quoted verbatim.*',
      fields: comparison.columns.map((column) => ({
        name: name(column.documentId),
        value: truncate(
          column.addressed
            ? column.quotations.map((quotation) => quote(quotation)).join('\n')
            : `${escapeText(name(column.documentId))} does not address *${escapeText(truncate(topic, 100))}* in the corpus.`,
          1024,
        ),
        inline: true,
      })),
      ...(footer ? { footer } : {}),
      color: 0x5865f2,
    });
  }
  const overall = compareOverall(context.corpus, context.search, documents);
  const fields: NonNullable<APIEmbed['fields']> = [];
  for (const { documentId, thesis } of overall.theses)
    fields.push({ name: `${name(documentId)}: thesis`, value: truncate(quote(thesis), 1024), inline: true });
  for (const { documentId, terms } of overall.uniqueTerms) {
    fields.push({
      name: `Only in ${name(documentId)}`,
      value: truncate(terms.map(escapeText).join(' · ') || '—', 1024),
      inline: true,
    });
  }
  fields.push({
    name: 'Terms they share',
    value: truncate(overall.sharedTerms.map(escapeText).join(' · ') || '—', 1024),
  });
  for (const { documentId, coercion, engagement } of overall.stances) {
    fields.push({
      name: `${name(documentId)} on coercion`,
      value: truncate(quote(coercion), 1024),
      inline: true,
    });
    fields.push({
      name: `${name(documentId)} on engagement`,
      value: truncate(quote(engagement), 1024),
      inline: true,
    });
  }
  return fitEmbed({
    title: 'Compare: the documents side by side',
    description:
      '*Lectern’s comparison: each document’s top-ranked sentence, its distinctive terms, and what it says about coercion and engagement, quoted verbatim.*',
    fields,
    ...(footer ? { footer } : {}),
    color: 0x5865f2,
  });
}

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const topic = normalizeQuery(interaction.options.getString('topic') ?? '').trim();
  await interaction.reply({
    embeds: [compareEmbed(context, topic)],
    allowedMentions: { parse: [] },
    ...((interaction.options.getBoolean('hide') ?? false) ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

export const command = { kind: 'slash', data, help, execute, autocomplete } satisfies SlashCommand;
