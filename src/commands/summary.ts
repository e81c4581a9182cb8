import {
  type APIEmbed,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { type CitationStyle, proseStyle, STYLE_LABELS } from '../citations/index.js';
import { defaultStyle, formatReference } from '../discord/citing.js';
import { escapeText, fitEmbed, truncate } from '../discord/markdown.js';
import { NO_MENTIONS } from '../discord/mentions.js';
import { choiceOption } from '../discord/options.js';
import { UserError } from '../errors.js';
import { SUMMARY_SENTENCES, type Summary, type SummaryLength, summarize } from '../extract/summary.js';
import { documentChoices, resolveDocumentOption } from './shared/documents.js';
import type { SlashCommand } from './types.js';

const SUMMARY_LENGTHS = ['short', 'medium', 'long'] as const satisfies readonly SummaryLength[];

const data = new SlashCommandBuilder()
  .setName('summary')
  .setDescription('A grounded summary of a document: its own sentences with locators, key terms and coverage')
  .addStringOption((option) =>
    option.setName('document').setDescription('Which document').setRequired(true).setAutocomplete(true),
  )
  .addStringOption((option) =>
    option
      .setName('length')
      .setDescription('How many sentences (default: short)')
      .addChoices(
        ...SUMMARY_LENGTHS.map((length) => ({
          name: `${length} (about ${SUMMARY_SENTENCES[length]})`,
          value: length,
        })),
      ),
  )
  .addBooleanOption((option) => option.setName('hide').setDescription('Only you see the summary'));

const help = {
  description:
    'The sentences that best represent a document, in order and with locators; key terms; what the corpus holds.',
  example: '/summary document: park-2013 length: medium',
};

async function autocomplete(interaction: AutocompleteInteraction, context: AppContext): Promise<void> {
  await interaction.respond(documentChoices(context.corpus, interaction.options.getFocused()));
}

export function summaryEmbed(context: AppContext, summary: Summary, style: CitationStyle): APIEmbed {
  const document = context.corpus.getDocument(summary.documentId);
  if (!document) throw new UserError('That document is no longer in the library.');
  const proposals = new Set(summary.proposals);
  const role = (sentence: Summary['sentences'][number]) =>
    sentence === summary.thesis ? ' · **thesis**' : proposals.has(sentence) ? ' · **proposal**' : '';
  const extract = summary.sentences
    .map((sentence) => `> ${escapeText(sentence.text)} *(${sentence.locator})*${role(sentence)}`)
    .join('\n');
  const framing = summary.extractFromAbstract
    ? '*Lectern’s extract, from the author’s abstract (the full text is not in the corpus): its key sentences, in order, verbatim; Lectern marks the thesis and the proposals.*'
    : '*Lectern’s extract: the thesis, the proposals and the sentences that best represent the text, in document order, verbatim; Lectern marks the thesis and the proposals.*';
  const fields: NonNullable<APIEmbed['fields']> = [];
  if (summary.abstract) {
    fields.push({ name: 'Author’s abstract', value: truncate(escapeText(summary.abstract.text), 1024) });
  }
  if (summary.keyTerms.length > 0) {
    fields.push({
      name: 'Key terms (distinctive against the rest of the library; by count)',
      value: truncate(
        summary.keyTerms.map((term) => `${escapeText(term.term)} (${term.count})`).join(' · '),
        1024,
      ),
    });
  }
  fields.push({
    name: `Reference (${STYLE_LABELS[style]})`,
    value: truncate(formatReference(document.csl, style), 1024),
  });
  fields.push({ name: 'In the corpus', value: truncate(escapeText(summary.coverage), 1024) });
  const profile = summary.referenceProfile;
  if (profile) {
    fields.push({
      name: `What it cites (${profile.total} works)`,
      value: truncate(
        [
          `**Per decade:** ${profile.decades.map((entry) => `${entry.label} ${entry.count}`).join(' · ')}`,
          profile.authors.length > 0
            ? `**Most cited:** ${profile.authors.map((author) => `${escapeText(author.label)} (${author.count})`).join(', ')}`
            : '',
          profile.topics.length > 0
            ? `**Recurring in titles:** ${profile.topics.map((topic) => `${escapeText(topic.label)} (${topic.count})`).join(', ')}`
            : '',
        ]
          .filter(Boolean)
          .join('\n'),
        1024,
      ),
    });
  }
  return fitEmbed({
    title: truncate(escapeText(`Summary: ${document.shortTitle}, ${document.csl.title ?? ''}`), 256),
    description: truncate(`${framing}\n${extract}`, 4000),
    fields,
    color: 0x5865f2,
  });
}

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const documentId = resolveDocumentOption(context.corpus, interaction.options.getString('document', true));
  const document = documentId ? context.corpus.getDocument(documentId) : undefined;
  if (!document) throw new UserError('Pick a document from the list.');
  const length = choiceOption(interaction, 'length', SUMMARY_LENGTHS) ?? 'short';
  const summary = summarize(document, context.corpus, length);
  await interaction.reply({
    embeds: [summaryEmbed(context, summary, proseStyle(await defaultStyle(context, interaction.guildId)))],
    allowedMentions: NO_MENTIONS,
    ...((interaction.options.getBoolean('hide') ?? false) ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

export const command = { kind: 'slash', data, help, execute, autocomplete } satisfies SlashCommand;
