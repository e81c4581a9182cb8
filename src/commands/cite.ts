import {
  type APIEmbed,
  type APISelectMenuOption,
  AttachmentBuilder,
  type ChatInputCommandInteraction,
  ComponentType,
  type InteractionReplyOptions,
  MessageFlags,
  SlashCommandBuilder,
} from 'discord.js';
import type { AppContext } from '../app/context.js';
import {
  citedWork,
  isStyleChoice,
  STYLE_CHOICES,
  STYLE_LABELS,
  type StyleChoice,
} from '../citations/index.js';
import type { LibraryDocument, Passage } from '../corpus/types.js';
import {
  defaultStyle,
  exportItems,
  formatInText,
  formatReference,
  passageCitation,
  referenceLines,
} from '../discord/citing.js';
import { actionRow, type EncodedRow } from '../discord/components.js';
import { commandIds, field } from '../discord/custom-id.js';
import { blockQuote, escapeText, fitEmbed, truncate } from '../discord/markdown.js';
import { NO_MENTIONS } from '../discord/mentions.js';
import { choiceOption } from '../discord/options.js';
import { UserError } from '../errors.js';
import { normalizeQuery } from '../search/index.js';
import { sentenceSpans } from '../text/index.js';
import { resolveDocumentOption } from './shared/documents.js';
import { respondWithQueryOrDocument } from './shared/queries.js';
import { requirePassageInScope, scopedSearchOptions, sessionSearchScope } from './shared/session-scope.js';
import type { SlashCommand } from './types.js';

const STYLES = STYLE_CHOICES;
const QUOTE_BUDGET = 700;

const citeIds = commandIds('cite', 'This menu no longer works. Run /cite again.');
/** The style menu names what it cites: a passage (`p`) with its best sentence, or a whole document (`d`). */
const styleMenuId = citeIds.action('style', {
  kind: field.oneOf(['p', 'd']),
  id: field.text(),
  sentence: field.int(0, 9999),
});

const data = new SlashCommandBuilder()
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

const help = {
  description:
    'Quote the best passage with its in-text citation and full reference, or a document’s reference; BibTeX/RIS as a file.',
  example: '/cite query: military option style: mla',
};

/** The passage text trimmed to whole sentences around the best one, with "…" where it was cut. */
export function quotedSentences(passage: Passage, bestSentence: number, budget = QUOTE_BUDGET): string {
  const spans = sentenceSpans(passage);
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

/** The style menu's options with each style marked as the chosen one, made once per style. */
const styleOptions = new Map<StyleChoice, APISelectMenuOption[]>();

export function styleMenuOptions(chosen: StyleChoice): APISelectMenuOption[] {
  let options = styleOptions.get(chosen);
  if (!options) {
    options = STYLES.map((value) => ({ label: STYLE_LABELS[value], value, default: value === chosen }));
    styleOptions.set(chosen, options);
  }
  return options;
}

/** The "Switch style" menu as the select-menu builder made it, without rebuilding it for every /cite. */
export function styleMenu(customId: string, chosen: StyleChoice): EncodedRow {
  return actionRow([
    {
      type: ComponentType.StringSelect,
      custom_id: customId,
      placeholder: 'Switch style',
      options: styleMenuOptions(chosen),
    },
  ]);
}

function render(target: CiteTarget, style: StyleChoice): InteractionReplyOptions & { embeds: APIEmbed[] } {
  const { document, passage } = target;
  const menu = styleMenu(
    styleMenuId.encode(
      passage
        ? { kind: 'p', id: passage.id, sentence: target.bestSentence }
        : { kind: 'd', id: document.id, sentence: 0 },
    ),
    style,
  );
  if (style === 'bibtex' || style === 'ris') {
    // A reference-list entry exports the work it names; the listing document is only where it was found.
    const work = passage ? citedWork(document, passage) : document.csl;
    const listed =
      work !== document.csl && passage ? `${passage.locator} listed in ${document.shortTitle}` : '';
    const exported = exportItems([work], style);
    const extension = style === 'bibtex' ? 'bib' : 'ris';
    return {
      embeds: [
        fitEmbed({
          title: escapeText(`${STYLE_LABELS[style]}: ${listed || document.shortTitle}`),
          description: `\`\`\`${style === 'bibtex' ? 'bibtex' : ''}\n${truncate(exported.replaceAll('```', "'''"), 3800)}\n\`\`\``,
        }),
      ],
      files: [
        new AttachmentBuilder(Buffer.from(`${exported}\n`, 'utf8'), {
          name: `${fileName(work.id)}.${extension}`,
        }),
      ],
      components: [menu],
    };
  }
  const lines: string[] = [];
  if (passage) {
    const citation = passageCitation(document, passage, style);
    lines.push(blockQuote(escapeText(quotedSentences(passage, target.bestSentence))));
    lines.push(`**In text:** ${citation.inText}`, ...referenceLines(citation, 'Reference'));
  } else {
    lines.push(`**In text:** ${formatInText(document.csl, style)}`);
    lines.push(`**Reference:** ${formatReference(document.csl, style)}`);
  }
  if (!document.fullText && document.coverageNote) lines.push(`-# ${escapeText(document.coverageNote)}`);
  return {
    embeds: [
      fitEmbed({
        title: escapeText(
          `${STYLE_LABELS[style]}: ${document.shortTitle}${passage ? `, ${passage.locator}` : ''}`,
        ),
        description: lines.join('\n'),
        color: 0x5865f2,
      }),
    ],
    components: [menu],
    files: [],
  };
}

/** A CSL id as a file name: letters, digits, dots, dashes and underscores only. */
function fileName(id: string): string {
  return id.replace(/[^\w.-]+/g, '-').slice(0, 80) || 'citation';
}

async function execute(interaction: ChatInputCommandInteraction, context: AppContext): Promise<void> {
  const query = normalizeQuery(interaction.options.getString('query') ?? '').trim();
  // In a reading session's thread a citation defaults to the session's document, within its pace.
  const scope = await sessionSearchScope(
    context,
    interaction.guildId,
    interaction.channelId,
    resolveDocumentOption(context.corpus, interaction.options.getString('document')),
  );
  const documentId = scope.documentId;
  const style =
    choiceOption(interaction, 'style', STYLES) ?? (await defaultStyle(context, interaction.guildId));
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
    allowedMentions: NO_MENTIONS,
    ...(hide ? { flags: MessageFlags.Ephemeral } : {}),
  });
}

const switchStyle = styleMenuId.select(
  async (interaction, id, context) => {
    const [style = ''] = interaction.values;
    if (!isStyleChoice(style)) throw new UserError('Unknown style.', 'stale');
    const passage = id.kind === 'p' ? context.corpus.getPassage(id.id) : undefined;
    if (id.kind === 'p' && !passage) throw new UserError('That passage is no longer in the library.');
    const document = context.corpus.getDocument(passage?.documentId ?? id.id);
    if (!document) throw new UserError('That document is no longer in the library.');
    if (passage) await requirePassageInScope(context, interaction.guildId, interaction.channelId, passage);
    const rendered = render({ document, ...(passage ? { passage } : {}), bestSentence: id.sentence }, style);
    await interaction.update({
      embeds: rendered.embeds,
      components: rendered.components ?? [],
      files: rendered.files ?? [],
      attachments: [],
      allowedMentions: NO_MENTIONS,
    });
  },
  { preconditions: ['invoker'] },
);

export const command = {
  kind: 'slash',
  data,
  help,
  refusals: { invoker: 'Only the person who ran this /cite can switch its style. Run /cite yourself.' },
  execute,
  autocomplete: respondWithQueryOrDocument,
  components: [switchStyle],
} satisfies SlashCommand;
