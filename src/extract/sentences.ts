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

/** A sentence quoted verbatim from a passage, with its locator. */
export interface Quotation {
  text: string;
  passageId: string;
  locator: string;
}

/** A word or phrase as a reader sees it, with the index terms it is compared by. */
export interface ComparedTerm {
  term: string;
  words: string[];
}

export const quotationOf = (passage: Passage, text: string): Quotation => ({
  text,
  passageId: passage.id,
  locator: passage.locator,
});

/** Every sentence of the document's argument passages, with its passage. */
export function argumentSentences(document: LibraryDocument): Array<{ passage: Passage; text: string }> {
  return document.passages
    .filter(isArgument)
    .flatMap((passage) => passageSentences(passage).map((sentence) => ({ passage, text: sentence.text })));
}

/** A sentence that tells someone what to do. */
const RECOMMENDATION =
  /\b(?:should|must|ought to|needs? to|we need|requires?|recommends?|calls? for|propose[sd]?)\b/i;
/** Modal asides that recommend nothing: "it should be noted that". */
const ASIDE = /\b(?:should|must) be (?:noted|said|remembered|stressed|recalled|emphasi[sz]ed)\b/i;

/** Whether a sentence recommends a course of action (a modal or a requirement, not a modal aside). */
export function recommends(text: string): boolean {
  return RECOMMENDATION.test(text) && !ASIDE.test(text);
}
