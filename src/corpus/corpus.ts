import type { Corpus, LibraryDocument, Passage } from './types.js';

/** A corpus of these documents, in this order, with their passages looked up by id. */
export function corpusOf(documents: readonly LibraryDocument[]): Corpus {
  const documentsById = new Map(documents.map((document) => [document.id, document]));
  const passages = documents.flatMap((document) => document.passages);
  const passagesById = new Map<string, Passage>(passages.map((passage) => [passage.id, passage]));
  return {
    documents,
    passages,
    getDocument: (id) => documentsById.get(id),
    getPassage: (id) => passagesById.get(id),
  };
}
