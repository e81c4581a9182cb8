import type { APIEmbed } from 'discord.js';
import {
  STYLE_LABELS as CITATION_STYLE_LABELS,
  CITATION_STYLES,
  type CitationStyle,
  type ExportFormat,
  formatInText,
  formatReference,
} from '../citations/index.js';
import { UserError } from '../commands/types.js';
import type { Passage } from '../corpus/types.js';
import { fitEmbed } from '../discord/markdown.js';
import type { AppContext } from './context.js';

/**
 * The Discord layer's view of citations: which styles a menu offers, which style a server reads in, and the
 * reply to a Cite button. The formatting itself is `src/citations` (citation-js with the official CSL styles).
 */

export type ReferenceStyle = CitationStyle;
export type StyleOrExport = CitationStyle | ExportFormat;
export { exportItems, formatInText, formatReference, formatReferences } from '../citations/index.js';

/** Every choice a `style` option offers, in the order menus show them. */
export const STYLE_CHOICES = [
  ...CITATION_STYLES,
  'bibtex',
  'ris',
] as const satisfies readonly StyleOrExport[];

export const STYLE_LABELS: Readonly<Record<StyleOrExport, string>> = {
  ...CITATION_STYLE_LABELS,
  bibtex: 'BibTeX',
  ris: 'RIS',
};

export function isStyleOrExport(value: string | null | undefined): value is StyleOrExport {
  return (STYLE_CHOICES as readonly string[]).includes(value ?? '');
}

/** The style prose is written in: an export format has no in-text form, so its prose falls back to APA. */
export function proseStyle(style: StyleOrExport): ReferenceStyle {
  return style === 'bibtex' || style === 'ris' ? 'apa' : style;
}

/** The server's chosen style, else APA. A value the database holds but Lectern no longer offers is ignored. */
export function defaultStyle(context: AppContext, guildId: string | null): StyleOrExport {
  const stored = guildId ? context.settings.get(guildId).citationStyle : null;
  return isStyleOrExport(stored) ? stored : 'apa';
}

export interface PassageCitation {
  inText: string;
  reference: string;
  styleLabel: string;
}

/** The in-text citation pointing at a passage, and its document's full reference, in the server's style. */
export function citationFor(context: AppContext, passage: Passage, guildId: string | null): PassageCitation {
  const document = context.corpus.getDocument(passage.documentId);
  if (!document) throw new UserError('That passage is no longer in the library.');
  const style = proseStyle(defaultStyle(context, guildId));
  return {
    inText: formatInText(document.csl, style, passage),
    reference: formatReference(document.csl, style),
    styleLabel: STYLE_LABELS[style],
  };
}

/** The reply to a Cite button: the passage's in-text citation and the document's full reference. */
export async function citePassageReply(
  context: AppContext,
  passageId: string,
  guildId: string | null,
): Promise<{ embeds: APIEmbed[] }> {
  const passage = context.corpus.getPassage(passageId);
  if (!passage) throw new UserError('That passage is no longer in the library.');
  const document = context.corpus.getDocument(passage.documentId);
  const citation = citationFor(context, passage, guildId);
  return {
    embeds: [
      fitEmbed({
        title: `Cite ${document?.shortTitle ?? ''}, ${passage.locator}`,
        description: `**In text:** ${citation.inText}\n**Reference (${citation.styleLabel}):** ${citation.reference}`,
      }),
    ],
  };
}
