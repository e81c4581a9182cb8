import type { Corpus, LibraryDocument, Passage, PassageKind } from '../corpus/types.js';
import type { Searcher, SearchHit } from '../search/types.js';
import { documentAnalysis } from '../summary/analysis.js';
import { type KeyTerm, keyTermsOf, type SourceSentence, thesisSentence } from '../summary/index.js';
import { bestExcerpt, type Excerpt, matchScore, queryTerms } from './excerpt.js';

export type { Excerpt } from './excerpt.js';
export { bestExcerpt, queryTerms, sameFamily } from './excerpt.js';

/** What the UI needs to name a document and say how much of it the corpus holds. */
export interface DocumentLabel {
  documentId: string;
  /** e.g. "Park (2013)". */
  label: string;
  fullText: boolean;
  coverageNote?: string;
}

export interface TopicPassage {
  passageId: string;
  locator: string;
  kind: PassageKind;
  /** The search engine's score, for ordering only. */
  score: number;
  /** A sentence or two of the passage, verbatim, with offsets into the passage text. */
  excerpt: Excerpt;
}

/** A cited work whose title names the topic: the document's source list, not its argument. */
export interface CitedWork {
  passageId: string;
  locator: string;
  /** The reference entry exactly as printed. */
  text: string;
}

export type TopicSide = DocumentLabel &
  (
    | { addressed: true; passages: TopicPassage[]; citedWorks: CitedWork[] }
    | { addressed: false; citedWorks: CitedWork[] }
  );

export interface TopicComparison {
  kind: 'topic';
  topic: string;
  sides: [TopicSide, TopicSide];
}

/** What a document says on a theme: its best sentence, or nothing when it does not take the theme up. */
export type Stance = { addressed: true; quotation: Excerpt } | { addressed: false };

export interface OverviewSide extends DocumentLabel {
  /** The top-ranked sentence of the summary ranking. */
  thesis?: SourceSentence;
  /** Key terms of this document the other never uses. */
  uniqueTerms: KeyTerm[];
  coercion: Stance;
  engagement: Stance;
}

export interface SharedTerm {
  term: string;
  /** Occurrences in each document's own text, in the order of `sides`. */
  counts: [number, number];
}

export interface OverviewComparison {
  kind: 'overview';
  sides: [OverviewSide, OverviewSide];
  sharedTerms: SharedTerm[];
}

export type Comparison = TopicComparison | OverviewComparison;

export class CompareError extends Error {
  override name = 'CompareError';
}

/** Passages that state the author's argument; reference entries are other people's words. */
const isArgument = (passage: Passage) => passage.kind === 'paragraph' || passage.kind === 'abstract';
const isKeywords = (passage: Passage) => passage.kind === 'keywords';
const isReference = (passage: Passage) => passage.kind === 'reference';

const MAX_PASSAGES = 2;
/** A second passage is shown only if it scores at least this share of the first: never a filler passage. */
const SECOND_PASSAGE_SHARE = 0.5;
const MAX_CITED_WORKS = 3;
const UNIQUE_TERMS = 8;
const SHARED_TERMS = 8;
export const COERCION_QUERY = 'coercion coercive';
export const ENGAGEMENT_QUERY = 'engagement';

function labelOf(document: LibraryDocument): DocumentLabel {
  return {
    documentId: document.id,
    label: document.shortTitle,
    fullText: document.fullText,
    ...(document.coverageNote ? { coverageNote: document.coverageNote } : {}),
  };
}

function toTopicPassage(hit: SearchHit, topicTerms: readonly string[]): TopicPassage | undefined {
  const excerpt = bestExcerpt(hit.passage, topicTerms, hit.matchedTerms);
  return excerpt
    ? {
        passageId: hit.passage.id,
        locator: hit.passage.locator,
        kind: hit.passage.kind,
        score: hit.score,
        excerpt,
      }
    : undefined;
}

/** Reference entries whose title carries every content word of the topic. */
function citedWorks(searcher: Searcher, document: LibraryDocument, topic: string, terms: readonly string[]) {
  if (terms.length === 0) return [];
  const titles = new Map(document.references.map((entry) => [entry.number, entry.csl.title ?? '']));
  return searcher
    .search(topic, { documentId: document.id, filter: isReference, limit: 10 })
    .filter((hit) => {
      const title = titles.get(hit.passage.ordinal) ?? '';
      return terms.every((term) => matchScore(title, [term], []) > 0);
    })
    .slice(0, MAX_CITED_WORKS)
    .map(
      (hit): CitedWork => ({
        passageId: hit.passage.id,
        locator: hit.passage.locator,
        text: hit.passage.text,
      }),
    );
}

function topicSide(searcher: Searcher, document: LibraryDocument, topic: string): TopicSide {
  const terms = queryTerms(topic);
  const cited = citedWorks(searcher, document, topic, terms);
  // The argument first; a keyword list counts only when the argument itself is silent on the topic.
  let hits = searcher.search(topic, { documentId: document.id, filter: isArgument, limit: MAX_PASSAGES });
  if (hits.length === 0)
    hits = searcher.search(topic, { documentId: document.id, filter: isKeywords, limit: 1 });
  const top = hits[0]?.score ?? 0;
  const passages = hits
    .filter((hit, index) => index === 0 || hit.score >= top * SECOND_PASSAGE_SHARE)
    .flatMap((hit) => toTopicPassage(hit, terms) ?? []);
  return passages.length > 0
    ? { ...labelOf(document), addressed: true, passages, citedWorks: cited }
    : { ...labelOf(document), addressed: false, citedWorks: cited };
}

function stance(searcher: Searcher, document: LibraryDocument, query: string): Stance {
  const terms = queryTerms(query);
  for (const hit of searcher.search(query, { documentId: document.id, filter: isArgument, limit: 3 })) {
    // One sentence: a stance is what the single best sentence says.
    const quotation = bestExcerpt(hit.passage, terms, hit.matchedTerms, { maxSentences: 1 });
    if (quotation) return { addressed: true, quotation };
  }
  return { addressed: false };
}

function overview(corpus: Corpus, searcher: Searcher, documents: [LibraryDocument, LibraryDocument]) {
  const counters = documents.map((document) => documentAnalysis(corpus, document.id).terms);
  const sides = documents.map((document, index): OverviewSide => {
    const other = counters[1 - index];
    const thesis = thesisSentence(corpus, document.id);
    return {
      ...labelOf(document),
      ...(thesis ? { thesis } : {}),
      uniqueTerms: keyTermsOf(corpus, document.id, 40)
        .filter((term) => (other?.counts.get(term.key) ?? 0) === 0)
        .slice(0, UNIQUE_TERMS),
      coercion: stance(searcher, document, COERCION_QUERY),
      engagement: stance(searcher, document, ENGAGEMENT_QUERY),
    };
  }) as [OverviewSide, OverviewSide];
  const [first, second] = counters as [(typeof counters)[number], (typeof counters)[number]];
  // Shared: words and phrases both use, ranked by how much the lighter user leans on them.
  const ranked = [...first.counts.keys()]
    .filter((key) => (second.counts.get(key) ?? 0) > 0)
    .map((key) => {
      const counts: [number, number] = [first.counts.get(key) ?? 0, second.counts.get(key) ?? 0];
      return { key, counts, weight: Math.min(counts[0] / first.total, counts[1] / second.total) };
    })
    .sort((a, b) => b.weight - a.weight || a.key.localeCompare(b.key));
  const phrases = ranked.filter(({ key }) => key.includes(' '));
  // A word shared only inside a shared phrase ("North" in "North Korea") adds nothing to the phrase.
  const standsAlone = ({ key, counts }: (typeof ranked)[number]) =>
    key.includes(' ') ||
    counts.every((count, side) => {
      const inPhrases = phrases
        .filter((phrase) => phrase.key.split(' ').includes(key))
        .reduce((sum, phrase) => sum + (phrase.counts[side] ?? 0), 0);
      return count > inPhrases;
    });
  const sharedTerms = ranked
    .filter(standsAlone)
    .slice(0, SHARED_TERMS)
    .map(({ key, counts }): SharedTerm => ({ term: first.surface(key), counts }));
  return { kind: 'overview' as const, sides, sharedTerms };
}

/**
 * Two documents side by side. With a topic: each one's one or two most relevant passages, quoted verbatim,
 * or `addressed: false` when the search engine finds nothing above its relevance floor. Without one: the
 * two theses, the key terms unique to each and shared, and what each says about coercion and engagement.
 */
export function compareDocuments(
  corpus: Corpus,
  searcher: Searcher,
  docIds: [string, string],
  topic?: string,
): Comparison {
  const documents = docIds.map((id) => {
    const document = corpus.getDocument(id);
    if (!document) throw new CompareError(`No document "${id}" in the library.`);
    return document;
  }) as [LibraryDocument, LibraryDocument];
  if (docIds[0] === docIds[1]) throw new CompareError('Pick two different documents to compare.');
  const trimmed = topic?.trim() ?? '';
  if (!trimmed) return overview(corpus, searcher, documents);
  return {
    kind: 'topic',
    topic: trimmed,
    sides: [topicSide(searcher, documents[0], trimmed), topicSide(searcher, documents[1], trimmed)],
  };
}

/** Lectern's own words for a side that does not take a topic up, with the coverage caveat when it matters. */
export function notAddressedMessage(side: DocumentLabel, topic: string): string {
  const base = `${side.label} does not address “${topic}” in the corpus.`;
  return side.fullText ? base : `${base} ${side.coverageNote ?? 'Its full text is not in the corpus.'}`;
}
