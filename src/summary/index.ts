import type { Corpus, LibraryDocument } from '../corpus/types.js';
import { type DocumentAnalysis, documentAnalysis, type SourceSentence } from './analysis.js';
import type { KeyTerm } from './key-terms.js';
import { selectByMmr } from './rank.js';
import type { ReferenceProfile } from './reference-profile.js';

export type { DocumentAnalysis, RankedSentence, SourceSentence } from './analysis.js';
export { documentAnalysis, libraryAnalysis, sentencesOf } from './analysis.js';
export type { KeyTerm } from './key-terms.js';
export type { CitedAuthor, CitedFamily, ReferenceProfile } from './reference-profile.js';
export { referenceProfile } from './reference-profile.js';
export { isStopWord, stem, TermCounter, termKey, tokenize } from './text.js';

export type SummaryLength = 'short' | 'medium' | 'long';

/** Target extract sizes; a small document gets fewer (see extractSize). */
export const SUMMARY_SENTENCES: Readonly<Record<SummaryLength, number>> = { short: 3, medium: 6, long: 10 };

/** An extract never takes more than this share of a document's candidate sentences, so it stays a summary. */
const MAX_SHARE = 0.6;

const KEY_TERMS_SHOWN = 12;

export interface Summary {
  documentId: string;
  /**
   * The author's abstract, to be shown whole and labelled as the author's. Absent when the document has no
   * abstract, and absent when the abstract is all the corpus holds of the argument: then `sentences` are
   * drawn from it and the abstract is not shown a second time.
   */
  abstract?: { text: string; passageId: string; locator: string };
  /** Lectern's extract: verbatim sentences in document order, each with its passage and locator. */
  sentences: SourceSentence[];
  /** Where `sentences` come from: the body text, or the abstract when the full text is not in the corpus. */
  extractSource: 'body' | 'abstract' | 'none';
  /** How many sentences the extract chose from, e.g. 7 for "3 of the abstract's 7 sentences". */
  candidateCount: number;
  keyTerms: KeyTerm[];
  /** What the corpus holds of the work, in words a reader can be shown. */
  coverage: string;
  /** Present when the document has a reference list. */
  referenceProfile?: ReferenceProfile;
}

/** Sentences an extract of this length takes from a document with `available` candidates. */
export function extractSize(length: SummaryLength, available: number): number {
  if (available <= 0) return 0;
  return Math.min(SUMMARY_SENTENCES[length], available, Math.max(1, Math.ceil(available * MAX_SHARE)));
}

const plural = (count: number, noun: string, nouns = `${noun}s`) => `${count} ${count === 1 ? noun : nouns}`;

function listInWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

export function coverageOf(document: LibraryDocument): string {
  const kinds = new Map<string, number>();
  for (const passage of document.passages) kinds.set(passage.kind, (kinds.get(passage.kind) ?? 0) + 1);
  const abstract = document.passages.find((passage) => passage.kind === 'abstract');
  const held = [
    kinds.get('paragraph') ? plural(kinds.get('paragraph') ?? 0, 'paragraph') : '',
    abstract ? `the abstract (${plural(abstract.sentences.length, 'sentence')})` : '',
    document.keywords.length > 0 ? plural(document.keywords.length, 'keyword') : '',
    document.references.length > 0
      ? plural(document.references.length, 'reference-list entry', 'reference-list entries')
      : '',
  ].filter(Boolean);
  const inCorpus = `In the corpus: ${listInWords(held) || 'nothing but its bibliographic record'}.`;
  if (document.fullText) return `Full text. ${inCorpus}`;
  const note = document.coverageNote ?? 'Only part of this work is in the corpus; its full text is not.';
  return `${note} ${inCorpus}`;
}

const toSource = ({ text, passageId, locator, start, end }: SourceSentence): SourceSentence => ({
  text,
  passageId,
  locator,
  start,
  end,
});

/**
 * An extractive summary: TextRank over TF-IDF sentence similarity with a position prior ranks the
 * candidates, MMR picks a varied few, and they are shown in document order, verbatim. Key terms, coverage
 * and the reference profile come with it. The corpus is analysed once; later calls only select.
 */
export function summarize(document: LibraryDocument, corpus: Corpus, length: SummaryLength): Summary {
  const analysis = documentAnalysis(corpus, document.id);
  const { candidates } = analysis;
  const chosen = selectByMmr(
    candidates.map((candidate) => candidate.score),
    candidates.map((candidate) => candidate.vector),
    extractSize(length, candidates.length),
  );
  const abstract = analysis.abstract;
  return {
    documentId: document.id,
    ...(abstract && analysis.extractSource === 'body'
      ? { abstract: { text: abstract.text, passageId: abstract.id, locator: abstract.locator } }
      : {}),
    sentences: chosen.sort((a, b) => a - b).map((index) => toSource(candidates[index] as SourceSentence)),
    extractSource: analysis.extractSource,
    candidateCount: candidates.length,
    keyTerms: analysis.keyTerms.slice(0, KEY_TERMS_SHOWN),
    coverage: coverageOf(analysis.document),
    ...(analysis.referenceProfile ? { referenceProfile: analysis.referenceProfile } : {}),
  };
}

/** The sentence that best stands for the whole document: the top of the summary ranking. */
export function thesisSentence(corpus: Corpus, documentId: string): SourceSentence | undefined {
  const { candidates } = documentAnalysis(corpus, documentId) satisfies DocumentAnalysis;
  let best: (typeof candidates)[number] | undefined;
  for (const candidate of candidates) if (!best || candidate.score > best.score) best = candidate;
  return best ? toSource(best) : undefined;
}

/** Key terms of a document, most distinctive against the rest of the library first. */
export function keyTermsOf(corpus: Corpus, documentId: string, limit = KEY_TERMS_SHOWN): KeyTerm[] {
  return documentAnalysis(corpus, documentId).keyTerms.slice(0, limit);
}
