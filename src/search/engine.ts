import MiniSearch, { type Options, type SearchResult } from 'minisearch';
import type { Corpus, LibraryDocument, Passage } from '../corpus/types.js';
import { buildExcerpt } from './excerpt.js';
import { processTerm, tokenize, tokenSpans } from './text.js';
import { buildThesaurus, type Thesaurus } from './thesaurus.js';
import type { Searcher, SearchHit, SearchOptions } from './types.js';

/** Bumped whenever the indexed fields or term processing change, so an old snapshot is refused. */
export const SNAPSHOT_VERSION = 1;

/**
 * A passage must match at least this share of the query's meaning (query terms weighted by how rare they
 * are in the library) to be shown. Below it, results are the least-bad matches of an off-topic query.
 */
export const RELEVANCE_FLOOR = 0.4;

/**
 * Words the library never uses still count against a match, but at half the weight of its rarest word: a
 * question's incidental phrasing ("on the table") should not sink it, while an off-topic query, made mostly
 * of such words, still falls below the floor.
 */
const UNKNOWN_TERM_WEIGHT = 0.5;
const AUTHOR_BOOST = 3;

/**
 * A question is answered by an argument; a reference-list entry answers a question about sources. Unless the
 * query asks about sources, reference entries are ranked down, and when it does, they are ranked up.
 */
const BIBLIOGRAPHIC_QUERY =
  /\b(sources?|works?|cite[sd]?|citing|wrote|written|writes?|bibliograph\w*|literature|references?|books?|articles?|papers?|studies|study|who)\b/i;
const REFERENCE_PRIOR = { bibliographic: 1.5, other: 0.6 } as const;

/** Queries are capped so a pasted essay stays cheap; the first terms carry the question. */
export const MAX_QUERY_TERMS = 24;
export const MAX_QUERY_CHARS = 1000;

const EXPANSION_WEIGHT = 0.5;
const PARTIAL_MATCH_CREDIT = 0.8;
const EXPANSION_CREDIT = 0.6;
const PROXIMITY_WEIGHT = 0.5;
const MAX_EXPANSIONS_PER_TERM = 8;
const DEFAULT_LIMIT = 10;
const PROXIMITY_POOL = 40;
const MAX_COMPLETIONS = 8;
const MAX_COMPLETION_SCAN = 2_000;

interface IndexedPassage {
  id: string;
  documentId: string;
  text: string;
  title: string;
  names: string;
}

function indexProcessTerm(term: string): string | null {
  return processTerm(term);
}

/** The one place the index options live: used to build the index and to load a saved snapshot. */
export const INDEX_OPTIONS: Options<IndexedPassage> = {
  idField: 'id',
  fields: ['text', 'title', 'names'],
  storeFields: [],
  tokenize: (text) => tokenize(text),
  processTerm: indexProcessTerm,
  searchOptions: {
    boost: { title: 1, names: 1, text: 1 },
    weights: { fuzzy: 0.5, prefix: 0.6 },
    // Weaker length normalisation than the default (0.7): reference entries are a line long, paragraphs a
    // dozen lines, and a paragraph should not lose to a title just for being thorough.
    bm25: { k: 1.2, b: 0.4, d: 0.5 },
  },
};

export interface SearchSnapshot {
  version: number;
  passageCount: number;
  index: unknown;
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
  toSnapshot(): SearchSnapshot;
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** Strips characters that change how text looks but not what it says (zero-width, bidi controls). */
export function normalizeQuery(query: string): string {
  return query
    .normalize('NFKC')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, '')
    .slice(0, MAX_QUERY_CHARS);
}

function toIndexed(document: LibraryDocument, passage: Passage): IndexedPassage {
  if (passage.kind === 'reference') {
    const entry = document.references[passage.ordinal - 1];
    const names = [...(entry?.csl.author ?? []), ...(entry?.csl.editor ?? [])]
      .map((name) => name.literal ?? [name.given, name.family].filter(Boolean).join(' '))
      .join('; ');
    return {
      id: passage.id,
      documentId: document.id,
      text: passage.text,
      title: entry?.csl.title ?? '',
      names,
    };
  }
  return { id: passage.id, documentId: document.id, text: passage.text, title: '', names: '' };
}

interface Vocabulary {
  documentFrequency: Map<string, number>;
  surfaceForms: Map<string, Map<string, number>>;
  /** The index terms of a passage in order, for proximity; computed on demand and remembered. */
  passageTerms(passageId: string): readonly string[];
}

const PASSAGE_TERMS_CACHE_LIMIT = 20_000;

function buildVocabulary(corpus: Corpus): Vocabulary {
  const documentFrequency = new Map<string, number>();
  const surfaceForms = new Map<string, Map<string, number>>();
  for (const passage of corpus.passages) {
    const seen = new Set<string>();
    for (const token of tokenize(passage.text)) {
      const term = processTerm(token);
      if (term === null) continue;
      const forms = surfaceForms.get(term) ?? new Map<string, number>();
      const surface = token.toLowerCase() === token || token.length <= 1 ? token : token.toLowerCase();
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
      surfaceForms.set(term, forms);
      if (!seen.has(term)) {
        seen.add(term);
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      }
    }
  }
  const termsCache = new Map<string, string[]>();
  const passageTerms = (passageId: string): readonly string[] => {
    const cached = termsCache.get(passageId);
    if (cached) return cached;
    const text = corpus.getPassage(passageId)?.text ?? '';
    const terms = tokenize(text).flatMap((token) => processTerm(token) ?? []);
    if (termsCache.size >= PASSAGE_TERMS_CACHE_LIMIT) termsCache.clear();
    termsCache.set(passageId, terms);
    return terms;
  };
  return { documentFrequency, surfaceForms, passageTerms };
}

/**
 * The tightest window (in tokens) holding one occurrence of each matched query concept, mapped to (0, 1]:
 * 1 when the concepts stand side by side.
 */
function proximity(passageTerms: readonly string[], concepts: ReadonlyArray<ReadonlySet<string>>): number {
  if (concepts.length < 2) return 0;
  const lastSeen = new Array<number>(concepts.length).fill(-1);
  let best = Number.POSITIVE_INFINITY;
  passageTerms.forEach((term, position) => {
    concepts.forEach((concept, conceptIndex) => {
      if (concept.has(term)) lastSeen[conceptIndex] = position;
    });
    if (lastSeen.every((seen) => seen >= 0)) {
      best = Math.min(best, position - Math.min(...lastSeen) + 1);
    }
  });
  return Number.isFinite(best) ? Math.min(1, concepts.length / best) : 0;
}

function levenshtein(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

export function createSearchEngine(corpus: Corpus, snapshot?: SearchSnapshot): SearchEngine {
  const documentsById = new Map(corpus.documents.map((document) => [document.id, document]));
  let index: MiniSearch<IndexedPassage>;
  if (snapshot) {
    if (snapshot.version !== SNAPSHOT_VERSION) {
      throw new SnapshotError(
        `search snapshot version ${snapshot.version} is not ${SNAPSHOT_VERSION}; rebuild it`,
      );
    }
    if (snapshot.passageCount !== corpus.passages.length) {
      throw new SnapshotError('search snapshot was built from a different corpus; rebuild it');
    }
    index = MiniSearch.loadJSON(JSON.stringify(snapshot.index), INDEX_OPTIONS);
  } else {
    index = new MiniSearch(INDEX_OPTIONS);
    index.addAll(
      corpus.documents.flatMap((document) =>
        document.passages.map((passage) => toIndexed(document, passage)),
      ),
    );
  }
  const vocabulary = buildVocabulary(corpus);
  const thesaurus: Thesaurus = buildThesaurus();
  const sortedTerms = [...vocabulary.documentFrequency.keys()].sort();
  /** The most frequent index terms starting with a half-typed word, bounded so a short stub stays cheap. */
  const completions = (prefix: string): string[] => {
    let low = 0;
    let high = sortedTerms.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((sortedTerms[middle] ?? '') < prefix) low = middle + 1;
      else high = middle;
    }
    const matches: string[] = [];
    for (let index = low; index < sortedTerms.length && matches.length < MAX_COMPLETION_SCAN; index++) {
      const term = sortedTerms[index] ?? '';
      if (!term.startsWith(prefix)) break;
      matches.push(term);
    }
    return matches
      .sort((a, b) => (vocabulary.documentFrequency.get(b) ?? 0) - (vocabulary.documentFrequency.get(a) ?? 0))
      .slice(0, MAX_COMPLETIONS);
  };
  const passageCount = corpus.passages.length;
  // A related word found in a large share of passages widens the search without sharpening it.
  const commonTermLimit = Math.max(200, passageCount * 0.05);
  const maxIdf = Math.log(1 + passageCount / 0.5);
  const idf = (term: string) => {
    const frequency = vocabulary.documentFrequency.get(term) ?? 0;
    return frequency === 0 ? maxIdf * UNKNOWN_TERM_WEIGHT : Math.log(1 + passageCount / (frequency + 0.5));
  };
  // "What does Park propose…": an author's name points at their document rather than at words in it.
  const authorDocuments = new Map<string, Set<string>>();
  for (const document of corpus.documents) {
    for (const author of document.csl.author ?? []) {
      const term = author.family ? processTerm(author.family) : null;
      if (!term) continue;
      const documents = authorDocuments.get(term) ?? new Set<string>();
      documents.add(document.id);
      authorDocuments.set(term, documents);
    }
  }
  const surface = (term: string): string => {
    const forms = vocabulary.surfaceForms.get(term);
    if (!forms) return term;
    return [...forms.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? term;
  };

  function queryTerms(query: string): string[] {
    const terms: string[] = [];
    const tokens = tokenize(normalizeQuery(query));
    const lower = tokens.map((token) => token.toLowerCase());
    for (let position = 0; position < tokens.length && terms.length < MAX_QUERY_TERMS; position++) {
      const idiom = thesaurus.idioms.find(({ words }) =>
        words.every((word, offset) => {
          const typed = lower[position + offset];
          return typed !== undefined && (typed === word || processTerm(typed) === processTerm(word));
        }),
      );
      const term = idiom ? idiom.term : processTerm(tokens[position] ?? '');
      if (idiom) position += idiom.words.length - 1;
      if (term && !terms.includes(term)) terms.push(term);
    }
    return terms;
  }

  function search(query: string, options: SearchOptions = {}): SearchHit[] {
    const originals = queryTerms(query);
    if (originals.length === 0) return [];
    const known = (term: string) => vocabulary.documentFrequency.has(term);
    const expansions = new Map<string, string[]>();
    for (const term of originals) {
      expansions.set(
        term,
        thesaurus
          .expand(term)
          .filter(
            (related) =>
              known(related) &&
              !originals.includes(related) &&
              (vocabulary.documentFrequency.get(related) ?? 0) <= commonTermLimit,
          )
          .slice(0, MAX_EXPANSIONS_PER_TERM),
      );
    }
    const completed = new Map<string, string[]>();
    for (const term of originals) {
      if (!known(term) && term.length >= 3)
        completed.set(
          term,
          completions(term).filter((c) => !originals.includes(c)),
        );
    }
    const expansionTerms = [...new Set([...expansions.values(), ...completed.values()].flat())];
    const allTerms = [...originals, ...expansionTerms];
    const allTermSet = new Set(allTerms);
    const completionSet = new Set([...completed.values()].flat());
    const originalSet = new Set(originals);
    const limit = Math.max(1, options.limit ?? DEFAULT_LIMIT);
    const results: SearchResult[] = index.search(allTerms.join(' '), {
      tokenize: (text) => text.split(' '),
      processTerm: (term) => term,
      // Typos and half-typed words get fuzzy and prefix matching; words the library knows match exactly.
      prefix: false,
      fuzzy: (term) =>
        originalSet.has(term) && !known(term) && term.length >= 4 ? (term.length >= 8 ? 2 : 1) : 0,
      maxFuzzy: 2,
      boostTerm: (term) => (originalSet.has(term) || completionSet.has(term) ? 1 : EXPANSION_WEIGHT),
      combineWith: 'OR',
      filter: (result) => {
        const passage = corpus.getPassage(String(result.id));
        if (!passage) return false;
        if (options.documentId && passage.documentId !== options.documentId) return false;
        return options.filter ? options.filter(passage) : true;
      },
    });

    const authorTerms = originals.filter((term) => authorDocuments.has(term));
    const contentTerms =
      authorTerms.length < originals.length
        ? originals.filter((term) => !authorTerms.includes(term))
        : originals;
    const namedDocuments = new Set(authorTerms.flatMap((term) => [...(authorDocuments.get(term) ?? [])]));
    const totalWeight = contentTerms.reduce((sum, term) => sum + idf(term), 0);
    const bibliographic = BIBLIOGRAPHIC_QUERY.test(query);
    /** How a passage's matched index terms answer one query term: its credit and the terms that did it. */
    const answer = (
      term: string,
      matchedQueryTerms: readonly string[],
      matchedIndexTerms: readonly string[],
    ) => {
      let credit = 0;
      const concept: string[] = [];
      if (matchedQueryTerms.includes(term)) {
        const exact = matchedIndexTerms.includes(term);
        credit = exact ? 1 : PARTIAL_MATCH_CREDIT;
        if (exact) concept.push(term);
        else
          for (const indexTerm of matchedIndexTerms) if (!allTermSet.has(indexTerm)) concept.push(indexTerm);
      }
      for (const completion of completed.get(term) ?? []) {
        if (matchedIndexTerms.includes(completion)) {
          credit = Math.max(credit, PARTIAL_MATCH_CREDIT);
          concept.push(completion);
        }
      }
      for (const related of expansions.get(term) ?? []) {
        // A related word that is itself in the query is that word's concept, not this one's.
        if (matchedIndexTerms.includes(related) && !originalSet.has(related)) {
          credit = Math.max(credit, EXPANSION_CREDIT);
          concept.push(related);
        }
      }
      return { credit, concept };
    };

    const candidates: Array<{ result: SearchResult; score: number }> = [];
    for (const result of results) {
      let covered = 0;
      for (const term of contentTerms)
        covered += answer(term, result.queryTerms, result.terms).credit * idf(term);
      const coverage = totalWeight > 0 ? covered / totalWeight : 0;
      if (coverage < RELEVANCE_FLOOR) continue;
      const passage = corpus.getPassage(String(result.id));
      const authorBoost = namedDocuments.has(passage?.documentId ?? '') ? AUTHOR_BOOST : 1;
      // The keyword line is metadata too: it should point to the abstract, not stand in for it.
      const kindPrior =
        passage?.kind === 'reference' || passage?.kind === 'keywords'
          ? bibliographic && passage.kind === 'reference'
            ? REFERENCE_PRIOR.bibliographic
            : REFERENCE_PRIOR.other
          : 1;
      candidates.push({ result, score: result.score * coverage * coverage * authorBoost * kindPrior });
    }
    // Proximity can lift a passage by at most (1 + PROXIMITY_WEIGHT), so only the leading candidates need it.
    candidates.sort((a, b) => b.score - a.score);
    const ranked = candidates.slice(0, Math.max(limit * 4, PROXIMITY_POOL)).map(({ result, score }) => {
      const concepts: Array<Set<string>> = [];
      const weights = new Map<string, number>();
      for (const term of contentTerms) {
        const { credit, concept } = answer(term, result.queryTerms, result.terms);
        if (concept.length > 0) concepts.push(new Set(concept));
        for (const matched of concept)
          weights.set(matched, Math.max(weights.get(matched) ?? 0, credit * idf(term)));
      }
      const closeness = proximity(vocabulary.passageTerms(String(result.id)), concepts);
      return { result, weights, score: score * (1 + PROXIMITY_WEIGHT * closeness) };
    });
    ranked.sort((a, b) => b.score - a.score);
    return ranked.slice(0, limit).flatMap(({ result, score, weights }) => {
      const passage = corpus.getPassage(String(result.id));
      const document = passage ? documentsById.get(passage.documentId) : undefined;
      if (!passage || !document) return [];
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
      };
      return [hit];
    });
  }

  function suggest(prefix: string, options: { documentId?: string; limit?: number } = {}): string[] {
    const limit = Math.min(25, Math.max(1, options.limit ?? 10));
    const cleaned = normalizeQuery(prefix).trim();
    const documents = options.documentId
      ? corpus.documents.filter((document) => document.id === options.documentId)
      : corpus.documents;
    if (cleaned.length === 0) {
      return [...new Set(documents.flatMap((document) => document.keywords))].slice(0, limit);
    }
    const suggestions = index.autoSuggest(cleaned, {
      prefix: (_term, position, terms) => position === terms.length - 1,
      fuzzy: (term, position, terms) => (position === terms.length - 1 && term.length >= 4 ? 0.2 : 0),
      combineWith: 'AND',
      filter: (result) => {
        if (!options.documentId) return true;
        return corpus.getPassage(String(result.id))?.documentId === options.documentId;
      },
    });
    const phrases: string[] = [];
    for (const suggestion of suggestions) {
      const phrase = suggestion.terms.map(surface).join(' ');
      if (phrase.length > 0 && phrase.length <= 100 && !phrases.includes(phrase)) phrases.push(phrase);
      if (phrases.length >= limit) break;
    }
    return phrases;
  }

  function explainNoResults(query: string): NoResultsHelp {
    const spelling: string[] = [];
    const related: string[] = [];
    const surfaceWords = [...vocabulary.surfaceForms.keys()].map(surface);
    for (const span of tokenSpans(normalizeQuery(query)).slice(0, MAX_QUERY_TERMS)) {
      const term = processTerm(span.token);
      if (term === null) continue;
      if (!vocabulary.documentFrequency.has(term)) {
        const word = span.token.toLowerCase();
        const limit = word.length >= 7 ? 2 : 1;
        const close = surfaceWords
          .map((candidate) => ({ candidate, distance: levenshtein(word, candidate.toLowerCase(), limit) }))
          .filter(({ distance }) => distance <= limit)
          .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
          .slice(0, 3)
          .map(({ candidate }) => candidate);
        for (const candidate of close) if (!spelling.includes(candidate)) spelling.push(candidate);
      }
      for (const word of thesaurus.relatedWords(term)) {
        const known =
          processTerm(word) !== null &&
          tokenize(word).every((part) => {
            const partTerm = processTerm(part);
            return partTerm === null || vocabulary.documentFrequency.has(partTerm);
          });
        if (known && !related.includes(word)) related.push(word);
      }
    }
    return { spelling: spelling.slice(0, 5), related: related.slice(0, 8) };
  }

  return {
    passageCount,
    search,
    suggest,
    explainNoResults,
    toSnapshot: () => ({ version: SNAPSHOT_VERSION, passageCount, index: index.toJSON() }),
  };
}
