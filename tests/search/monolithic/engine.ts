import { personName } from '../../../src/corpus/names.js';
import type { Corpus, LibraryDocument } from '../../../src/corpus/types.js';
import type { IndexedPassage, NoResultsHelp } from '../../../src/search/engine.js';
import { normalizeQuery, PLAN_MEMO_SIZE } from '../../../src/search/engine.js';
import { buildExcerpt } from '../../../src/search/excerpt.js';
import { SEARCH_OPTIONS } from '../../../src/search/options.js';
import { planQuery, type QueryPlan } from '../../../src/search/plan.js';
import { RecentMap } from '../../../src/search/recent.js';
import { buildThesaurus } from '../../../src/search/thesaurus.js';
import type { Searcher, SearchHit, SearchOptions } from '../../../src/search/types.js';
import { processTerm, tokenize, tokenSpans } from '../../../src/text/index.js';
import { PostingsIndex } from './postings.js';
import { Ranker } from './rank.js';
import { buildVocabulary } from './vocabulary.js';

/**
 * The search engine as it was before the index was segmented per document (commit 5a92ffe): one index
 * built over every passage at once. Kept only as the oracle the segmented engine must agree with
 * (tests/search/segments.test.ts, bench/views-bench.ts); nothing in src/ uses it.
 */
export interface MonolithicEngine extends Searcher {
  readonly passageCount: number;
  explainNoResults(query: string): NoResultsHelp;
  authoredDocuments(query: string): LibraryDocument[];
}

function indexedPassages(corpus: Corpus): IndexedPassage[] {
  return corpus.documents.flatMap((document) => {
    const byline = (document.csl.author ?? []).map(personName).join('; ');
    return document.passages.map((passage) => ({
      id: passage.id,
      documentId: document.id,
      text: passage.text,
      byline,
    }));
  });
}

export function buildPostings(corpus: Corpus): PostingsIndex {
  return PostingsIndex.build(indexedPassages(corpus), SEARCH_OPTIONS.index);
}

export function createMonolithicEngine(corpus: Corpus): MonolithicEngine {
  const passageCount = corpus.passages.length;
  const documentsById = new Map(corpus.documents.map((document) => [document.id, document]));
  const postings = buildPostings(corpus);
  const vocabulary = buildVocabulary(corpus);
  const thesaurus = buildThesaurus();
  // In index order, as indexedPassages lists them.
  const passages = corpus.documents.flatMap((document) => document.passages);
  const ranker = new Ranker(postings, passages);
  const context = { postings, vocabulary, thesaurus, passageCount };
  // A plan depends only on the query and this engine's index, which never changes once built, and one
  // /search plans its query twice (the hits, then whether it asks about an author); the same questions
  // also come back often. Bounded, since queries are whatever people type. Plans are read, never changed.
  const plans = new RecentMap<string, QueryPlan>(PLAN_MEMO_SIZE);
  const planFor = (query: string) => {
    const normalized = normalizeQuery(query);
    return plans.getOrMake(normalized, () => planQuery(normalized, context));
  };

  function search(query: string, options: SearchOptions = {}): SearchHit[] {
    const plan = planFor(query);
    const limit = Math.max(1, options.limit ?? SEARCH_OPTIONS.rank.defaultLimit);
    return ranker.rank(plan, limit, options).flatMap(({ passage, score, weights }) => {
      const document = documentsById.get(passage.documentId);
      if (!document) return [];
      // Excerpts cost more than ranking; build one only when a caller reads it (a page shows five of 25).
      let built: ReturnType<typeof buildExcerpt> | undefined;
      const excerptOf = () => {
        built ??= buildExcerpt(passage, weights);
        return built;
      };
      const hit: SearchHit = {
        passage,
        document,
        score,
        matchedTerms: [...weights.keys()],
        get excerpt() {
          return excerptOf().excerpt;
        },
        get segments() {
          return excerptOf().segments;
        },
        get sentenceWindow() {
          return excerptOf().sentenceWindow;
        },
      };
      return [hit];
    });
  }

  /** Phrases from the index completing what was typed: earlier words as typed, the last one completed. */
  function suggest(prefix: string, options: { documentId?: string; limit?: number } = {}): string[] {
    const limit = Math.min(25, Math.max(1, options.limit ?? 10));
    const cleaned = normalizeQuery(prefix).trim();
    const documents = options.documentId
      ? corpus.documents.filter((document) => document.id === options.documentId)
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
    const allowed = (document: number) =>
      !options.documentId || passages[document]?.documentId === options.documentId;
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
  };
}
