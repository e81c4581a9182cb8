import {
  type APIEmbed,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import { citationFor, referenceLines } from '../discord/citing.js';
import { blockQuote, escapeText, fitEmbed, truncate } from '../discord/markdown.js';
import { NO_MENTIONS } from '../discord/mentions.js';
import { UserError } from '../errors.js';
import { checkQuote, type QuoteCheck } from '../quotes/verify.js';
import { counted } from '../text/index.js';
import { truncateText } from '../text/unicode.js';
import { visiblePassages } from './shared/session-scope.js';
import type { SlashCommand } from './types.js';

export const MAX_QUOTE_CHARS = 1500;

const data = new SlashCommandBuilder()
  .setName('quote')
  .setDescription(
    'Check a quotation against the readings: verified, close (with the differences), or not found',
  )
  .addStringOption((option) =>
    option
      .setName('text')
      .setDescription('The quotation as you have it')
      .setRequired(true)
      .setMaxLength(MAX_QUOTE_CHARS),
  )
  .addBooleanOption((option) => option.setName('hide').setDescription('Only you see the result'));

const help = {
  description:
    'Check a quotation: "verified" with its location and citation, or the differences from the source.',
  example: '/quote text: the UNSC should begin considering all available options',
};

/** How close a quotation is, counted in words: every substitution, addition and omission is named. */
export function closeness(result: Extract<QuoteCheck, { verdict: 'close' }>): string {
  const { substitutions, insertions, deletions } = result.edits;
  const aligned = result.matchedWords + substitutions + insertions + deletions;
  if (aligned === result.matchedWords) return 'every word matches; only punctuation or spacing differs.';
  const changes = [
    substitutions > 0 ? `${counted(substitutions, 'word')} changed` : '',
    insertions > 0 ? `${counted(insertions, 'word')} added` : '',
    deletions > 0 ? `${counted(deletions, 'word')} left out` : '',
  ].filter(Boolean);
  return `${result.matchedWords} of ${aligned} words match (${changes.join(', ')}).`;
}

/** Renders a check as an embed; used by /quote and the "Check quote" message menu. */
export async function quoteEmbed(
  context: AppContext,
  quotation: string,
  result: QuoteCheck,
  guildId: string | null,
): Promise<APIEmbed> {
  if (result.verdict === 'verified' || result.verdict === 'close') {
    const { passage, sourceText } = result.span;
    const document = context.corpus.getDocument(passage.documentId);
    const where = `${document?.shortTitle ?? passage.documentId}, ${passage.locator}`;
    const citation = await citationFor(context, passage, guildId);
    const lines =
      result.verdict === 'verified'
        ? [`✅ **Verified.** The quotation stands in ${escapeText(where)}.`]
        : [
            `⚠️ **Close, but not exact:** ${closeness(result)} Compared with ${escapeText(where)}:`,
            truncate(
              result.diff
                .map((part) =>
                  part.kind === 'same'
                    ? escapeText(part.text)
                    : part.kind === 'removed'
                      ? `**${escapeText(part.text)}**`
                      : `~~${escapeText(part.text)}~~`,
                )
                .join(' '),
              1500,
            ),
            '-# ~~struck~~: your wording · **bold**: the source’s wording',
            '**The source reads:**',
          ];
    lines.push(blockQuote(escapeText(truncate(sourceText, 1200))));
    lines.push(`**Cite as:** ${citation.inText}`, ...referenceLines(citation));
    return fitEmbed({
      title: 'Quotation check',
      description: lines.join('\n'),
      color: result.verdict === 'verified' ? 0x57f287 : 0xfee75c,
    });
  }
  const lines = [
    `❌ **Not found in the readings.** No passage contains this quotation or anything close to it.`,
  ];
  lines.push(blockQuote(escapeText(truncate(quotation, 400))));
  if (result.nearest) {
    const document = context.corpus.getDocument(result.nearest.documentId);
    lines.push(
      `**Nearest passage:** ${escapeText(document?.shortTitle ?? '')}, ${result.nearest.locator}`,
      blockQuote(escapeText(truncate(result.nearest.text, 600))),
    );
  }
  const partial = context.corpus.documents.filter((document) => !document.fullText);
  if (partial.length > 0) {
    lines.push(
      `-# ${partial.map((document) => `${escapeText(document.shortTitle)}: ${escapeText(document.coverageNote ?? 'partial text only')}`).join(' ')}`,
    );
  }
  return fitEmbed({ title: 'Quotation check', description: lines.join('\n'), color: 0xed4245 });
}

export async function answerQuote(
  interaction: ChatInputCommandInteraction | MessageContextMenuCommandInteraction,
  context: AppContext,
  raw: string,
  ephemeral: boolean,
): Promise<void> {
  const quotation = raw.trim();
  if (quotation.length === 0)
    throw new UserError('Give the quotation to check, e.g. /quote text: the UNSC should begin…');
  // In a spoiler-free session's thread, the check neither matches nor shows what the session has not reached.
  const filter = await visiblePassages(context, interaction.guildId, interaction.channelId);
  // A message can be longer than a quotation worth checking; cut between graphemes, and say so.
  const checkedText = truncateText(quotation, MAX_QUOTE_CHARS, '');
  const checked = checkQuote(checkedText, context.corpus, context.search, {
    ...(filter ? { filter } : {}),
  });
  context.logger.info(
    { command: 'quote', userId: interaction.user.id, guildId: interaction.guildId, verdict: checked.verdict },
    'checked quote',
  );
  await interaction.reply({
    embeds: [
      {
        ...(await quoteEmbed(context, checkedText, checked, interaction.guildId)),
        ...(checkedText.length < quotation.length
          ? { footer: { text: `Only the first ${counted(checkedText.length, 'character')} were checked.` } }
          : {}),
      },
    ],
    allowedMentions: NO_MENTIONS,
    ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  await answerQuote(
    interaction,
    context,
    interaction.options.getString('text', true),
    interaction.options.getBoolean('hide') ?? false,
  );
}

export const command = { kind: 'slash', data, help, execute } satisfies SlashCommand;
