import type { LibraryDocument, Passage } from '../corpus/types.js';
import { passageSentences, processTerm, tokenize } from '../text/index.js';

/** A sentence exactly as the source prints it, with where it stands. */
export interface SourceSentence {
  text: string;
  passageId: string;
  locator: string;
  /** Position of the passage in its document and of the sentence in its passage, from 0. */
  passageIndex: number;
  sentenceIndex: number;
  terms: string[];
}

/** Kinds of passage that carry the author's argument (reference entries and keyword lists do not). */
export function isArgument(passage: Passage): boolean {
  return passage.kind === 'paragraph' || passage.kind === 'abstract';
}

export function sentencesOf(
  document: LibraryDocument,
  include: (passage: Passage) => boolean = isArgument,
): SourceSentence[] {
  const sentences: SourceSentence[] = [];
  document.passages.filter(include).forEach((passage, passageIndex) => {
    passageSentences(passage).forEach(({ text }, sentenceIndex) => {
      sentences.push({
        text,
        passageId: passage.id,
        locator: passage.locator,
        passageIndex,
        sentenceIndex,
        terms: tokenize(text).flatMap((token) => processTerm(token) ?? []),
      });
    });
  });
  return sentences;
}
