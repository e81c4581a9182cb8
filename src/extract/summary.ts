import type { Corpus, LibraryDocument } from '../corpus/types.js';
import {
  counted,
  processTerm,
  type TermCount,
  termCounts,
  tokenize,
  withoutAbsorbed,
} from '../text/index.js';
import { digestReferences, type ReferenceDigest } from './reference-digest.js';
import { isArgument, recommends, type SourceSentence, sentencesOf } from './sentences.js';

export type SummaryLength = 'short' | 'medium' | 'long';
export const SUMMARY_SENTENCES: Record<SummaryLength, number> = { short: 3, medium: 6, long: 10 };

export interface KeyTerm {
  term: string;
  /** Index terms of its words, joined by a space (see termCounts). */
  key: string;
  words: string[];
  count: number;
  score: number;
}

export interface Summary {
  documentId: string;
  /**
   * The document's own abstract, shown as the author's apart from Lectern's extract; left out when the
   * extract is drawn from it, so no sentence is shown twice.
   */
  abstract?: { text: string; locator: string };
  /** Lectern's extract: sentences in document order, each verbatim from the source. */
  sentences: SourceSentence[];
  /** The sentence that states the document's argument; always in the extract. */
  thesis?: SourceSentence;
  /** Sentences that recommend a course of action, most concrete first; always in the extract. */
  proposals: SourceSentence[];
  /** True when the extract had to come from the abstract, because the full text is not in the corpus. */
  extractFromAbstract: boolean;
  keyTerms: KeyTerm[];
  coverage: string;
  /** What the document's reference list draws on, when it has one. */
  referenceProfile?: ReferenceDigest;
}

const DAMPING = 0.85;
const ITERATIONS = 40;
const MMR_LAMBDA = 0.7;

function tfidfVectors(
  sentences: readonly SourceSentence[],
  idf: Map<string, number>,
): Array<Map<string, number>> {
  return sentences.map((sentence) => {
    const vector = new Map<string, number>();
    for (const term of sentence.terms) vector.set(term, (vector.get(term) ?? 0) + 1);
    let norm = 0;
    for (const [term, count] of vector) {
      const weight = count * (idf.get(term) ?? 0);
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  });
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let sum = 0;
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  for (const [term, weight] of small) sum += weight * (large.get(term) ?? 0);
  return sum;
}

/**
 * TextRank over TF-IDF cosine similarities (IDF from the whole library), times a position prior: opening
 * paragraphs and a paragraph's first sentence state a thesis more often than the middle does.
 */
export function rankSentences(
  sentences: readonly SourceSentence[],
  idf: Map<string, number>,
  title = '',
): number[] {
  // A title usually names the thesis; sentences that echo it are lifted a little.
  const titleTerms = new Set(tokenize(title).flatMap((token) => processTerm(token) ?? []));
  const vectors = tfidfVectors(sentences, idf);
  const count = sentences.length;
  if (count === 0) return [];
  const similarity = vectors.map((a, i) => vectors.map((b, j) => (i === j ? 0 : cosine(a, b))));
  const outWeight = similarity.map((row) => row.reduce((sum, value) => sum + value, 0));
  let rank = new Array<number>(count).fill(1 / count);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    rank = rank.map((_, i) => {
      let incoming = 0;
      for (let j = 0; j < count; j++) {
        const weight = similarity[j]?.[i] ?? 0;
        if (weight > 0) incoming += (weight / (outWeight[j] || 1)) * (rank[j] ?? 0);
      }
      return (1 - DAMPING) / count + DAMPING * incoming;
    });
  }
  return rank.map((value, index) => {
    const sentence = sentences[index] as SourceSentence;
    const prior = 1 + 0.25 / (1 + sentence.passageIndex) + (sentence.sentenceIndex === 0 ? 0.15 : 0);
    const echoes =
      titleTerms.size > 0
        ? new Set(sentence.terms.filter((term) => titleTerms.has(term))).size / titleTerms.size
        : 0;
    return value * prior * (1 + echoes);
  });
}

export interface SelectionRules {
  /** Indices that must be in the selection, chosen first. */
  required?: readonly number[];
  /** Whether a further sentence may still be chosen (e.g. its paragraph has room left). */
  allows?: (sentence: SourceSentence) => boolean;
  onChoose?: (sentence: SourceSentence) => void;
}

/** Maximal marginal relevance: each next sentence is important and unlike those already chosen. */
export function selectSentences(
  sentences: readonly SourceSentence[],
  scores: readonly number[],
  idf: Map<string, number>,
  count: number,
  rules: SelectionRules = {},
): SourceSentence[] {
  const vectors = tfidfVectors(sentences, idf);
  const max = Math.max(...scores, Number.EPSILON);
  const chosen: number[] = [...new Set(rules.required ?? [])].slice(0, count);
  while (chosen.length < Math.min(count, sentences.length)) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    sentences.forEach((sentence, index) => {
      if (chosen.includes(index) || (rules.allows && !rules.allows(sentence))) return;
      const redundancy = Math.max(
        0,
        ...chosen.map((other) =>
          cosine(vectors[index] as Map<string, number>, vectors[other] as Map<string, number>),
        ),
      );
      const value = MMR_LAMBDA * ((scores[index] ?? 0) / max) - (1 - MMR_LAMBDA) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = index;
      }
    });
    if (best < 0) break;
    chosen.push(best);
    rules.onChoose?.(sentences[best] as SourceSentence);
  }
  return chosen.sort((a, b) => a - b).map((index) => sentences[index] as SourceSentence);
}

export function argumentTexts(document: LibraryDocument): string[] {
  const texts = document.passages.filter(isArgument).map((passage) => passage.text);
  return texts.length > 0
    ? [...texts, ...document.keywords]
    : document.passages.map((passage) => passage.text);
}

const countTotal = (counts: Map<string, TermCount>) => {
  let total = 0;
  for (const entry of counts.values()) total += entry.count;
  return total || 1;
};

/**
 * Distinctive terms: the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
 * 2008), this document against the rest of the library, as a z-score. Terms seen once are left out, a
 * phrase absorbs the words it accounts for, and the chosen terms are listed by how often the text uses them.
 */
export function keyTerms(document: LibraryDocument, corpus: Corpus, limit = 12): KeyTerm[] {
  const own = termCounts(argumentTexts(document));
  const rest = termCounts(
    corpus.documents.filter((other) => other.id !== document.id).flatMap(argumentTexts),
  );
  const totalOwn = countTotal(own);
  const totalRest = countTotal(rest);
  const totalAll = totalOwn + totalRest;
  const priorSize = 500;
  const scored: KeyTerm[] = [];
  for (const [key, entry] of own) {
    if (entry.count < 2) continue;
    const restCount = rest.get(key)?.count ?? 0;
    const prior = ((entry.count + restCount) / totalAll) * priorSize;
    const logOddsOwn = Math.log((entry.count + prior) / (totalOwn + priorSize - entry.count - prior));
    const logOddsRest = Math.log((restCount + prior) / (totalRest + priorSize - restCount - prior));
    const variance = 1 / (entry.count + prior) + 1 / (restCount + prior);
    scored.push({
      term: entry.surface,
      key,
      words: entry.words,
      count: entry.count,
      score: (logOddsOwn - logOddsRest) / Math.sqrt(variance),
    });
  }
  scored.sort((a, b) => b.score - a.score || b.count - a.count);
  return withoutAbsorbed(scored)
    .slice(0, limit)
    .sort((a, b) => b.count - a.count || b.score - a.score);
}

const idfCache = new WeakMap<Corpus, Map<string, number>>();

/** Inverse sentence frequency over every argument sentence in the library, computed once per corpus. */
export function sentenceIdf(corpus: Corpus): Map<string, number> {
  const cached = idfCache.get(corpus);
  if (cached) return cached;
  const all = corpus.documents.flatMap((document) => sentencesOf(document));
  const frequency = new Map<string, number>();
  for (const sentence of all)
    for (const term of new Set(sentence.terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [term, count] of frequency) idf.set(term, Math.log(1 + all.length / count));
  idfCache.set(corpus, idf);
  return idf;
}

/** How many proposals each length keeps beside the thesis. */
const PROPOSALS: Record<SummaryLength, number> = { short: 2, medium: 3, long: 4 };

/** An author announcing the argument: "this article suggests", "I argue". */
const AUTHORIAL_THESIS =
  /\b(?:this (?:article|paper|essay|study|commentary|chapter|book)|(?:I|we) (?:argue|contend|propose|suggest))\b/i;
function candidatesOf(document: LibraryDocument): { candidates: SourceSentence[]; fromAbstract: boolean } {
  const paragraphs = sentencesOf(document, (passage) => passage.kind === 'paragraph');
  if (paragraphs.length > 0) return { candidates: paragraphs, fromAbstract: false };
  const abstract = sentencesOf(document, (passage) => passage.kind === 'abstract');
  return abstract.length > 0
    ? { candidates: abstract, fromAbstract: true }
    : { candidates: sentencesOf(document), fromAbstract: false };
}

function thesisIndex(candidates: readonly SourceSentence[], scores: readonly number[]): number {
  let best = -1;
  const authorial = candidates.map((sentence) => AUTHORIAL_THESIS.test(sentence.text));
  const anyAuthorial = authorial.some(Boolean);
  scores.forEach((score, index) => {
    if (anyAuthorial && !authorial[index]) return;
    if (best < 0 || score > (scores[best] ?? 0)) best = index;
  });
  return best;
}

/**
 * Recommendations, ranked as concrete proposals: a proposal brings in something the text has not yet
 * discussed (the share of its terms that are new there), and proposals follow the diagnosis, so later
 * ones weigh more.
 */
function proposalIndices(candidates: readonly SourceSentence[], exclude: number): number[] {
  const seen = new Set<string>();
  const scored: Array<{ index: number; score: number }> = [];
  candidates.forEach((sentence, index) => {
    const terms = new Set(sentence.terms);
    const fresh = [...terms].filter((term) => !seen.has(term)).length;
    for (const term of terms) seen.add(term);
    if (index === exclude || !recommends(sentence.text)) return;
    if (terms.size === 0) return;
    scored.push({ index, score: (fresh / terms.size) * (1 + index / candidates.length) });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((entry) => entry.index);
}

/** Each passage's fair share of an extract of `count` sentences: in proportion to its own sentences. */
function passageShares(candidates: readonly SourceSentence[], count: number): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const sentence of candidates) sizes.set(sentence.passageId, (sizes.get(sentence.passageId) ?? 0) + 1);
  const shares = new Map<string, number>();
  for (const [passageId, size] of sizes)
    shares.set(passageId, Math.max(1, Math.ceil((count * size) / candidates.length)));
  return shares;
}

const summaryCache = new WeakMap<Corpus, Map<string, Summary>>();

/**
 * A loaded corpus never changes, so neither does a document's summary: computed once per document and
 * length (ranking every sentence is most of a /summary's time), then shared. Callers must not mutate it.
 */
export function summarize(document: LibraryDocument, corpus: Corpus, length: SummaryLength): Summary {
  let byDocument = summaryCache.get(corpus);
  if (!byDocument) {
    byDocument = new Map();
    summaryCache.set(corpus, byDocument);
  }
  const key = `${document.id}\u0000${length}`;
  let summary = byDocument.get(key);
  if (!summary) {
    summary = computeSummary(document, corpus, length);
    byDocument.set(key, summary);
  }
  return summary;
}

function computeSummary(document: LibraryDocument, corpus: Corpus, length: SummaryLength): Summary {
  const idf = sentenceIdf(corpus);
  const abstractPassage = document.passages.find((passage) => passage.kind === 'abstract');
  const { candidates, fromAbstract } = candidatesOf(document);
  const scores = rankSentences(candidates, idf, document.csl.title);
  const count = Math.min(SUMMARY_SENTENCES[length], candidates.length);
  const thesisAt = thesisIndex(candidates, scores);
  const required = [
    ...(thesisAt >= 0 ? [thesisAt] : []),
    ...proposalIndices(candidates, thesisAt).slice(0, Math.max(0, Math.min(PROPOSALS[length], count - 1))),
  ];
  const shares = passageShares(candidates, count);
  const used = new Map<string, number>();
  for (const index of required) {
    const passageId = candidates[index]?.passageId ?? '';
    used.set(passageId, (used.get(passageId) ?? 0) + 1);
  }
  const chosen = selectSentences(candidates, scores, idf, count, {
    required,
    allows: (sentence) => (used.get(sentence.passageId) ?? 0) < (shares.get(sentence.passageId) ?? 1),
    onChoose: (sentence) => used.set(sentence.passageId, (used.get(sentence.passageId) ?? 0) + 1),
  });
  const counts = new Map<string, number>();
  for (const passage of document.passages) counts.set(passage.kind, (counts.get(passage.kind) ?? 0) + 1);
  const coverage = document.fullText
    ? `Full text: ${counted(counts.get('paragraph') ?? 0, 'paragraph')}.`
    : `${document.coverageNote ?? 'Only parts of this work are in the corpus.'} In the corpus: ${[
        abstractPassage ? 'the abstract' : '',
        document.keywords.length > 0 ? counted(document.keywords.length, 'keyword') : '',
        document.references.length > 0 ? counted(document.references.length, 'reference') : '',
      ]
        .filter(Boolean)
        .join(', ')}.`;
  const profile = document.references.length > 0 ? digestReferences(document.references) : undefined;
  const thesisSentence = candidates[thesisAt];
  return {
    documentId: document.id,
    ...(abstractPassage && !fromAbstract
      ? { abstract: { text: abstractPassage.text, locator: abstractPassage.locator } }
      : {}),
    sentences: chosen,
    ...(thesisSentence ? { thesis: thesisSentence } : {}),
    proposals: required.slice(1).map((index) => candidates[index] as SourceSentence),
    extractFromAbstract: fromAbstract,
    keyTerms: keyTerms(document, corpus),
    coverage,
    ...(profile ? { referenceProfile: profile } : {}),
  };
}

/** The sentence that states a document's argument: the author's own announcement of it, else the top-ranked. */
export function thesis(document: LibraryDocument, corpus: Corpus): SourceSentence | undefined {
  const { candidates } = candidatesOf(document);
  return candidates[
    thesisIndex(candidates, rankSentences(candidates, sentenceIdf(corpus), document.csl.title))
  ];
}
