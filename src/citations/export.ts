// @ts-expect-error citation-js ships no type declarations
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { CslItem } from '../corpus/types.js';
import type { ExportFormat } from './vocabulary.js';

/**
 * The item as a reference manager should read it:
 * - BibTeX and RIS have a year and a month but no season, so a season is not exported (and never turned
 *   into a month).
 * - A report in a series gets its kind in BibTeX's `type` (from CSL `genre`): the standard .bst styles
 *   print `type` before a @techreport's number and fall back to "Technical Report 9A" without it.
 */
function forExport(item: CslItem, format: ExportFormat): CslItem {
  let exported = item;
  if (exported.issued?.season !== undefined) {
    const { season: _season, ...issued } = exported.issued;
    exported = { ...exported, issued };
  }
  if (format === 'bibtex' && exported.type === 'report' && exported['collection-title'] && !exported.genre) {
    exported = { ...exported, genre: exported['collection-title'] };
  }
  return exported;
}

/**
 * One item's export, by item and format: /cite exports the same few works over and over, and citation-js
 * takes a millisecond or two each time. Items are never changed once loaded (as citeproc's memo in
 * ./format.ts relies on too), so the item object itself is the key, and an edited document is a new one.
 */
const exportedItems = new WeakMap<CslItem, Map<ExportFormat, string>>();

/** BibTeX or RIS; everything beyond forExport is citation-js's own mapping. */
export function exportItems(items: readonly CslItem[], format: ExportFormat): string {
  const [only] = items;
  if (items.length !== 1 || !only) return exportUnmemoised(items, format);
  let byFormat = exportedItems.get(only);
  if (!byFormat) {
    byFormat = new Map();
    exportedItems.set(only, byFormat);
  }
  let text = byFormat.get(format);
  if (text === undefined) {
    text = exportUnmemoised(items, format);
    byFormat.set(format, text);
  }
  return text;
}

function exportUnmemoised(items: readonly CslItem[], format: ExportFormat): string {
  const text = String(
    new Cite(items.map((item) => forExport(item, format))).format(format === 'bibtex' ? 'bibtex' : 'ris', {
      format: 'text',
    }),
  ).trim();
  return format === 'ris' ? unwrapRis(text) : text;
}

/**
 * plugin-ris breaks every value after 70 characters with a bare newline, which cuts URLs and titles in
 * two for other readers (and citation-js itself reads the break back as a space). RIS has no line limit
 * that needs it, so each continuation line is joined back onto its tag line.
 */
function unwrapRis(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (lines.length > 0 && line !== '' && !/^[A-Z][A-Z0-9] {2}-/.test(line)) lines[lines.length - 1] += line;
    else lines.push(line);
  }
  return lines.join('\n');
}
