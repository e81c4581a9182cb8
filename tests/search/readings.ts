import { syntheticCorpus } from '../../bench/synthetic.js';
import type { LibraryDocument } from '../../src/corpus/types.js';

/**
 * One synthetic reading of `passageCount` passages, as a server's upload would be: one document with many
 * passages (bench/synthetic.ts makes libraries of 100-passage documents), by a named author.
 */
export function syntheticReading(
  id: string,
  passageCount: number,
  words: readonly string[],
  random: () => number,
): LibraryDocument {
  const generated = syntheticCorpus(passageCount, words, random);
  const passages = generated.passages.map((passage, index) => ({
    ...passage,
    id: `${id}#p${index + 1}`,
    documentId: id,
    ordinal: index + 1,
    locator: `para. ${index + 1}`,
  }));
  const first = generated.documents[0] as LibraryDocument;
  return {
    ...first,
    id,
    file: `${id}.md`,
    shortTitle: id,
    csl: { id, type: 'report', title: id, author: [{ given: 'Mira', family: 'Solberg' }] },
    passages,
  };
}
