import { corpusOf } from '../../src/corpus/corpus.js';
import type { Corpus, LibraryDocument, Passage } from '../../src/corpus/types.js';

/** Splits on sentence-final punctuation followed by a space: enough for hand-written fixture text. */
function sentences(text: string) {
  const spans: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?](?=\s|$)/g)) {
    const end = match.index + 1;
    spans.push({ start, end });
    start = end + 1;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans;
}

export function fixtureDocument(
  id: string,
  paragraphs: string[],
  extra: Partial<LibraryDocument> = {},
): LibraryDocument {
  const passages: Passage[] = paragraphs.map((text, index) => ({
    id: `${id}#p${index + 1}`,
    documentId: id,
    kind: 'paragraph',
    ordinal: index + 1,
    locator: `para. ${index + 1}`,
    text,
    sentences: sentences(text),
  }));
  return {
    id,
    file: `${id}.md`,
    shortTitle: id,
    csl: { id, type: 'report', title: `Fixture ${id}` },
    fullText: true,
    keywords: [],
    passages,
    references: [],
    ...extra,
  };
}

export function fixtureCorpus(documents: LibraryDocument[]): Corpus {
  return corpusOf(documents);
}
