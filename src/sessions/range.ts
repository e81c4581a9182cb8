import type { Passage } from '../corpus/types.js';

/**
 * Resolves what a reader typed as the start or end of a reading ("3", "para. 3", "p3", "reference 12",
 * "abstract", or a full passage id) against one document's passages.
 */
export function findPassage(passages: readonly Passage[], reference: string): Passage | undefined {
  const wanted = reference.trim().toLowerCase();
  if (wanted === '') return undefined;
  const byId = passages.find(
    (passage) =>
      passage.id.toLowerCase() === wanted || passage.id.toLowerCase() === `${passage.documentId}#${wanted}`,
  );
  if (byId) return byId;
  const byLocator = passages.find((passage) => passage.locator.toLowerCase() === wanted);
  if (byLocator) return byLocator;
  if (/^\d+$/.test(wanted)) {
    const ordinal = Number(wanted);
    // A bare number means a paragraph where the document has them, else a reference-list entry.
    const kind = passages.some((passage) => passage.kind === 'paragraph') ? 'paragraph' : 'reference';
    return passages.find((passage) => passage.kind === kind && passage.ordinal === ordinal);
  }
  return undefined;
}

/**
 * The passages from `from` to `to` inclusive, in document order; both default to the ends of the document.
 * Returns an error message for the reader when a bound is unknown or the range runs backwards.
 */
export function resolvePassageRange(
  passages: readonly Passage[],
  from?: string,
  to?: string,
): { passages: Passage[] } | { error: string } {
  if (passages.length === 0) return { error: 'This document has no passages to read.' };
  const start = from === undefined || from.trim() === '' ? passages[0] : findPassage(passages, from);
  if (!start)
    return { error: `I could not find "${from}" in this document. Try a number such as 3 or "para. 3".` };
  const end =
    to === undefined || to.trim() === '' ? passages[passages.length - 1] : findPassage(passages, to);
  if (!end)
    return { error: `I could not find "${to}" in this document. Try a number such as 3 or "para. 3".` };
  const startIndex = passages.indexOf(start);
  const endIndex = passages.indexOf(end);
  if (endIndex < startIndex) {
    return { error: `The reading cannot run backwards: ${start.locator} comes after ${end.locator}.` };
  }
  return { passages: passages.slice(startIndex, endIndex + 1) };
}
