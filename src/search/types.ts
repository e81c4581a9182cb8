import type { LibraryDocument, Passage } from '../corpus/types.js';

/** A piece of an excerpt; `match` pieces are query terms the Discord layer shows in bold. */
export interface ExcerptSegment {
  text: string;
  match: boolean;
}

export interface SearchHit {
  passage: Passage;
  document: LibraryDocument;
  score: number;
  /** At most ~300 characters centred on the best-matching sentence, cut at word boundaries with "…". */
  excerpt: string;
  /** The same excerpt split into plain and matched segments. */
  segments: ExcerptSegment[];
  /** Index terms the query matched in this passage. */
  matchedTerms: string[];
  /** Which of `passage.sentences` the excerpt shows. */
  sentenceWindow: SentenceWindow;
}

/**
 * Sentences of a passage by index into `passage.sentences` (a passage without sentence spans counts as
 * one sentence, index 0): `best` is the one the excerpt is centred on, `first`..`last` (inclusive) the
 * ones it shows, wholly or, when one sentence is over the budget, in part.
 */
export interface SentenceWindow {
  first: number;
  last: number;
  best: number;
}

export interface SearchOptions {
  /** Only passages of this document. */
  documentId?: string;
  /** Only passages this predicate accepts (e.g. those a reading session has covered). */
  filter?: (passage: Passage) => boolean;
  limit?: number;
}

export interface Searcher {
  search(query: string, options?: SearchOptions): SearchHit[];
  suggest(prefix: string, options?: { documentId?: string; limit?: number }): string[];
}
