import { proseStyle, STYLE_LABELS, type StyleChoice } from '../citations/index.js';
import type { CslItem, Passage } from '../corpus/types.js';
import { exportItems, formatReferences, passageInText } from '../discord/citing.js';
import type { AppContext } from './context.js';

/**
 * Citations for reading sessions: the in-text citation under each passage, the recap's bibliography and its
 * `.bib`, each in the style the session was started with.
 */

export function styleLabel(style: StyleChoice): string {
  return STYLE_LABELS[proseStyle(style)];
}

/** "(Park, 2013, para. 5)" for a passage, in `style`; a reference entry credits the work it names. */
export function formatPassageInText(context: AppContext, passage: Passage, style: StyleChoice): string {
  return passageInText(context, passage, style);
}

/**
 * Every work a session cited: its document, and each reference-list entry it read out (an entry of
 * document B is itself a citable work). Ordered as read, without duplicates.
 */
export function sessionWorks(
  context: AppContext,
  documentId: string,
  passageIds: readonly string[],
): CslItem[] {
  const document = context.corpus.getDocument(documentId);
  if (!document) return [];
  const works = new Map<string, CslItem>([[document.csl.id, document.csl]]);
  for (const passageId of passageIds) {
    const passage = context.corpus.getPassage(passageId);
    if (passage?.kind !== 'reference') continue;
    const entry = document.references.find((reference) => reference.number === passage.ordinal);
    if (entry) works.set(entry.csl.id, entry.csl);
  }
  return [...works.values()];
}

/** Reference-list entries in `style`, ordered and disambiguated as the style orders a reference list. */
export function formatBibliography(items: readonly CslItem[], style: StyleChoice): string[] {
  return formatReferences(items, proseStyle(style));
}

export function exportBibtex(items: readonly CslItem[]): string {
  return exportItems(items, 'bibtex');
}
