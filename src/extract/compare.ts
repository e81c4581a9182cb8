import type { Corpus, LibraryDocument } from '../corpus/types.js';
import type { Searcher, SearchHit } from '../search/types.js';
import type { SourceSentence } from './sentences.js';
import { isArgument, sentencesOf } from './sentences.js';
import { argumentTexts, keyTerms, termCounts, thesis } from './summary.js';

/** A sentence quoted verbatim from a passage, with its locator. */
export interface Quotation {
  text: string;
  passageId: string;
  locator: string;
}

export type TopicColumn =
  | { documentId: string; addressed: true; quotations: Quotation[] }
  | { documentId: string; addressed: false };

export interface TopicComparison {
  topic: string;
  columns: TopicColumn[];
}

export interface OverallComparison {
  theses: Array<{ documentId: string; thesis?: Quotation }>;
  uniqueTerms: Array<{ documentId: string; terms: string[] }>;
  sharedTerms: string[];
  /** What each document says about coercion and about engagement, or undefined where it doesn't. */
  stances: Array<{ documentId: string; coercion?: Quotation; engagement?: Quotation }>;
}

const PASSAGES_PER_COLUMN = 2;

/** The sentence of a hit's passage that carries most of the query's matched terms, quoted whole. */
export function bestSentence(hit: SearchHit, corpus: Corpus): Quotation | undefined {
  const document = corpus.getDocument(hit.passage.documentId);
  if (!document) return undefined;
  const sentences = sentencesOf(document, (passage) => passage.id === hit.passage.id);
  const matched = new Set(hit.matchedTerms);
  let best: SourceSentence | undefined;
  let bestScore = -1;
  for (const sentence of sentences) {
    const score = new Set(sentence.terms.filter((term) => matched.has(term))).size;
    if (score > bestScore) {
      bestScore = score;
      best = sentence;
    }
  }
  return best ? { text: best.text, passageId: best.passageId, locator: best.locator } : undefined;
}

export function compareOnTopic(
  corpus: Corpus,
  searcher: Searcher,
  documentIds: readonly string[],
  topic: string,
): TopicComparison {
  return {
    topic,
    columns: documentIds.map((documentId) => {
      // A document addresses a topic in its argument; the works it cites are other people's words.
      const hits = searcher.search(topic, { documentId, limit: PASSAGES_PER_COLUMN, filter: isArgument });
      const quotations = hits.flatMap((hit) => bestSentence(hit, corpus) ?? []);
      return quotations.length > 0
        ? { documentId, addressed: true as const, quotations }
        : { documentId, addressed: false as const };
    }),
  };
}

function firstQuotation(
  corpus: Corpus,
  searcher: Searcher,
  documentId: string,
  query: string,
): Quotation | undefined {
  const [hit] = searcher.search(query, { documentId, limit: 1, filter: isArgument });
  return hit ? bestSentence(hit, corpus) : undefined;
}

const overallCache = new WeakMap<Corpus, WeakMap<Searcher, Map<string, OverallComparison>>>();

/**
 * The corpus and its index never change once loaded, so the comparison of the same documents is computed
 * once and shared (callers must not mutate it).
 */
export function compareOverall(
  corpus: Corpus,
  searcher: Searcher,
  documents: readonly LibraryDocument[],
): OverallComparison {
  let bySearcher = overallCache.get(corpus);
  if (!bySearcher) {
    bySearcher = new WeakMap();
    overallCache.set(corpus, bySearcher);
  }
  let byDocuments = bySearcher.get(searcher);
  if (!byDocuments) {
    byDocuments = new Map();
    bySearcher.set(searcher, byDocuments);
  }
  const key = documents.map((document) => document.id).join('\u0000');
  let comparison = byDocuments.get(key);
  if (!comparison) {
    comparison = computeOverall(corpus, searcher, documents);
    byDocuments.set(key, comparison);
  }
  return comparison;
}

function computeOverall(
  corpus: Corpus,
  searcher: Searcher,
  documents: readonly LibraryDocument[],
): OverallComparison {
  const termsByDocument = documents.map((document) => ({
    documentId: document.id,
    terms: keyTerms(document, corpus, 40).map((term) => term.term),
  }));
  const lower = (terms: string[]) => new Set(terms.map((term) => term.toLowerCase()));
  const sets = termsByDocument.map(({ terms }) => lower(terms));
  // Shared: content words and phrases every document uses, ranked by how much the least-using one uses them.
  const counted = documents.map((document) => termCounts(argumentTexts(document)));
  const sharedTerms = [...(counted[0]?.counts.keys() ?? [])]
    .filter((key) => counted.every(({ counts }) => (counts.get(key) ?? 0) >= 1))
    .map((key) => ({ key, weight: Math.min(...counted.map(({ counts }) => counts.get(key) ?? 0)) }))
    .sort((a, b) => b.weight - a.weight || a.key.localeCompare(b.key))
    .slice(0, 8)
    .map(({ key }) => counted[0]?.surface.get(key) ?? key);
  return {
    theses: documents.map((document) => {
      const sentence = thesis(document, corpus);
      return {
        documentId: document.id,
        ...(sentence
          ? { thesis: { text: sentence.text, passageId: sentence.passageId, locator: sentence.locator } }
          : {}),
      };
    }),
    uniqueTerms: termsByDocument.map(({ documentId, terms }, index) => ({
      documentId,
      terms: terms
        .filter(
          (term) => !sets.some((other, otherIndex) => otherIndex !== index && other.has(term.toLowerCase())),
        )
        .slice(0, 8),
    })),
    sharedTerms,
    stances: documents.map((document) => {
      const coercion = firstQuotation(corpus, searcher, document.id, 'coercion coercive');
      const engagement = firstQuotation(corpus, searcher, document.id, 'engagement');
      return {
        documentId: document.id,
        ...(coercion ? { coercion } : {}),
        ...(engagement ? { engagement } : {}),
      };
    }),
  };
}
