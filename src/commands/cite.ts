import {
  ActionRowBuilder,
  type APIEmbed,
  AttachmentBuilder,
  type ChatInputCommandInteraction,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  MessageFlags,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
} from 'discord.js';
import { defaultStyle, exportItems, formatInText, formatReference } from '../app/citing.js';
import type { AppContext } from '../app/context.js';
import { STYLE_CHOICES, STYLE_LABELS, type StyleChoice } from '../citations/index.js';
import type { LibraryDocument, Passage } from '../corpus/types.js';
import { blockQuote, escapeText, fitEmbed, truncate } from '../discord/markdown.js';
import { UserError } from '../errors.js';
import { normalizeQuery } from '../search/index.js';
import { resolveDocumentOption } from './shared/documents.js';
import { respondWithQueryOrDocument } from './shared/queries.js';
import { scopedSearchOptions, sessionSearchScope } from './shared/session-scope.js';

const STYLES = STYLE_CHOICES;
const QUOTE_BUDGET = 700;

export const data = new SlashCommandBuilder()
  .setName('cite')
  .setDescription('Cite a passage or a whole document in your course’s style')
  .addStringOption((option) =>
    option
      .setName('query')
      .setDescription('What the passage says (leave empty to cite the whole document)')
      .setMaxLength(1000)
      .setAutocomplete(true),
  )
  .addStringOption((option) =>
    option.setName('document').setDescription('Which document').setAutocomplete(true),
  )
  .addStringOption((option) =>
    option
      .setName('style')
      .setDescription('Citation style (default: the server’s, else APA)')
      .addChoices(...STYLES.map((style) => ({ name: STYLE_LABELS[style], value: style }))),
  )
  .addBooleanOption((option) => option.setName('hide').setDescription('Only you see the citation'));

export const help = {
  description:
    'Quote the best passage with its in-text citation and full reference, or a document’s reference; BibTeX/RIS as a file.',
  example: '/cite query: military option style: mla',
};

export const autocomplete = respondWithQueryOrDocument;

/** The passage text trimmed to whole sentences around the best one, with "…" where it was cut. */
export function quotedSentences(passage: Passage, bestSentence: number, budget = QUOTE_BUDGET): string {
  const spans = passage.sentences.length > 0 ? passage.sentences : [{ start: 0, end: passage.text.length }];
  let first = Math.min(Math.max(0, bestSentence), spans.length - 1);
  let last = first;
  const length = () => (spans[last]?.end ?? 0) - (spans[first]?.start ?? 0);
  while (true) {
    if (last + 1 < spans.length && (spans[last + 1]?.end ?? 0) - (spans[first]?.start ?? 0) <= budget) last++;
    else if (first > 0 && (spans[last]?.end ?? 0) - (spans[first - 1]?.start ?? 0) <= budget) first--;
    else break;
  }
  const text = passage.text.slice(spans[first]?.start ?? 0, spans[last]?.end ?? passage.text.length);
  const body = length() > budget ? truncate(text, budget) : text;
  return `${first > 0 ? '… ' : ''}${body}${last < spans.length - 1 ? ' …' : ''}`;
}

interface CiteTarget {
  document: LibraryDocument;
  passage?: Passage;
  bestSentence: number;
}

function render(target: CiteTarget, style: StyleChoice): InteractionReplyOptions & { embeds: APIEmbed[] } {
  const { document, passage } = target;
  const key = passage ? `p:${passage.id}:${target.bestSentence}` : `d:${document.id}:0`;
  const menu = new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
    new StringSelectMenuBuilder()
      .setCustomId(`cite:style:${key}`)
      .setPlaceholder('Switch style')
      .addOptions(STYLES.map((value) => ({ label: STYLE_LABELS[value], value, default: value === style }))),
  );
  if (style === 'bibtex' || style === 'ris') {
    const exported = exportItems([document.csl], style);
    const extension = style === 'bibtex' ? 'bib' : 'ris';
    return {
      embeds: [
        fitEmbed({
          title: `${STYLE_LABELS[style]}: ${document.shortTitle}`,
          description: `\`\`\`${style === 'bibtex' ? 'bibtex' : ''}\n${truncate(exported.replaceAll('```', "'''"), 3800)}\n\`\`\``,
        }),
      ],
      files: [
        new AttachmentBuilder(Buffer.from(`${exported}\n`, 'utf8'), { name: `${document.id}.${extension}` }),
      ],
      components: [menu],
    };
  }
  const lines: string[] = [];
  if (passage) {
    lines.push(blockQuote(escapeText(quotedSentences(passage, target.bestSentence))));
    lines.push(`**In text:** ${formatInText(document.csl, style, passage)}`);
  } else {
    lines.push(`**In text:** ${formatInText(document.csl, style)}`);
  }
  lines.push(`**Reference:** ${formatReference(document.csl, style)}`);
  if (!document.fullText && document.coverageNote) lines.push(`-# ${escapeText(document.coverageNote)}`);
  return {
    embeds: [
      fitEmbed({
        title: `${STYLE_LABELS[style]}: ${document.shortTitle}${passage ? `, ${passage.locator}` : ''}`,
        description: lines.join('\n'),
        color: 0x5865f2,
      }),
    ],
    components: [menu],
    files: [],
  };
}

export async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const query = normalizeQuery(interaction.options.getString('query') ?? '').trim();
  // In a reading session's thread a citation defaults to the session's document, within its pace.
  const scope = sessionSearchScope(
    context,
    interaction.guildId,
    interaction.channelId,
    resolveDocumentOption(context.corpus, interaction.options.getString('document')),
  );
  const documentId = scope.documentId;
  const style =
    (interaction.options.getString('style') as StyleChoice | null) ??
    defaultStyle(context, interaction.guildId);
  const hide = interaction.options.getBoolean('hide') ?? false;
  let target: CiteTarget;
  if (query) {
    const [hit] = context.search.search(query, { ...scopedSearchOptions(scope), limit: 1 });
    if (!hit) {
      throw new UserError(
        `No passage${documentId ? ' in that document' : ''} matches “${escapeText(truncate(query, 80))}” closely enough. Try /search first.`,
      );
    }
    target = {
      document: hit.document,
      passage: hit.passage,
      bestSentence: hit.sentenceWindow.best,
    };
  } else {
    const document = documentId ? context.corpus.getDocument(documentId) : undefined;
    if (!document)
      throw new UserError('Give a query to cite a passage, or pick a document to cite it whole.');
    target = { document, bestSentence: 0 };
  }
  await interaction.reply({
    ...render(target, style),
    allowedMentions: { parse: [] },
    ...(hide ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

export async function handleComponent(
  interaction: MessageComponentInteraction,
  context: AppContext,
): Promise<void> {
  const [, action, ...rest] = interaction.customId.split(':');
  if (action !== 'style' || !interaction.isStringSelectMenu())
    throw new UserError('This menu no longer works. Run /cite again.');
  const [kind = '', id = '', sentence = '0'] = rest;
  const style = interaction.values[0] as StyleChoice;
  if (!(STYLES as readonly string[]).includes(style)) throw new UserError('Unknown style.');
  const passage = kind === 'p' ? context.corpus.getPassage(id) : undefined;
  const document = context.corpus.getDocument(passage?.documentId ?? id);
  if (!document) throw new UserError('That document is no longer in the library.');
  const bestSentence = Number.parseInt(sentence, 10) || 0;
  const rendered = render({ document, ...(passage ? { passage } : {}), bestSentence }, style);
  await interaction.update({
    embeds: rendered.embeds,
    components: rendered.components ?? [],
    files: rendered.files ?? [],
    attachments: [],
    allowedMentions: { parse: [] },
  });
}
