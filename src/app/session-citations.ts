// @ts-expect-error citation-js ships no type declarations
import { Cite } from '@citation-js/core';
import type { CslItem, Passage } from '../corpus/types.js';
import {
  exportItems,
  formatInText,
  formatReference,
  htmlToMarkdown,
  type ReferenceStyle,
  STYLE_LABELS,
  type StyleOrExport,
} from './citing.js';
import type { AppContext } from './context.js';

/**
 * Citations for reading sessions: the in-text citation under each passage, the recap's bibliography and its
 * `.bib`. Every function takes the style explicitly so the formatter behind them can be swapped for the
 * citations module without touching the session commands.
 */

/** The style prose is written in: an export format has no in-text form, so its text falls back to APA. */
export function proseStyle(style: StyleOrExport): ReferenceStyle {
  return style === 'bibtex' || style === 'ris' ? 'apa' : style;
}

export function styleLabel(style: StyleOrExport): string {
  return STYLE_LABELS[proseStyle(style)];
}

/**
 * "(Park, 2013, para. 5)" for a passage, in `style`. Paragraphs are CSL paragraph locators; the abstract,
 * the keyword line and reference-list entries have no CSL label, so they follow as written ("(Jung, 2013,
 * reference 12)") instead of being misread as page numbers ("p. reference 12").
 */
export function formatPassageInText(context: AppContext, passage: Passage, style: StyleOrExport): string {
  const document = context.corpus.getDocument(passage.documentId);
  if (!document) return '';
  const prose = proseStyle(style);
  if (passage.kind === 'paragraph') return formatInText(document.csl, prose, passage.locator);
  const html = new Cite(document.csl).format('citation', {
    format: 'html',
    template: prose,
    lang: 'en-US',
    entry: [{ id: document.csl.id, suffix: `, ${passage.locator}` }],
  });
  return htmlToMarkdown(String(html));
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

/** Reference-list entries in `style`, alphabetised as all four supported styles order a list. */
export function formatBibliography(items: readonly CslItem[], style: StyleOrExport): string[] {
  return items
    .map((item) => formatReference(item, proseStyle(style)))
    .sort((a, b) => a.replace(/[*\\]/g, '').localeCompare(b.replace(/[*\\]/g, '')));
}

export function exportBibtex(items: readonly CslItem[]): string {
  return exportItems(items, 'bibtex');
}
