import type { Corpus, LibraryDocument } from '../corpus/types.js';
import { isStopWord, processTerm, tokenize } from '../text/index.js';
import { isArgument, type SourceSentence, sentencesOf } from './sentences.js';

export type SummaryLength = 'short' | 'medium' | 'long';
export const SUMMARY_SENTENCES: Record<SummaryLength, number> = { short: 3, medium: 6, long: 10 };

export interface KeyTerm {
  term: string;
  count: number;
  score: number;
}

export interface ReferenceProfile {
  total: number;
  perDecade: Array<{ decade: string; count: number }>;
  topAuthors: Array<{ name: string; count: number }>;
  topics: Array<{ term: string; count: number }>;
}

export interface Summary {
  documentId: string;
  /** The document's own abstract, shown as the author's, apart from Lectern's extract. */
  abstract?: { text: string; locator: string };
  /** Lectern's extract: sentences in document order, each verbatim from the source. */
  sentences: SourceSentence[];
  /** True when the extract had to come from the abstract, because the full text is not in the corpus. */
  extractFromAbstract: boolean;
  keyTerms: KeyTerm[];
  coverage: string;
  referenceProfile?: ReferenceProfile;
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

/** Maximal marginal relevance: each next sentence is important and unlike those already chosen. */
export function selectSentences(
  sentences: readonly SourceSentence[],
  scores: readonly number[],
  idf: Map<string, number>,
  count: number,
): SourceSentence[] {
  const vectors = tfidfVectors(sentences, idf);
  const max = Math.max(...scores, Number.EPSILON);
  const chosen: number[] = [];
  while (chosen.length < Math.min(count, sentences.length)) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    sentences.forEach((_, index) => {
      if (chosen.includes(index)) return;
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
  }
  return chosen.sort((a, b) => a - b).map((index) => sentences[index] as SourceSentence);
}

/** Unigrams and bigrams of adjacent content words, with the surface form readers would recognise. */
export function termCounts(texts: readonly string[]): {
  counts: Map<string, number>;
  surface: Map<string, string>;
} {
  const counts = new Map<string, number>();
  const surfaces = new Map<string, Map<string, number>>();
  const add = (key: string, form: string) => {
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const forms = surfaces.get(key) ?? new Map<string, number>();
    forms.set(form, (forms.get(form) ?? 0) + 1);
    surfaces.set(key, forms);
  };
  for (const text of texts) {
    let previous: { term: string; form: string } | undefined;
    for (const token of tokenize(text)) {
      const term = processTerm(token);
      // Short lower-case words ("not", "may") carry grammar, not topics; acronyms ("UN") stay.
      const grammatical = token.length <= 3 && token !== token.toUpperCase();
      if (term === null || isStopWord(token) || /^\d+$/.test(term) || grammatical) {
        previous = undefined;
        continue;
      }
      const form =
        token === token.toUpperCase() || /^[A-Z][a-z]/.test(token)
          ? token.replace(/['’]s$/, '')
          : token.toLowerCase();
      add(term, form);
      if (previous) add(`${previous.term} ${term}`, `${previous.form} ${form}`);
      previous = { term, form };
    }
  }
  const surface = new Map<string, string>();
  for (const [key, forms] of surfaces) {
    surface.set(
      key,
      [...forms.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? key,
    );
  }
  return { counts, surface };
}

export function argumentTexts(document: LibraryDocument): string[] {
  const texts = document.passages.filter(isArgument).map((passage) => passage.text);
  return texts.length > 0
    ? [...texts, ...document.keywords]
    : document.passages.map((passage) => passage.text);
}

/**
 * Distinctive terms: the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
 * 2008), this document against the rest of the library, as a z-score. Terms seen once are left out.
 */
export function keyTerms(document: LibraryDocument, corpus: Corpus, limit = 12): KeyTerm[] {
  const own = termCounts(argumentTexts(document));
  const rest = termCounts(
    corpus.documents.filter((other) => other.id !== document.id).flatMap(argumentTexts),
  );
  const all = new Map<string, number>();
  for (const source of [own.counts, rest.counts])
    for (const [key, count] of source) all.set(key, (all.get(key) ?? 0) + count);
  const totalAll = [...all.values()].reduce((sum, count) => sum + count, 0) || 1;
  const totalOwn = [...own.counts.values()].reduce((sum, count) => sum + count, 0) || 1;
  const totalRest = [...rest.counts.values()].reduce((sum, count) => sum + count, 0) || 1;
  const priorSize = 500;
  const scored: KeyTerm[] = [];
  for (const [key, count] of own.counts) {
    if (count < 2) continue;
    const prior = ((all.get(key) ?? 0) / totalAll) * priorSize;
    const restCount = rest.counts.get(key) ?? 0;
    const logOddsOwn = Math.log((count + prior) / (totalOwn + priorSize - count - prior));
    const logOddsRest = Math.log((restCount + prior) / (totalRest + priorSize - restCount - prior));
    const variance = 1 / (count + prior) + 1 / (restCount + prior);
    scored.push({
      term: own.surface.get(key) ?? key,
      count,
      score: (logOddsOwn - logOddsRest) / Math.sqrt(variance),
    });
  }
  scored.sort((a, b) => b.score - a.score || b.count - a.count);
  // A bigram makes its own words redundant in the list ("coercive engagement" over "coercive").
  const picked: KeyTerm[] = [];
  for (const candidate of scored) {
    const words = candidate.term.toLowerCase().split(' ');
    if (
      picked.some(
        (chosen) =>
          chosen.term
            .toLowerCase()
            .split(' ')
            .some((word) => words.includes(word)) && chosen.term.includes(' '),
      )
    )
      continue;
    picked.push(candidate);
    if (picked.length >= limit) break;
  }
  return picked;
}

export function referenceProfile(document: LibraryDocument, limit = 5): ReferenceProfile | undefined {
  if (document.references.length === 0) return undefined;
  const decades = new Map<string, number>();
  const authors = new Map<string, number>();
  for (const entry of document.references) {
    const year = entry.csl.issued?.['date-parts']?.[0]?.[0];
    if (year)
      decades.set(`${Math.floor(year / 10) * 10}s`, (decades.get(`${Math.floor(year / 10) * 10}s`) ?? 0) + 1);
    for (const name of [...(entry.csl.author ?? []), ...(entry.csl.editor ?? [])]) {
      const label = name.literal ?? [name.given, name.family].filter(Boolean).join(' ');
      if (label) authors.set(label, (authors.get(label) ?? 0) + 1);
    }
  }
  const titles = termCounts(document.references.map((entry) => entry.csl.title ?? ''));
  const recurring = [...titles.counts.entries()].filter(([key, count]) =>
    key.includes(' ') ? count >= 2 : count >= 3,
  );
  const phraseWords = new Set(
    recurring.filter(([key]) => key.includes(' ')).flatMap(([key]) => key.split(' ')),
  );
  const topics = recurring
    .filter(([key]) => key.includes(' ') || !phraseWords.has(key))
    .map(([key, count]) => ({ term: titles.surface.get(key) ?? key, count }))
    .sort((a, b) => b.count - a.count || a.term.localeCompare(b.term))
    .slice(0, 8);
  return {
    total: document.references.length,
    perDecade: [...decades.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([decade, count]) => ({ decade, count })),
    topAuthors: [...authors.entries()]
      .filter(([, count]) => count >= 2)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([name, count]) => ({ name, count })),
    topics,
  };
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
  const paragraphs = sentencesOf(document, (passage) => passage.kind === 'paragraph');
  const extractFromAbstract = paragraphs.length === 0;
  const candidates = extractFromAbstract
    ? sentencesOf(document, (passage) => passage.kind === 'abstract')
    : paragraphs;
  const scores = rankSentences(candidates, idf, document.csl.title);
  const sentences = selectSentences(candidates, scores, idf, SUMMARY_SENTENCES[length]);
  const counts = new Map<string, number>();
  for (const passage of document.passages) counts.set(passage.kind, (counts.get(passage.kind) ?? 0) + 1);
  const coverage = document.fullText
    ? `Full text: ${counts.get('paragraph') ?? 0} paragraphs.`
    : `${document.coverageNote ?? 'Only parts of this work are in the corpus.'} In the corpus: ${[
        abstractPassage ? 'the abstract' : '',
        document.keywords.length > 0 ? `${document.keywords.length} keywords` : '',
        document.references.length > 0 ? `${document.references.length} references` : '',
      ]
        .filter(Boolean)
        .join(', ')}.`;
  const profile = referenceProfile(document);
  return {
    documentId: document.id,
    ...(abstractPassage
      ? { abstract: { text: abstractPassage.text, locator: abstractPassage.locator } }
      : {}),
    sentences,
    extractFromAbstract,
    keyTerms: keyTerms(document, corpus),
    coverage,
    ...(profile ? { referenceProfile: profile } : {}),
  };
}

/** The single sentence that best states a document's argument: its top-ranked sentence. */
export function thesis(document: LibraryDocument, corpus: Corpus): SourceSentence | undefined {
  const idf = sentenceIdf(corpus);
  const paragraphs = sentencesOf(document, (passage) => passage.kind === 'paragraph');
  const candidates = paragraphs.length > 0 ? paragraphs : sentencesOf(document);
  const scores = rankSentences(candidates, idf, document.csl.title);
  let best = -1;
  scores.forEach((score, index) => {
    if (best < 0 || score > (scores[best] ?? 0)) best = index;
  });
  return candidates[best];
}
