import { processTerm, tokenize } from '../text/index.js';

/**
 * Every knob of search in one object: what is indexed and how, how query words are weighed, and the
 * floors below which a result is dropped. The index, the query plan, ranking and the tests read this one
 * object, so no two copies of an option can drift apart.
 */
export const SEARCH_OPTIONS = {
  index: {
    /**
     * The passage's words, and its document's authors (from the CSL metadata), so a question naming an
     * author reaches that author's passages and not only reference entries that share the surname. A
     * reference entry's title and names are in its text already: indexing them again would count them twice.
     */
    fields: ['text', 'byline'] as const,
    boost: { text: 1, byline: 0.5 } as Readonly<Record<string, number>>,
    /** The field kept as a term sequence per passage, for proximity. */
    sequenceField: 'text' as const,
    tokenize: (text: string): string[] => tokenize(text),
    processTerm: (token: string): string | null => processTerm(token),
    // Weaker length normalisation than MiniSearch's default (0.7): reference entries are a line long,
    // paragraphs a dozen lines, and a paragraph should not lose to a title just for being thorough.
    bm25: { k: 1.2, b: 0.4, d: 0.5 },
  },
  query: {
    /** Distinct informative words kept from a question; a pasted essay keeps its rarest words. */
    maxTerms: 32,
    maxChars: 1000,
    /** How much a match counts towards covering the typed word it stands for (the typed word itself: 1). */
    credit: { correction: 0.8, completion: 0.8, related: 0.6 },
    /** How much a match adds to the text score (the typed word itself: 1). */
    boost: { correction: 0.8, completion: 0.6, related: 0.5 },
    maxRelatedPerTerm: 8,
    /** A related word found in this share of passages (or 200) widens the search without sharpening it. */
    commonShare: 0.05,
    /**
     * Words the library never uses count against a match at this share of its rarest word's weight: a
     * question's incidental phrasing should not sink it, while an off-topic query, made mostly of such
     * words, still falls below the floor.
     */
    unknownWeight: 0.5,
    /** Up to this many words, a query is a topic rather than a question: see plan.ts on unknown words. */
    shortQuery: 3,
    /**
     * Coverage is measured against at most this many of the question's heaviest words, so a long question
     * is answered by the passages covering its informative words rather than by none.
     */
    coverageTerms: 6,
    /** A name in the query (a country, an organisation, a person) weighs this many times a plain word. */
    entityWeight: 2,
    maxCompletions: 8,
    maxCompletionScan: 500,
  },
  rank: {
    /** A passage must cover this share of the query's weight (rare words weigh more) to be shown. */
    relevanceFloor: 0.4,
    /** ... and score at least this share of the best result's score. */
    relativeFloor: 0.12,
    /** A passage of a document whose author the query names. */
    authorBoost: 3,
    /** Reference entries and keyword lines, unless the query asks about sources. */
    metadataPrior: 0.6,
    /** Reference entries when the query asks about sources. */
    sourcesPrior: 1.5,
    proximityWeight: 0.5,
    /** Only the leading candidates get the (costlier) proximity pass; it lifts a score by ≤ 1.5×. */
    proximityPool: 40,
    defaultLimit: 10,
  },
} as const;

export type SearchSettings = typeof SEARCH_OPTIONS;
export type IndexedField = SearchSettings['index']['fields'][number];
