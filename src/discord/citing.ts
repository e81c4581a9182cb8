import type { APIEmbed } from 'discord.js';
import type { AppContext } from '../app/context.js';
import {
  type CitationStyle,
  citePassage,
  DEFAULT_STYLE,
  formatInText as formatInTextRich,
  formatReference as formatReferenceRich,
  formatReferences as formatReferencesRich,
  isStyleChoice,
  type Locator,
  proseStyle,
  STYLE_LABELS,
  type StyleChoice,
} from '../citations/index.js';
import type { CslItem, LibraryDocument, Passage } from '../corpus/types.js';
import { UserError } from '../errors.js';
import { toPlainText } from '../text/rich-text.js';
import { escapeText, fitEmbed, segmentsToMarkdown } from './markdown.js';

/**
 * The Discord layer's view of citations: which style a server reads in, the citation core's rich text as
 * markdown, and the reply to a Cite button. The formatting itself is `src/citations` (citation-js with the
 * official CSL styles). References are made today: Cite Them Right prints the day an online source was
 * accessed, so every function takes the clock's reading, `new Date()` unless a caller injects one.
 */

export { exportItems } from '../citations/index.js';

/** A work's full reference as Discord markdown. */
export function formatReference(item: CslItem, style: CitationStyle, today: Date = new Date()): string {
  return segmentsToMarkdown(formatReferenceRich(item, style, { today }));
}

/** The same reference as plain text, for Discord's scheduled events (which show no markdown) and logs. */
export function referencePlainText(item: CslItem, style: CitationStyle, today: Date = new Date()): string {
  return toPlainText(formatReferenceRich(item, style, { today }));
}

/** A work's in-text citation as Discord markdown; for a passage use passageInText, which knows whom to credit. */
export function formatInText(item: CslItem, style: CitationStyle, locator?: Locator): string {
  return segmentsToMarkdown(formatInTextRich(item, style, locator));
}

/** A reference list as Discord markdown, ordered and disambiguated as the style orders one. */
export function formatReferences(
  items: readonly CslItem[],
  style: CitationStyle,
  today: Date = new Date(),
): string[] {
  return formatReferencesRich(items, style, { today }).map(segmentsToMarkdown);
}

/** The server's chosen style, else APA. A value the database holds but Lectern no longer offers is ignored. */
export async function defaultStyle(context: AppContext, guildId: string | null): Promise<StyleChoice> {
  const stored = guildId ? (await context.settings.get(guildId)).citationStyle : null;
  return isStyleChoice(stored) ? stored : DEFAULT_STYLE;
}

export interface PassageCitation {
  inText: string;
  /** The credited work's reference: the passage's document, or the work a reference-list entry names. */
  reference: string;
  /** For a reference-list entry, the reference of the document that lists the work. */
  listedIn?: string;
  styleLabel: string;
}

/** A passage's citation in `style`, as markdown; a reference-list entry credits the work it names. */
export function passageCitation(
  document: LibraryDocument,
  passage: Passage,
  style: CitationStyle,
  today: Date = new Date(),
): PassageCitation {
  const citation = citePassage(document, passage, style, { today });
  return {
    inText: segmentsToMarkdown(citation.inText),
    reference: segmentsToMarkdown(citation.reference),
    ...(citation.listedIn ? { listedIn: segmentsToMarkdown(citation.listedIn.reference) } : {}),
    styleLabel: STYLE_LABELS[style],
  };
}

/** The in-text citation of a passage in `style` ("(Park, 2013, para. 5)", "(Yoon, 2002, as cited in Jung, 2013)"). */
export function passageInText(
  context: Pick<AppContext, 'corpus'>,
  passage: Passage,
  style: StyleChoice,
): string {
  const document = context.corpus.getDocument(passage.documentId);
  if (!document) return '';
  return segmentsToMarkdown(citePassage(document, passage, proseStyle(style)).inText);
}

/** The passage's citation in the server's style. */
export async function citationFor(
  context: AppContext,
  passage: Passage,
  guildId: string | null,
): Promise<PassageCitation> {
  const document = context.corpus.getDocument(passage.documentId);
  if (!document) throw new UserError('That passage is no longer in the library.');
  return passageCitation(document, passage, proseStyle(await defaultStyle(context, guildId)));
}

/** The reference lines of a reply: the credited work's, then the listing document's for a reference entry. */
export function referenceLines(
  citation: PassageCitation,
  heading = `Reference (${citation.styleLabel})`,
): string[] {
  return [
    `**${heading}:** ${citation.reference}`,
    ...(citation.listedIn ? [`**Listed in:** ${citation.listedIn}`] : []),
  ];
}

/** The reply to a Cite button: the passage's in-text citation and the full reference(s). */
export async function citePassageReply(
  context: AppContext,
  passageId: string,
  guildId: string | null,
): Promise<{ embeds: APIEmbed[] }> {
  const passage = context.corpus.getPassage(passageId);
  if (!passage) throw new UserError('That passage is no longer in the library.');
  const document = context.corpus.getDocument(passage.documentId);
  const citation = await citationFor(context, passage, guildId);
  return {
    embeds: [
      fitEmbed({
        title: escapeText(`Cite ${document?.shortTitle ?? ''}, ${passage.locator}`),
        description: [`**In text:** ${citation.inText}`, ...referenceLines(citation)].join('\n'),
      }),
    ],
  };
}
