import type { Passage } from '../corpus/types.js';
import { SEARCH_OPTIONS } from './options.js';
import type { MatchKind, QueryPlan } from './plan.js';
import { type ComposedIndex, ScoringScratch } from './postings.js';

export interface RankFilter {
  documentId?: string;
  filter?: (passage: Passage) => boolean;
}

export interface RankedPassage {
  passage: Passage;
  score: number;
  /** Per matched index term, how much it says about the query: what the excerpt centres on and bolds. */
  weights: Map<string, number>;
}

/** One index term scored for the query, and the concepts (with the kind of match) it answers. */
interface MatchKey {
  term: string;
  answers: Array<{ concept: number; kind: MatchKind; phrase: number }>;
}

const KIND_CODE: Record<string, number> = { paragraph: 0, abstract: 1, keywords: 2, reference: 3 };
const REFERENCE = KIND_CODE.reference as number;
const KEYWORDS = KIND_CODE.keywords as number;

/** Each passage's kind as the small integer the scoring loop compares. */
export function passageKinds(passages: readonly Passage[]): Uint8Array {
  return Uint8Array.from(passages, (passage) => KIND_CODE[passage.kind] ?? 0);
}

/** What the Ranker reads per passage, in index order: postings passage i is passages[i]. */
export interface RankedPassages {
  passages: readonly Passage[];
  /** The view's documents; passage i belongs to documentIds[documentNumber[i]]. */
  documentIds: readonly string[];
  documentNumber: Int32Array;
  /** passageKinds of the passages. */
  kind: Uint8Array;
}

const KIND_ORDER: Record<MatchKind, number> = { literal: 3, correction: 2, completion: 2, related: 1 };

function credit(kind: MatchKind): number {
  return kind === 'literal' ? 1 : SEARCH_OPTIONS.query.credit[kind];
}

function boost(kind: MatchKind): number {
  return kind === 'literal' ? 1 : SEARCH_OPTIONS.query.boost[kind];
}

/**
 * Which tier a passage sits in for the question's intent: a question about what a text argues is answered
 * by its own words before its bibliography, a question about what it cites by its reference entries.
 */
function intentTier(intent: QueryPlan['intent'], kind: number): number {
  if (intent === 'sources') return kind === REFERENCE ? 1 : 0;
  if (intent === 'argument') return kind === REFERENCE ? 0 : kind === KEYWORDS ? 1 : 2;
  return 0;
}

/**
 * The tightest window (in tokens) holding one occurrence of each matched concept, mapped to (0, 1]:
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

/**
 * A candidate's sort keys: how many of the query's names it holds, then whether its document is by an
 * author the query names, then intent tier, then score; equal keys keep passage order.
 */
interface Candidate {
  document: number;
  byNamedAuthor: boolean;
  entities: number;
  tier: number;
  score: number;
}

function outranks(a: Candidate, b: Candidate): boolean {
  return beats(a.entities, a.byNamedAuthor, a.tier, a.score, a.document, b);
}

function beats(
  entities: number,
  byNamedAuthor: boolean,
  tier: number,
  score: number,
  document: number,
  other: Candidate,
): boolean {
  if (entities !== other.entities) return entities > other.entities;
  if (byNamedAuthor !== other.byNamedAuthor) return byNamedAuthor;
  if (tier !== other.tier) return tier > other.tier;
  if (score !== other.score) return score > other.score;
  return document < other.document;
}

/**
 * The best candidates seen, at most `wanted`: a bounded min-heap fed one candidate at a time, so choosing
 * 40 of 50,000 sorts 40, and a candidate that would not make it is never allocated.
 */
class BestCandidates {
  private readonly heap: Candidate[] = [];

  constructor(private readonly wanted: number) {}

  offer(document: number, entities: number, byNamedAuthor: boolean, tier: number, score: number): void {
    const { heap } = this;
    const worst = heap[0];
    if (heap.length >= this.wanted && worst) {
      if (!beats(entities, byNamedAuthor, tier, score, document, worst)) return;
      heap[0] = { document, entities, byNamedAuthor, tier, score };
      this.siftDown();
      return;
    }
    heap.push({ document, entities, byNamedAuthor, tier, score });
    let child = heap.length - 1;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!outranks(heap[parent] as Candidate, heap[child] as Candidate)) break;
      this.swap(parent, child);
      child = parent;
    }
  }

  /** The candidates, best first. */
  sorted(): Candidate[] {
    return [...this.heap].sort((a, b) => (outranks(a, b) ? -1 : outranks(b, a) ? 1 : 0));
  }

  private siftDown(): void {
    const { heap } = this;
    let parent = 0;
    for (;;) {
      const left = 2 * parent + 1;
      const right = left + 1;
      let worst = parent;
      if (left < heap.length && outranks(heap[worst] as Candidate, heap[left] as Candidate)) worst = left;
      if (right < heap.length && outranks(heap[worst] as Candidate, heap[right] as Candidate)) worst = right;
      if (worst === parent) return;
      this.swap(parent, worst);
      parent = worst;
    }
  }

  private swap(i: number, j: number): void {
    const { heap } = this;
    [heap[i], heap[j]] = [heap[j] as Candidate, heap[i] as Candidate];
  }
}

let sharedScratch: ScoringScratch | undefined;

/**
 * The one scoring scratch every view's Ranker uses, as large as the largest view: a rank() runs start to
 * finish on Node's one thread, so no two use it at once, and a cached view holds no per-passage buffers.
 */
function scratchFor(documentCount: number): ScoringScratch {
  if (!sharedScratch || sharedScratch.capacity < documentCount)
    sharedScratch = new ScoringScratch(documentCount);
  return sharedScratch;
}

/** Scores the passages a plan reaches and returns the best `limit`, above both floors. */
export class Ranker {
  private readonly passages: readonly Passage[];
  private readonly documentNumber: Int32Array;
  private readonly documentIds: readonly string[];
  private readonly kind: Uint8Array;

  constructor(
    private readonly postings: ComposedIndex,
    ranked: RankedPassages,
  ) {
    this.passages = ranked.passages;
    this.documentIds = ranked.documentIds;
    this.documentNumber = ranked.documentNumber;
    this.kind = ranked.kind;
  }

  rank(plan: QueryPlan, limit: number, filter: RankFilter = {}): RankedPassage[] {
    const { postings, passages, documentIds, documentNumber, kind: kinds } = this;
    const scratch = scratchFor(postings.documentCount);
    const named = Uint8Array.from(documentIds, (id) => (plan.namedDocuments.has(id) ? 1 : 0));
    const { rank: settings } = SEARCH_OPTIONS;
    const { concepts } = plan;
    if (concepts.length === 0) return [];

    // One key per distinct index term, scored once at the strongest boost any concept gives it.
    const keys: MatchKey[] = [];
    const keyOf = new Map<string, MatchKey>();
    const boosts = new Map<string, number>();
    concepts.forEach((concept, index) => {
      for (const match of concept.matches) {
        let key = keyOf.get(match.term);
        if (!key) {
          key = { term: match.term, answers: [] };
          keyOf.set(match.term, key);
          keys.push(key);
        }
        key.answers.push({ concept: index, kind: match.kind, phrase: match.phrase ?? -1 });
        boosts.set(match.term, Math.max(boosts.get(match.term) ?? 0, boost(match.kind)));
      }
    });
    scratch.reset();
    keys.forEach((key, keyIndex) => {
      const termId = postings.termId(key.term);
      if (termId !== undefined) postings.accumulate(termId, boosts.get(key.term) ?? 1, keyIndex, scratch);
    });

    // The plan as flat arrays, so the loop over every touched passage allocates nothing.
    const answerStart = new Int32Array(keys.length + 1);
    keys.forEach((key, index) => {
      answerStart[index + 1] = (answerStart[index] as number) + key.answers.length;
    });
    const answers = keys.flatMap((key) => key.answers);
    const answerConcept = Int32Array.from(answers, (answer) => answer.concept);
    const answerRank = Int8Array.from(answers, (answer) => KIND_ORDER[answer.kind]);
    const answerPhrase = Int32Array.from(answers, (answer) => answer.phrase);
    const phraseLengths = Int32Array.from(plan.phraseLengths);
    const coveredWeight = Float64Array.from(concepts, (concept, index) =>
      plan.covered[index] ? concept.weight : 0,
    );
    const isEntity = Uint8Array.from(concepts, (concept) => (concept.entity ? 1 : 0));
    const rankCredit = Float64Array.from([0, credit('related'), credit('correction'), 1]);
    const bestKind = new Int8Array(concepts.length);
    const phraseHits = new Int16Array(phraseLengths.length);
    const leaders = new BestCandidates(Math.max(limit * 4, settings.proximityPool));
    for (let touched = 0; touched < scratch.touchedCount; touched++) {
      const document = scratch.touched[touched] as number;
      bestKind.fill(0);
      if (phraseHits.length > 0) phraseHits.fill(0);
      for (let cursor = scratch.firstMatch(document); cursor >= 0; cursor = scratch.nextMatch(cursor)) {
        const key = scratch.matchKey(cursor);
        for (let answer = answerStart[key] as number; answer < (answerStart[key + 1] as number); answer++) {
          const phrase = answerPhrase[answer] as number;
          // A related phrase answers only once the passage has shown all of its words.
          if (phrase >= 0 && ++(phraseHits[phrase] as number) < (phraseLengths[phrase] as number)) continue;
          const concept = answerConcept[answer] as number;
          if ((answerRank[answer] as number) > (bestKind[concept] as number))
            bestKind[concept] = answerRank[answer] as number;
        }
      }
      let covered = 0;
      let matched = 0;
      let entities = 0;
      let answered = !plan.literal;
      for (let concept = 0; concept < bestKind.length; concept++) {
        const kind = bestKind[concept] as number;
        if (kind === 0) continue;
        matched++;
        if (kind === KIND_ORDER.literal || kind === KIND_ORDER.related) answered = true;
        entities += isEntity[concept] as number;
        covered += (coveredWeight[concept] as number) * (rankCredit[kind] as number);
      }
      const coverage = plan.coverageTotal > 0 ? Math.min(1, covered / plan.coverageTotal) : 0;
      if (!answered || coverage < settings.relevanceFloor) continue;
      if (filter.documentId && documentIds[documentNumber[document] as number] !== filter.documentId)
        continue;
      if (filter.filter && !filter.filter(passages[document] as Passage)) continue;
      const byNamedAuthor = named[documentNumber[document] as number] === 1;
      const authorBoost = byNamedAuthor ? settings.authorBoost : 1;
      const kind = kinds[document] as number;
      // The keyword line is metadata too: it should point to the abstract, not stand in for it.
      const prior =
        kind === REFERENCE && plan.intent === 'sources'
          ? settings.sourcesPrior
          : kind === REFERENCE || kind === KEYWORDS
            ? settings.metadataPrior
            : 1;
      // As MiniSearch: the BM25 sum times the number of query words matched.
      const text = (scratch.scores[document] as number) * matched;
      const score = text * coverage * coverage * authorBoost * prior;
      leaders.offer(document, entities, byNamedAuthor, intentTier(plan.intent, kind), score);
    }

    // Proximity lifts a score by at most (1 + proximityWeight), so only the leading candidates need it.
    const pool = leaders.sorted().map((candidate) => {
      const { weights, conceptTerms } = this.matchedTerms(plan, keys, candidate.document);
      const closeness = proximity(postings.sequence(candidate.document), conceptTerms);
      return {
        candidate: { ...candidate, score: candidate.score * (1 + settings.proximityWeight * closeness) },
        weights,
      };
    });
    pool.sort((a, b) =>
      outranks(a.candidate, b.candidate) ? -1 : outranks(b.candidate, a.candidate) ? 1 : 0,
    );
    // Measured from the first result, which the names and the intent may have put above higher scores.
    const top = pool[0]?.candidate.score ?? 0;
    return pool
      .filter(({ candidate }) => candidate.score >= top * settings.relativeFloor)
      .slice(0, limit)
      .map(({ candidate, weights }) => ({
        passage: passages[candidate.document] as Passage,
        score: candidate.score,
        weights,
      }));
  }

  /**
   * The index terms that answered each concept in one passage, keeping only its best kind of match: where
   * the passage holds the word typed, related words are not what it is shown (or bolded) for.
   */
  private matchedTerms(plan: QueryPlan, keys: readonly MatchKey[], document: number) {
    const { postings } = this;
    const scratch = scratchFor(postings.documentCount);
    const perConcept = plan.concepts.map(() => ({ rank: 0, terms: [] as string[] }));
    const offer = (concept: number, rank: number, terms: readonly string[]) => {
      const slot = perConcept[concept] as { rank: number; terms: string[] };
      if (rank > slot.rank) {
        slot.rank = rank;
        slot.terms = [...terms];
      } else if (rank === slot.rank)
        for (const term of terms) if (!slot.terms.includes(term)) slot.terms.push(term);
    };
    const phrases = new Map<number, { concept: number; terms: string[] }>();
    for (let cursor = scratch.firstMatch(document); cursor >= 0; cursor = scratch.nextMatch(cursor)) {
      const key = keys[scratch.matchKey(cursor)] as MatchKey;
      for (const { concept, kind, phrase } of key.answers) {
        if (phrase < 0) {
          offer(concept, KIND_ORDER[kind], [key.term]);
          continue;
        }
        const words = phrases.get(phrase) ?? { concept, terms: [] };
        words.terms.push(key.term);
        phrases.set(phrase, words);
      }
    }
    for (const [phrase, { concept, terms }] of phrases)
      if (terms.length === plan.phraseLengths[phrase]) offer(concept, KIND_ORDER.related, terms);
    const weights = new Map<string, number>();
    const conceptTerms: Array<Set<number>> = [];
    perConcept.forEach((slot, index) => {
      if (slot.rank === 0) return;
      const concept = plan.concepts[index];
      if (!concept) return;
      const weight = concept.weight * credit(kindOf(slot.rank));
      for (const term of slot.terms) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
      conceptTerms.push(new Set(slot.terms.map((term) => postings.sequenceTermId(document, term) ?? -1)));
    });
    return { weights, conceptTerms };
  }
}

function kindOf(rank: number): MatchKind {
  return rank === 3 ? 'literal' : rank === 2 ? 'correction' : 'related';
}
