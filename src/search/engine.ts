import type { Corpus, LibraryDocument, Passage } from '../corpus/types.js';
import { processTerm, tokenize, tokenSpans } from '../text/index.js';
import { INVISIBLE_FORMATTING } from '../text/unicode.js';
import { buildExcerpt } from './excerpt.js';
import { SEARCH_OPTIONS } from './options.js';
import { planQuery, type QueryPlan } from './plan.js';
import { ComposedIndex } from './postings.js';
import { type RankedPassages, Ranker } from './rank.js';
import { RecentMap } from './recent.js';
import {
  type IndexedPassage,
  indexedPassagesOf,
  rememberSegment,
  SEGMENT_VERSION,
  type Segment,
  type SerializedSegment,
  SnapshotError,
  segmentFor,
  segmentFromJSON,
  segmentToJSON,
} from './segments.js';
import { buildThesaurus, type Thesaurus } from './thesaurus.js';
import type { Searcher, SearchHit, SearchOptions } from './types.js';
import { composeVocabulary } from './vocabulary.js';

/** Bumped whenever the indexed fields or term processing change, so an old snapshot is refused. */
export const SNAPSHOT_VERSION = SEGMENT_VERSION;
export const MAX_QUERY_CHARS = SEARCH_OPTIONS.query.maxChars;
export const MAX_QUERY_TERMS = SEARCH_OPTIONS.query.maxTerms;
export const RELEVANCE_FLOOR = SEARCH_OPTIONS.rank.relevanceFloor;

export type { IndexedPassage };
export { SnapshotError };

/** A whole view's index: its documents' segments, in corpus order. */
export interface SearchSnapshot {
  version: number;
  passageCount: number;
  segments: SerializedSegment[];
}

export interface NoResultsHelp {
  /** Words in the library close to what was typed. */
  spelling: string[];
  /** Related words the library does use. */
  related: string[];
}

export interface SearchEngine extends Searcher {
  readonly passageCount: number;
  explainNoResults(query: string): NoResultsHelp;
  /**
   * The library documents a query asks about by their author and nothing else ("Park", "Who is Jinho
   * Park?"), in library order; empty when the query asks about anything besides who wrote something.
   */
  authoredDocuments(query: string): LibraryDocument[];
  toSnapshot(): SearchSnapshot;
}

/** Strips characters that change how text looks but not what it says (zero-width, bidi controls). */
export function normalizeQuery(query: string): string {
  return query.normalize('NFKC').replace(INVISIBLE_FORMATTING, '').slice(0, MAX_QUERY_CHARS);
}

/** What the index holds for each passage, in corpus order: composed passage i is the i-th passage. */
export function indexedPassages(corpus: Corpus): IndexedPassage[] {
  return corpus.documents.flatMap(indexedPassagesOf);
}

/** How many query plans an engine remembers. */
export const PLAN_MEMO_SIZE = 500;
/** How many rankings (a query's hits at one limit and scope) an engine remembers. */
export const RANKING_MEMO_SIZE = 500;
/** How many autocomplete answers (a prefix's completions at one limit and scope) an engine remembers. */
export const SUGGESTION_MEMO_SIZE = 500;

/** The segments a snapshot holds, checked against the corpus it is offered for. */
function segmentsOfSnapshot(corpus: Corpus, snapshot: SearchSnapshot): Segment[] {
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(
      `search snapshot version ${snapshot.version} is not ${SNAPSHOT_VERSION}; rebuild it`,
    );
  }
  if (
    snapshot.passageCount !== corpus.passages.length ||
    snapshot.segments.length !== corpus.documents.length
  ) {
    throw new SnapshotError('search snapshot was built from a different corpus; rebuild it');
  }
  return corpus.documents.map((document, index) => {
    const segment = segmentFromJSON(snapshot.segments[index] as SerializedSegment, document);
    rememberSegment(document, segment);
    return segment;
  });
}

let thesaurusOfEveryView: Thesaurus | undefined;

/** The thesaurus is the same for every view and never changes: built once, not once per view. */
function sharedThesaurus(): Thesaurus {
  thesaurusOfEveryView ??= buildThesaurus();
  return thesaurusOfEveryView;
}

/** What the Ranker reads per passage, laid out from the segments without reading a passage's text. */
function rankedPassages(corpus: Corpus, segments: readonly Segment[], passageCount: number): RankedPassages {
  const documentNumber = new Int32Array(passageCount);
  const kind = new Uint8Array(passageCount);
  let start = 0;
  segments.forEach((segment, index) => {
    documentNumber.fill(index, start, start + segment.passageCount);
    kind.set(segment.kinds, start);
    start += segment.passageCount;
  });
  // In index order, as the segments lay them end to end; a loop, as flatMap is several times slower here.
  const passages: Passage[] = [];
  for (const document of corpus.documents) for (const passage of document.passages) passages.push(passage);
  return {
    passages,
    documentIds: segments.map((segment) => segment.documentId),
    documentNumber,
    kind,
  };
}

/**
 * The search engine over a corpus (a server's view). Each document's segment is built once and shared by
 * every view holding the same document object, so an engine over a view that gained a document tokenizes
 * that document alone; the rest is composed from the segments' dictionaries. Answers are those of one index
 * over every passage (tests/search/segments.test.ts holds it to the engine that built one).
 */
export function createSearchEngine(corpus: Corpus, snapshot?: SearchSnapshot): SearchEngine {
  const passageCount = corpus.passages.length;
  const segments = snapshot ? segmentsOfSnapshot(corpus, snapshot) : corpus.documents.map(segmentFor);
  const documentsById = new Map(corpus.documents.map((document) => [document.id, document]));
  const postings = ComposedIndex.compose(
    segments.map((segment) => segment.postings),
    SEARCH_OPTIONS.index,
  );
  const vocabulary = composeVocabulary(segments.map((segment) => segment.vocabulary));
  const thesaurus = sharedThesaurus();
  const ranked = rankedPassages(corpus, segments, postings.documentCount);
  const { passages } = ranked;
  const ranker = new Ranker(postings, ranked);
  const context = { postings, vocabulary, thesaurus, passageCount };
  // A plan depends only on the query and this engine's index, which never changes once built, and one
  // /search plans its query twice (the hits, then whether it asks about an author); the same questions
  // also come back often. Bounded, since queries are whatever people type. Plans are read, never changed.
  const plans = new RecentMap<string, QueryPlan>(PLAN_MEMO_SIZE);
  const planFor = (query: string) => {
    const normalized = normalizeQuery(query);
    return plans.getOrMake(normalized, () => planQuery(normalized, context));
  };

  /** One ranked passage with its excerpt, built when first read and then kept for every later hit. */
  interface RankedHit {
    passage: Passage;
    document: LibraryDocument;
    score: number;
    weights: ReadonlyMap<string, number>;
    excerpt: () => ReturnType<typeof buildExcerpt>;
  }

  function rankedHits(plan: QueryPlan, limit: number, options: SearchOptions): RankedHit[] {
    return ranker.rank(plan, limit, options).flatMap(({ passage, score, weights }) => {
      const document = documentsById.get(passage.documentId);
      if (!document) return [];
      // Excerpts cost more than ranking; build one only when a caller reads it (a page shows five of 25).
      let built: ReturnType<typeof buildExcerpt> | undefined;
      const excerpt = () => {
        built ??= buildExcerpt(passage, weights);
        return built;
      };
      return [{ passage, document, score, weights, excerpt }];
    });
  }

  // Like a plan, a ranking depends only on the query, the limit, the document asked about and this engine's
  // index, and the same questions come back often: /search, /cite and /compare rank the same queries, and
  // paging ranks a query again. A caller's filter is a function, which nothing can key: that search ranks
  // afresh. Bounded as the plans are; what it keeps (hits, excerpts) is read, never changed.
  const rankings = new RecentMap<string, RankedHit[]>(RANKING_MEMO_SIZE);

  function search(query: string, options: SearchOptions = {}): SearchHit[] {
    const limit = Math.max(1, options.limit ?? SEARCH_OPTIONS.rank.defaultLimit);
    const ranked = options.filter
      ? rankedHits(planFor(query), limit, options)
      : rankings.getOrMake(`${limit}\u0000${options.documentId ?? ''}\u0000${normalizeQuery(query)}`, () =>
          rankedHits(planFor(query), limit, options),
        );
    return ranked.map(({ passage, document, score, weights, excerpt }) => ({
      passage,
      document,
      score,
      matchedTerms: [...weights.keys()],
      get excerpt() {
        return excerpt().excerpt;
      },
      get segments() {
        return excerpt().segments;
      },
      get sentenceWindow() {
        return excerpt().sentenceWindow;
      },
    }));
  }

  // Autocomplete asks again for every key typed, and everyone types the same openings: what completes a
  // prefix depends only on it, the limit, the document and this engine's index. Bounded as the plans are.
  const suggestions = new RecentMap<string, readonly string[]>(SUGGESTION_MEMO_SIZE);

  /** Phrases from the index completing what was typed: earlier words as typed, the last one completed. */
  function suggest(prefix: string, options: { documentId?: string; limit?: number } = {}): string[] {
    const limit = Math.min(25, Math.max(1, options.limit ?? 10));
    const cleaned = normalizeQuery(prefix).trim();
    const key = `${limit}\u0000${options.documentId ?? ''}\u0000${cleaned}`;
    return [...suggestions.getOrMake(key, () => completionsOf(cleaned, limit, options.documentId))];
  }

  function completionsOf(cleaned: string, limit: number, documentId: string | undefined): string[] {
    const documents = documentId
      ? corpus.documents.filter((document) => document.id === documentId)
      : corpus.documents;
    if (cleaned.length === 0) {
      return [...new Set(documents.flatMap((document) => document.keywords))].slice(0, limit);
    }
    const words = tokenize(cleaned);
    const last = words.at(-1) ?? '';
    const earlier = words.slice(0, -1).flatMap((word) => processTerm(word) ?? []);
    const earlierIds = earlier.map((term) => postings.termId(term));
    if (earlierIds.some((id) => id === undefined)) return [];
    const lastTerm = processTerm(last) ?? last.toLowerCase();
    const allowed = (document: number) => !documentId || passages[document]?.documentId === documentId;
    // Passages holding every earlier word: a suggestion must lead somewhere.
    let pool: Set<number> | undefined;
    for (const id of earlierIds as number[]) {
      const holding = new Set([...postings.documentsWith(id)].filter(allowed));
      pool = pool ? new Set([...pool].filter((document) => holding.has(document))) : holding;
    }
    const completions = postings
      .completions(lastTerm, SEARCH_OPTIONS.query.maxCompletionScan)
      .map((term) => ({ term, holding: postings.documentsWith(postings.termId(term) as number) }))
      .map(({ term, holding }) => ({
        term,
        count: [...holding].filter((document) => allowed(document) && (!pool || pool.has(document))).length,
      }))
      .filter(({ count }) => count > 0)
      .sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));
    const phrases: string[] = [];
    for (const { term } of completions) {
      const phrase = [...earlier, term].map((part) => vocabulary.surface(part)).join(' ');
      if (phrase.length <= 100 && !phrases.includes(phrase)) phrases.push(phrase);
      if (phrases.length >= limit) break;
    }
    return phrases;
  }

  function explainNoResults(query: string): NoResultsHelp {
    const spelling: string[] = [];
    const related: string[] = [];
    const plan = planFor(query);
    for (const concept of plan.concepts) {
      for (const match of concept.matches)
        if (match.kind === 'correction') {
          const word = vocabulary.surface(match.term);
          if (!spelling.includes(word)) spelling.push(word);
        }
      for (const word of thesaurus.relatedWords(concept.term)) {
        const known = tokenSpans(word).every(({ token }) => {
          const term = processTerm(token);
          return term === null || postings.documentFrequency(term) > 0;
        });
        if (known && processTerm(word) !== null && !related.includes(word)) related.push(word);
      }
    }
    return { spelling: spelling.slice(0, 5), related: related.slice(0, 8) };
  }

  function authoredDocuments(query: string): LibraryDocument[] {
    const plan = planFor(query);
    if (!plan.aboutAuthor) return [];
    return corpus.documents.filter((document) => plan.namedDocuments.has(document.id));
  }

  return {
    passageCount,
    search,
    suggest,
    explainNoResults,
    authoredDocuments,
    toSnapshot: () => ({ version: SNAPSHOT_VERSION, passageCount, segments: segments.map(segmentToJSON) }),
  };
}
