import type { Corpus, LibraryDocument, Passage, PassageKind } from '../../src/corpus/types.js';

/** Sentence spans by a plain full-stop rule; good enough for the hand-written fixtures below. */
function spans(text: string) {
  const result: Array<{ start: number; end: number }> = [];
  for (const match of text.matchAll(/[^.!?]+[.!?]+/g)) {
    const raw = match[0];
    const start = match.index + (raw.length - raw.trimStart().length);
    result.push({ start, end: match.index + raw.length });
  }
  return result;
}

export function passage(documentId: string, kind: PassageKind, ordinal: number, text: string): Passage {
  const suffix = kind === 'paragraph' ? `p${ordinal}` : kind === 'reference' ? `ref${ordinal}` : kind;
  const locator =
    kind === 'paragraph' ? `para. ${ordinal}` : kind === 'reference' ? `reference ${ordinal}` : kind;
  return { id: `${documentId}#${suffix}`, documentId, kind, ordinal, locator, text, sentences: spans(text) };
}

export function document(
  id: string,
  title: string,
  passages: Passage[],
  options: Partial<LibraryDocument> = {},
): LibraryDocument {
  return {
    id,
    file: `${id}.md`,
    shortTitle: id,
    csl: { id, type: 'report', title },
    fullText: true,
    keywords: [],
    references: [],
    passages,
    ...options,
  };
}

export function corpusOf(documents: LibraryDocument[]): Corpus {
  const passages = documents.flatMap((entry) => entry.passages);
  return {
    documents,
    passages,
    getDocument: (id) => documents.find((entry) => entry.id === id),
    getPassage: (id) => passages.find((entry) => entry.id === id),
  };
}
