import { diffWords } from 'diff';
import type { Corpus, Passage } from '../corpus/types.js';
import type { Searcher } from '../search/types.js';
import { indexTerms } from '../text/index.js';

/**
 * Checks a quotation against the corpus. Case, whitespace, typographic quotes and dashes are ignored for
 * the exact check; a close match is shown word by word against the source; otherwise the nearest passage.
 */

export interface QuoteSpan {
  passage: Passage;
  /** Offsets of the matching text in passage.text. */
  start: number;
  end: number;
  /** The source's own words for the span. */
  sourceText: string;
}

export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

export type QuoteCheck =
  | { verdict: 'verified'; span: QuoteSpan }
  | { verdict: 'close'; span: QuoteSpan; similarity: number; diff: DiffPart[] }
  | { verdict: 'none'; nearest?: Passage };

/** Below this share of matching words a "close" match is no longer the quotation's source. */
export const CLOSE_MATCH_THRESHOLD = 0.6;
export const MIN_QUOTE_WORDS = 3;

const CHARACTER_FOLDS: Array<[RegExp, string]> = [
  [/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-'],
  [/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, ''],
  [/\u2026/g, '...'],
];

/** Folds one character at a time, keeping a map from folded offsets back to the original. */
export function foldWithMap(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  let previousSpace = true;
  for (let index = 0; index < text.length; index++) {
    let character = text[index] ?? '';
    for (const [pattern, replacement] of CHARACTER_FOLDS) {
      pattern.lastIndex = 0;
      if (pattern.test(character)) character = replacement;
    }
    character = character.normalize('NFKC').toLowerCase();
    if (/\s/.test(character)) {
      if (previousSpace) continue;
      character = ' ';
      previousSpace = true;
    } else if (character.length > 0) previousSpace = false;
    for (const piece of character) {
      folded += piece;
      map.push(index);
    }
  }
  while (folded.endsWith(' ')) {
    folded = folded.slice(0, -1);
    map.pop();
  }
  return { folded, map };
}

/** Strips the quotation marks and ellipses people put around a quote, which the source does not contain. */
export function cleanQuotation(raw: string): string {
  return raw
    .trim()
    .replace(/^[\s"'“”‘’«»>]+|[\s"'“”‘’«»]+$/g, '')
    .replace(/^(\.\.\.|…)\s*|\s*(\.\.\.|…)$/g, '')
    .trim();
}

const words = (text: string) => text.split(/\s+/).filter(Boolean);

export function checkQuote(raw: string, corpus: Corpus, searcher: Searcher): QuoteCheck {
  const quotation = cleanQuotation(raw);
  const { folded: needle } = foldWithMap(quotation);
  if (needle.length === 0) return { verdict: 'none' };
  for (const passage of corpus.passages) {
    const { folded, map } = foldWithMap(passage.text);
    const at = folded.indexOf(needle);
    if (at >= 0) {
      const start = map[at] ?? 0;
      const end = (map[at + needle.length - 1] ?? start) + 1;
      return {
        verdict: 'verified',
        span: { passage, start, end, sourceText: passage.text.slice(start, end) },
      };
    }
  }
  const candidates = searcher.search(quotation, { limit: 5 }).map((hit) => hit.passage);
  let best: { span: QuoteSpan; similarity: number; diff: DiffPart[] } | undefined;
  const quoteWords = words(needle);
  if (quoteWords.length >= MIN_QUOTE_WORDS) {
    for (const passage of candidates) {
      const window = bestWindow(passage, quoteWords);
      if (window && (!best || window.similarity > best.similarity)) best = window;
    }
  }
  if (best && best.similarity >= CLOSE_MATCH_THRESHOLD) return { verdict: 'close', ...best };
  const nearest = candidates[0] ?? mostOverlapping(quotation, corpus);
  return { verdict: 'none', ...(nearest ? { nearest } : {}) };
}

/** The passage sharing the most content words with the quotation (at least two), relevance floor or not. */
function mostOverlapping(quotation: string, corpus: Corpus): Passage | undefined {
  const quoteTerms = new Set(indexTerms(quotation));
  let best: { passage: Passage; shared: number } | undefined;
  for (const passage of corpus.passages) {
    const shared = indexTerms(passage.text).filter((term) => quoteTerms.has(term)).length;
    if (shared >= 2 && (!best || shared > best.shared)) best = { passage, shared };
  }
  return best?.passage;
}

/** The stretch of a passage, as long as the quotation, that shares the most words with it, in order. */
function bestWindow(
  passage: Passage,
  quoteWords: string[],
): { span: QuoteSpan; similarity: number; diff: DiffPart[] } | undefined {
  const { folded, map } = foldWithMap(passage.text);
  const tokens = [...folded.matchAll(/\S+/g)].map((match) => ({ text: match[0], start: match.index ?? 0 }));
  if (tokens.length === 0) return undefined;
  const length = Math.min(tokens.length, quoteWords.length);
  let bestStart = 0;
  let bestScore = -1;
  const quoteSet = new Set(quoteWords);
  for (let start = 0; start + length <= tokens.length; start++) {
    let score = 0;
    for (let offset = 0; offset < length; offset++)
      if (quoteSet.has(tokens[start + offset]?.text ?? '')) score++;
    if (score > bestScore) {
      bestScore = score;
      bestStart = start;
    }
  }
  // Let the window grow or shrink by a few words where that aligns better with the quotation.
  let best: { start: number; end: number; similarity: number; diff: DiffPart[] } | undefined;
  for (let extraStart = -3; extraStart <= 3; extraStart++) {
    for (let extraEnd = -3; extraEnd <= 3; extraEnd++) {
      const first = Math.max(0, bestStart + extraStart);
      const last = Math.min(tokens.length - 1, bestStart + length - 1 + extraEnd);
      if (last < first) continue;
      const sourceWords = tokens.slice(first, last + 1).map((token) => token.text);
      const parts = diffWords(sourceWords.join(' '), quoteWords.join(' '));
      const same = parts
        .filter((part) => !part.added && !part.removed)
        .reduce((sum, part) => sum + words(part.value).length, 0);
      const similarity = (2 * same) / (sourceWords.length + quoteWords.length);
      if (!best || similarity > best.similarity) {
        best = {
          start: tokens[first]?.start ?? 0,
          end: (tokens[last]?.start ?? 0) + (tokens[last]?.text.length ?? 0),
          similarity,
          diff: parts.map((part) => ({
            kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
            text: part.value,
          })),
        };
      }
    }
  }
  if (!best) return undefined;
  const start = map[best.start] ?? 0;
  const end = (map[best.end - 1] ?? start) + 1;
  return {
    span: { passage, start, end, sourceText: passage.text.slice(start, end) },
    similarity: best.similarity,
    diff: best.diff,
  };
}
