import type { CslItem, LibraryDocument, Passage } from '../corpus/types.js';
import type { RichSegment, RichText } from '../text/rich-text.js';
import { normalizeRichText, unwrapParentheses } from '../text/rich-text.js';
import { formatInText, formatReference, locatorForPassage } from './format.js';
import type { ShapeOptions } from './shape.js';
import type { CitationStyle } from './vocabulary.js';

/**
 * How each style cites a work a reader met only through another (a secondary source): the work first,
 * then the source that names it. APA 7 (8.6) "(Yoon, 2002, as cited in Jung, 2013)"; MLA 9 "qtd. in";
 * Chicago 17 (15.52) "quoted in"; Cite Them Right "cited in".
 */
const THROUGH: Record<CitationStyle, string> = {
  apa: 'as cited in',
  mla: 'qtd. in',
  chicago: 'quoted in',
  harvard: 'cited in',
};

export interface PassageCitation {
  /** What a reader writes after quoting the passage. */
  inText: RichText;
  /** The work the citation credits: the passage's document, or the work a reference entry names. */
  work: CslItem;
  reference: RichText;
  /** For a reference-list entry: the document that lists the work, and its reference. */
  listedIn?: { work: CslItem; reference: RichText };
}

/** "(A)" and "(B)" → "(A, as cited in B)". */
function citedThrough(work: RichText, source: RichText, style: CitationStyle): RichText {
  const joined: RichSegment[] = [
    { text: '(' },
    ...unwrapParentheses(work),
    { text: `, ${THROUGH[style]} ` },
    ...unwrapParentheses(source),
    { text: ')' },
  ];
  return normalizeRichText(joined);
}

/**
 * The one rule for citing a passage. A paragraph, the abstract or the keywords are the document's own
 * words and cite the document at that place. A reference-list entry is not the listing document's claim:
 * it names another work, so the citation credits that work, through the document that lists it, and never
 * as "(Jung, 2013, reference 48)".
 */
/**
 * The work a passage's words belong to: the document itself, or, for a reference-list entry, the work the
 * entry names (which the document only lists). Citations and exports of a passage credit this work.
 */
export function citedWork(document: LibraryDocument, passage: Passage): CslItem {
  if (passage.kind !== 'reference') return document.csl;
  return document.references.find((reference) => reference.number === passage.ordinal)?.csl ?? document.csl;
}

export function citePassage(
  document: LibraryDocument,
  passage: Passage,
  style: CitationStyle,
  options: ShapeOptions = {},
): PassageCitation {
  const entry =
    passage.kind === 'reference'
      ? document.references.find((reference) => reference.number === passage.ordinal)
      : undefined;
  const documentReference = formatReference(document.csl, style, options);
  if (!entry) {
    return {
      inText: formatInText(document.csl, style, locatorForPassage(passage)),
      work: document.csl,
      reference: documentReference,
    };
  }
  return {
    inText: citedThrough(formatInText(entry.csl, style), formatInText(document.csl, style), style),
    work: entry.csl,
    reference: formatReference(entry.csl, style, options),
    listedIn: { work: document.csl, reference: documentReference },
  };
}
