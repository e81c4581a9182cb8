import type { LibraryDocument, Passage } from '../corpus/types.js';
import { processTerm, tokenize } from '../text/index.js';

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
    const spans = passage.sentences.length > 0 ? passage.sentences : [{ start: 0, end: passage.text.length }];
    spans.forEach((span, sentenceIndex) => {
      const text = passage.text.slice(span.start, span.end).trim();
      if (text.length === 0) return;
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
