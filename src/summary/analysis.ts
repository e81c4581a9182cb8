import type { Corpus, LibraryDocument, Passage } from '../corpus/types.js';
import { type KeyTerm, logOddsKeyTerms } from './key-terms.js';
import { inverseFrequencies, textRank, tfidfVector, type Vector } from './rank.js';
import { type ReferenceProfile, referenceProfile } from './reference-profile.js';
import { sentenceTerms, TermCounter } from './text.js';

/** A sentence exactly as its passage prints it: `passage.text.slice(start, end) === text`. */
export interface SourceSentence {
  text: string;
  passageId: string;
  locator: string;
  start: number;
  end: number;
}

export interface RankedSentence extends SourceSentence {
  /** Order in the document (passage order, then sentence order), from 0. */
  order: number;
  /** TextRank score times the position prior; comparable only within one document. */
  score: number;
  vector: Vector;
}

export interface DocumentAnalysis {
  document: LibraryDocument;
  /**
   * Where the extract comes from: the body's paragraphs, or, for a work whose full text is not in the corpus,
   * its abstract. Reference entries and keyword lists are never candidates.
   */
  extractSource: 'body' | 'abstract' | 'none';
  candidates: RankedSentence[];
  abstract?: Passage;
  /** The document's own words: paragraphs, abstract and keywords (not the works it cites). */
  terms: TermCounter;
  /** Up to KEY_TERM_POOL key terms, most distinctive first. */
  keyTerms: KeyTerm[];
  referenceProfile?: ReferenceProfile;
}

export interface LibraryAnalysis {
  documents: Map<string, DocumentAnalysis>;
}

export const KEY_TERM_POOL = 40;

/** A sentence shorter than this (in words) is a heading or a fragment, not a statement worth extracting. */
const MIN_SENTENCE_WORDS = 5;

/** Position prior: earlier paragraphs, a paragraph's opening sentence and echoes of the title weigh more. */
const EARLY_PASSAGE_BONUS = 0.25;
const OPENING_SENTENCE_BONUS = 0.15;
const TITLE_ECHO_BONUS = 0.25;

export function sentencesOf(passages: readonly Passage[]): SourceSentence[] {
  return passages.flatMap((passage) => {
    const spans = passage.sentences.length > 0 ? passage.sentences : [{ start: 0, end: passage.text.length }];
    return spans.flatMap((span) => {
      const raw = passage.text.slice(span.start, span.end);
      const text = raw.trim();
      if (!text) return [];
      const start = span.start + (raw.length - raw.trimStart().length);
      return [{ text, passageId: passage.id, locator: passage.locator, start, end: start + text.length }];
    });
  });
}

interface Candidate {
  sentence: SourceSentence;
  passageIndex: number;
  passageCount: number;
  sentenceIndex: number;
  terms: string[];
}

function candidatesOf(document: LibraryDocument): {
  source: DocumentAnalysis['extractSource'];
  list: Candidate[];
} {
  const paragraphs = document.passages.filter((passage) => passage.kind === 'paragraph');
  const abstracts = document.passages.filter((passage) => passage.kind === 'abstract');
  const [source, passages] =
    paragraphs.length > 0
      ? (['body', paragraphs] as const)
      : abstracts.length > 0
        ? (['abstract', abstracts] as const)
        : (['none', []] as const);
  const list: Candidate[] = [];
  passages.forEach((passage, passageIndex) => {
    sentencesOf([passage]).forEach((sentence, sentenceIndex) => {
      list.push({
        sentence,
        passageIndex,
        passageCount: passages.length,
        sentenceIndex,
        terms: sentenceTerms(sentence.text),
      });
    });
  });
  const statements = list.filter(
    (candidate) => candidate.sentence.text.split(/\s+/).length >= MIN_SENTENCE_WORDS,
  );
  return { source, list: statements.length > 0 ? statements : list };
}

function ownTerms(document: LibraryDocument): TermCounter {
  const counter = new TermCounter();
  for (const passage of document.passages) {
    if (passage.kind !== 'reference') counter.addPassage(passage);
  }
  return counter;
}

function analyse(corpus: Corpus): LibraryAnalysis {
  const perDocument = corpus.documents.map((document) => ({ document, ...candidatesOf(document) }));
  // IDF over every candidate sentence in the library: a word every document leans on ("North Korea")
  // links sentences less than one particular to an argument does.
  const idf = inverseFrequencies(perDocument.flatMap(({ list }) => list.map((candidate) => candidate.terms)));
  const counters = new Map(corpus.documents.map((document) => [document.id, ownTerms(document)]));

  const documents = new Map<string, DocumentAnalysis>();
  for (const { document, source, list } of perDocument) {
    const vectors = list.map((candidate) => tfidfVector(candidate.terms, idf));
    const ranks = textRank(vectors);
    const titleTerms = new Set(sentenceTerms(document.csl.title ?? ''));
    const candidates = list.map((candidate, order): RankedSentence => {
      const echoed = new Set(candidate.terms.filter((term) => titleTerms.has(term))).size;
      const prior =
        1 +
        (EARLY_PASSAGE_BONUS * (candidate.passageCount - candidate.passageIndex)) / candidate.passageCount +
        (candidate.sentenceIndex === 0 ? OPENING_SENTENCE_BONUS : 0) +
        (titleTerms.size > 0 ? (TITLE_ECHO_BONUS * echoed) / titleTerms.size : 0);
      return {
        ...candidate.sentence,
        order,
        score: (ranks[order] ?? 0) * prior,
        vector: vectors[order] as Vector,
      };
    });
    const terms = counters.get(document.id) as TermCounter;
    const rest = corpus.documents
      .filter((other) => other.id !== document.id)
      .map((other) => counters.get(other.id) as TermCounter);
    const abstract = document.passages.find((passage) => passage.kind === 'abstract');
    const profile = referenceProfile(document);
    documents.set(document.id, {
      document,
      extractSource: source,
      candidates,
      ...(abstract ? { abstract } : {}),
      terms,
      keyTerms: logOddsKeyTerms(terms, rest, KEY_TERM_POOL),
      ...(profile ? { referenceProfile: profile } : {}),
    });
  }
  return { documents };
}

const cache = new WeakMap<Corpus, LibraryAnalysis>();

/** Everything the summaries need, computed once per corpus object. A reloaded corpus is a new object. */
export function libraryAnalysis(corpus: Corpus): LibraryAnalysis {
  let analysis = cache.get(corpus);
  if (!analysis) {
    analysis = analyse(corpus);
    cache.set(corpus, analysis);
  }
  return analysis;
}

export function documentAnalysis(corpus: Corpus, documentId: string): DocumentAnalysis {
  const analysis = libraryAnalysis(corpus).documents.get(documentId);
  if (!analysis) throw new Error(`No document "${documentId}" in this corpus.`);
  return analysis;
}
