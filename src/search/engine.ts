import MiniSearch, { type Options } from 'minisearch';
import type { Corpus, LibraryDocument, Passage } from '../corpus/types.js';
import { processTerm, tokenize, tokenSpans } from '../text/index.js';
import { buildExcerpt } from './excerpt.js';
import { PostingsIndex, type PostingsOptions, ScoringScratch } from './postings.js';
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

export interface IndexedPassage {
  id: string;
  documentId: string;
  text: string;
  title: string;
  names: string;
}

function indexProcessTerm(term: string): string | null {
  return processTerm(term);
}

const INDEX_FIELDS = ['text', 'title', 'names'] as const satisfies ReadonlyArray<keyof IndexedPassage>;
const FIELD_BOOSTS = { title: 1, names: 1, text: 1 };
const FUZZY_WEIGHT = 0.5;
// Weaker length normalisation than the default (0.7): reference entries are a line long, paragraphs a dozen
// lines, and a paragraph should not lose to a title just for being thorough.
const BM25 = { k: 1.2, b: 0.4, d: 0.5 };

/**
 * The one place the index options live: used to build the index, to load a saved snapshot, and (fields,
 * boosts, BM25, fuzzy weight) by the postings that score queries.
 */
export const INDEX_OPTIONS: Options<IndexedPassage> = {
  idField: 'id',
  fields: [...INDEX_FIELDS],
  storeFields: [],
  tokenize: (text) => tokenize(text),
  processTerm: indexProcessTerm,
  searchOptions: {
    boost: FIELD_BOOSTS,
    weights: { fuzzy: FUZZY_WEIGHT, prefix: 0.6 },
    bm25: BM25,
  },
};

/** The same fields, terms, boosts and BM25 parameters as INDEX_OPTIONS, for the postings that score queries. */
export const POSTINGS_OPTIONS: PostingsOptions<IndexedPassage> = {
  fields: INDEX_FIELDS,
  tokenize: (text) => tokenize(text),
  processTerm: indexProcessTerm,
  bm25: BM25,
  boost: FIELD_BOOSTS,
  sequenceField: 'text',
};

/** The fuzzy weight MiniSearch gives a typo neighbour `term` at `distance` edits. */
export function fuzzyWeight(term: string, distance: number): number {
  return (FUZZY_WEIGHT * term.length) / (term.length + distance);
}

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

/** What the index holds for each passage, in corpus order: MiniSearch's short ids and the postings' numbers. */
export function indexedPassages(corpus: Corpus): IndexedPassage[] {
  return corpus.documents.flatMap((document) =>
    document.passages.map((passage) => toIndexed(document, passage)),
  );
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
  observe: (field: string, token: string, term: string, documentIndex: number) => void;
}

/**
 * The library's words: how many passages' text uses each index term, and the spellings seen for it. Filled
 * by the postings build, which already reads every token.
 */
function createVocabulary(): Vocabulary {
  const documentFrequency = new Map<string, number>();
  const surfaceForms = new Map<string, Map<string, number>>();
  let currentDocument = -1;
  const seen = new Set<string>();
  const observe = (field: string, token: string, term: string, documentIndex: number) => {
    if (field !== 'text') return;
    if (documentIndex !== currentDocument) {
      currentDocument = documentIndex;
      seen.clear();
    }
    const forms = surfaceForms.get(term) ?? new Map<string, number>();
    const surface = token.toLowerCase() === token || token.length <= 1 ? token : token.toLowerCase();
    forms.set(surface, (forms.get(surface) ?? 0) + 1);
    surfaceForms.set(term, forms);
    if (!seen.has(term)) {
      seen.add(term);
      documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
  };
  return { documentFrequency, surfaceForms, observe };
}

/**
 * The tightest window (in tokens) holding one occurrence of each matched query concept, mapped to (0, 1]:
 * 1 when the concepts stand side by side. The passage and the concepts are index term ids.
 */
function proximity(passageTerms: Int32Array, concepts: ReadonlyArray<ReadonlySet<number>>): number {
  if (concepts.length < 2) return 0;
  const lastSeen = new Array<number>(concepts.length).fill(-1);
  let best = Number.POSITIVE_INFINITY;
  for (let position = 0; position < passageTerms.length; position++) {
    const term = passageTerms[position] as number;
    let matched = false;
    for (let conceptIndex = 0; conceptIndex < concepts.length; conceptIndex++) {
      if ((concepts[conceptIndex] as ReadonlySet<number>).has(term)) {
        lastSeen[conceptIndex] = position;
        matched = true;
      }
    }
    if (matched && lastSeen.every((seen) => seen >= 0)) {
      best = Math.min(best, position - Math.min(...lastSeen) + 1);
    }
  }
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

/**
 * The slots of the `count` best candidates, best first; equal scores keep passage order. A bounded min-heap,
 * so choosing 40 of 50,000 candidates sorts 40, not 50,000.
 */
function topCandidates(scores: Float64Array, documents: Int32Array, count: number, wanted: number): number[] {
  const better = (a: number, b: number) =>
    (scores[a] as number) > (scores[b] as number) ||
    ((scores[a] as number) === (scores[b] as number) && (documents[a] as number) < (documents[b] as number));
  const heap: number[] = [];
  const siftDown = (start: number) => {
    let parent = start;
    while (true) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let worst = parent;
      if (left < heap.length && better(heap[worst] as number, heap[left] as number)) worst = left;
      if (right < heap.length && better(heap[worst] as number, heap[right] as number)) worst = right;
      if (worst === parent) return;
      [heap[parent], heap[worst]] = [heap[worst] as number, heap[parent] as number];
      parent = worst;
    }
  };
  for (let slot = 0; slot < count; slot++) {
    if (heap.length < wanted) {
      heap.push(slot);
      let child = heap.length - 1;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        if (!better(heap[parent] as number, heap[child] as number)) break;
        [heap[parent], heap[child]] = [heap[child] as number, heap[parent] as number];
        child = parent;
      }
    } else if (better(slot, heap[0] as number)) {
      heap[0] = slot;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}

export function createSearchEngine(corpus: Corpus, snapshot?: SearchSnapshot): SearchEngine {
  const documentsById = new Map(corpus.documents.map((document) => [document.id, document]));
  if (snapshot) {
    if (snapshot.version !== SNAPSHOT_VERSION) {
      throw new SnapshotError(
        `search snapshot version ${snapshot.version} is not ${SNAPSHOT_VERSION}; rebuild it`,
      );
    }
    if (snapshot.passageCount !== corpus.passages.length) {
      throw new SnapshotError('search snapshot was built from a different corpus; rebuild it');
    }
  }
  const indexed = indexedPassages(corpus);
  const index = snapshot
    ? MiniSearch.loadJSON(JSON.stringify(snapshot.index), INDEX_OPTIONS)
    : new MiniSearch(INDEX_OPTIONS);
  if (!snapshot) index.addAll(indexed);
  const vocabulary = createVocabulary();
  const postings = PostingsIndex.build(indexed, { ...POSTINGS_OPTIONS, observe: vocabulary.observe });
  // In index order, as indexedPassages lists them: postings document i is passageAt[i].
  const passageAt = corpus.documents.flatMap((document) => document.passages);
  const scratch = new ScoringScratch(postings.documentCount);
  const candidateDocuments = new Int32Array(postings.documentCount);
  const candidateScores = new Float64Array(postings.documentCount);
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
    const authorTerms = originals.filter((term) => authorDocuments.has(term));
    const contentTerms =
      authorTerms.length < originals.length
        ? originals.filter((term) => !authorTerms.includes(term))
        : originals;
    const namedDocuments = new Set(authorTerms.flatMap((term) => [...(authorDocuments.get(term) ?? [])]));
    const contentWeights = contentTerms.map(idf);
    const totalWeight = contentWeights.reduce((sum, weight) => sum + weight, 0);
    const bibliographic = BIBLIOGRAPHIC_QUERY.test(query);

    // Score every passage holding a query term or one of its typo neighbours, as MiniSearch would (see
    // postings.ts). Each (query term, index term) pair scored gets a match key, so a passage's matches can
    // be read back without a result object per passage.
    const matchSpecs: number[] = [];
    const matchTerms: string[] = [];
    scratch.reset();
    allTerms.forEach((spec, specIndex) => {
      const boost = originalSet.has(spec) || completionSet.has(spec) ? 1 : EXPANSION_WEIGHT;
      const exact = postings.termId(spec);
      if (exact !== undefined) {
        postings.accumulate(exact, boost, matchTerms.length, scratch);
        matchSpecs.push(specIndex);
        matchTerms.push(spec);
      }
      // Typos and half-typed words get fuzzy matching; words the library knows match exactly.
      const distance =
        originalSet.has(spec) && !known(spec) && spec.length >= 4 ? (spec.length >= 8 ? 2 : 1) : 0;
      if (distance === 0) return;
      for (const neighbour of postings.fuzzy(spec, distance)) {
        const weight = fuzzyWeight(neighbour.term, neighbour.distance);
        postings.accumulate(neighbour.termId, boost * weight, matchTerms.length, scratch);
        matchSpecs.push(specIndex);
        matchTerms.push(neighbour.term);
      }
    });

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
    // The same credits, per match key: what each matched (query term, index term) pair earns which content
    // term. A passage's credit for a content term is the best its match keys earn.
    const keyCredits = matchTerms.map((indexTerm, key) => {
      const spec = allTerms[matchSpecs[key] as number] as string;
      return contentTerms.flatMap((term, content) => {
        const { credit } = answer(term, [spec], [indexTerm]);
        return credit > 0 ? [{ content, credit }] : [];
      });
    });
    const contentCredit = new Float64Array(contentTerms.length);
    const specSeen = new Int32Array(allTerms.length).fill(-1);

    let candidateCount = 0;
    for (let touchedIndex = 0; touchedIndex < scratch.touchedCount; touchedIndex++) {
      const document = scratch.touched[touchedIndex] as number;
      contentCredit.fill(0);
      let quality = 0;
      for (let cursor = scratch.firstMatch(document); cursor >= 0; cursor = scratch.nextMatch(cursor)) {
        const key = scratch.matchKey(cursor);
        const spec = matchSpecs[key] as number;
        if (specSeen[spec] !== touchedIndex) {
          specSeen[spec] = touchedIndex;
          quality++;
        }
        for (const { content, credit } of keyCredits[key] as Array<{ content: number; credit: number }>)
          if (credit > (contentCredit[content] as number)) contentCredit[content] = credit;
      }
      let covered = 0;
      for (let content = 0; content < contentTerms.length; content++)
        covered += (contentCredit[content] as number) * (contentWeights[content] as number);
      const coverage = totalWeight > 0 ? covered / totalWeight : 0;
      if (coverage < RELEVANCE_FLOOR) continue;
      const passage = passageAt[document] as Passage;
      if (options.documentId && passage.documentId !== options.documentId) continue;
      if (options.filter && !options.filter(passage)) continue;
      const authorBoost = namedDocuments.has(passage.documentId) ? AUTHOR_BOOST : 1;
      // The keyword line is metadata too: it should point to the abstract, not stand in for it.
      const kindPrior =
        passage.kind === 'reference' || passage.kind === 'keywords'
          ? bibliographic && passage.kind === 'reference'
            ? REFERENCE_PRIOR.bibliographic
            : REFERENCE_PRIOR.other
          : 1;
      // MiniSearch's score is the BM25 sum times the number of query terms matched.
      const textScore = (scratch.scores[document] as number) * quality;
      candidateDocuments[candidateCount] = document;
      candidateScores[candidateCount] = textScore * coverage * coverage * authorBoost * kindPrior;
      candidateCount++;
    }

    // Proximity can lift a passage by at most (1 + PROXIMITY_WEIGHT), so only the leading candidates need it.
    const pool = topCandidates(
      candidateScores,
      candidateDocuments,
      candidateCount,
      Math.max(limit * 4, PROXIMITY_POOL),
    );
    const ranked = pool.map((slot) => {
      const document = candidateDocuments[slot] as number;
      const matchedQueryTerms: string[] = [];
      const matchedIndexTerms: string[] = [];
      for (let cursor = scratch.firstMatch(document); cursor >= 0; cursor = scratch.nextMatch(cursor)) {
        const key = scratch.matchKey(cursor);
        const spec = allTerms[matchSpecs[key] as number] as string;
        const indexTerm = matchTerms[key] as string;
        if (!matchedQueryTerms.includes(spec)) matchedQueryTerms.push(spec);
        if (!matchedIndexTerms.includes(indexTerm)) matchedIndexTerms.push(indexTerm);
      }
      const concepts: Array<Set<number>> = [];
      const weights = new Map<string, number>();
      contentTerms.forEach((term, content) => {
        const { credit, concept } = answer(term, matchedQueryTerms, matchedIndexTerms);
        if (concept.length > 0)
          concepts.push(new Set(concept.map((matched) => postings.termId(matched) ?? -1)));
        for (const matched of concept)
          weights.set(
            matched,
            Math.max(weights.get(matched) ?? 0, credit * (contentWeights[content] as number)),
          );
      });
      const passage = passageAt[document] as Passage;
      const closeness = proximity(postings.sequence(document), concepts);
      const score = (candidateScores[slot] as number) * (1 + PROXIMITY_WEIGHT * closeness);
      return { passage, weights, score };
    });
    ranked.sort((a, b) => b.score - a.score);
    return ranked.slice(0, limit).flatMap(({ passage, score, weights }) => {
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
