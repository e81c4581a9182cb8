import type { Passage } from '../corpus/types.js';
import { type SourceSentence, sentencesOf } from '../summary/analysis.js';
import { stem, termKey, tokenize } from '../summary/text.js';

/**
 * Two stems name the same word family when they share a long opening: Porter cuts "coercive" to "coerciv"
 * but leaves "coercion" whole, and a search engine may stem differently again ("coerc", "engag", "secur").
 * The shared opening must be at least five letters and all but two letters of the shorter stem.
 */
const MIN_SHARED_PREFIX = 5;
const MAX_UNSHARED_TAIL = 2;

export function sameFamily(a: string, b: string): boolean {
  if (a === b) return true;
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
  return shared >= MIN_SHARED_PREFIX && shared >= Math.min(a.length, b.length) - MAX_UNSHARED_TAIL;
}

/** The content-word stems of a topic or query, each once. */
export function queryTerms(query: string): string[] {
  return [...new Set(tokenize(query).flatMap((token) => termKey(token.form) ?? []))];
}

function wordsOf(text: string): string[] {
  return tokenize(text).flatMap((token) => {
    const key = termKey(token.form);
    // Both the index key and the plain lower-cased word, so engine terms like "secur" find "security".
    return key ? [key, token.form.toLowerCase(), stem(token.form)] : [];
  });
}

/**
 * How well a piece of text answers a query: each query term found counts 1, each further term the search
 * engine matched (a synonym or related word it expanded to) counts half.
 */
export function matchScore(
  text: string,
  topicTerms: readonly string[],
  engineTerms: readonly string[],
): number {
  const words = wordsOf(text);
  const has = (term: string) => words.some((word) => sameFamily(word, term));
  const direct = topicTerms.filter(has).length;
  const related = engineTerms.filter(
    (term) => !topicTerms.some((topicTerm) => sameFamily(topicTerm, term)) && has(term),
  ).length;
  return direct + related / 2;
}

/** An excerpt is always a contiguous slice of one passage: `passage.text.slice(start, end) === text`. */
export type Excerpt = SourceSentence;

/** Longest excerpt built from two sentences; past this the best sentence stands alone. */
const MAX_EXCERPT_CHARS = 420;

/**
 * The sentence of a passage that best answers the query, joined to a neighbouring sentence when that one
 * answers it too and the two stay short: a sentence or two, verbatim. Keyword lists yield the matching
 * keywords only. Undefined when no sentence holds a query or engine term.
 */
export function bestExcerpt(
  passage: Passage,
  topicTerms: readonly string[],
  engineTerms: readonly string[],
  options: { maxSentences?: 1 | 2 } = {},
): Excerpt | undefined {
  if (passage.kind === 'keywords') return keywordExcerpt(passage, topicTerms, engineTerms);
  const sentences = sentencesOf([passage]);
  const scores = sentences.map((sentence) => matchScore(sentence.text, topicTerms, engineTerms));
  let best = -1;
  scores.forEach((score, index) => {
    if (score > 0 && (best < 0 || score > (scores[best] as number))) best = index;
  });
  if (best < 0) return undefined;
  const chosen = sentences[best] as SourceSentence;
  if (options.maxSentences === 1) return chosen;
  const neighbours = [best + 1, best - 1].filter((index) => (scores[index] ?? 0) > 0);
  for (const index of neighbours) {
    const other = sentences[index] as SourceSentence;
    const start = Math.min(chosen.start, other.start);
    const end = Math.max(chosen.end, other.end);
    if (end - start <= MAX_EXCERPT_CHARS) return sliceOf(passage, start, end);
  }
  return chosen;
}

function sliceOf(passage: Passage, start: number, end: number): Excerpt {
  return {
    text: passage.text.slice(start, end),
    passageId: passage.id,
    locator: passage.locator,
    start,
    end,
  };
}

/** The keywords that match, as one slice from the first to the last ("Nunn-Lugar"). */
function keywordExcerpt(
  passage: Passage,
  topicTerms: readonly string[],
  engineTerms: readonly string[],
): Excerpt | undefined {
  const matches: Array<{ start: number; end: number }> = [];
  for (const match of passage.text.matchAll(/[^;,]+/g)) {
    const raw = match[0];
    const text = raw.trim();
    if (!text || matchScore(text, topicTerms, engineTerms) === 0) continue;
    const start = match.index + (raw.length - raw.trimStart().length);
    matches.push({ start, end: start + text.length });
  }
  const first = matches[0];
  const last = matches.at(-1);
  return first && last ? sliceOf(passage, first.start, last.end) : undefined;
}
