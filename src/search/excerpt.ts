import type { Passage, SentenceSpan } from '../corpus/types.js';
import { processTerm, sentenceSpans, tokenSpans } from '../text/index.js';
import type { ExcerptSegment, SentenceWindow } from './types.js';

export const EXCERPT_MAX_CHARS = 300;
const ELLIPSIS = '…';

/** A passage's words once: where each token starts and ends, and its index term (null for a stop word). */
interface AnalyzedText {
  starts: Int32Array;
  ends: Int32Array;
  terms: Array<string | null>;
}

const ANALYSIS_CACHE_LIMIT = 5_000;
// Keyed by the passage object, not its id: two libraries in one process may share ids.
const analysisCache = new Map<Passage, AnalyzedText>();

/** Excerpts for the same passages come up again and again; tokenizing each once keeps an excerpt cheap. */
function analyze(passage: Passage): AnalyzedText {
  const cached = analysisCache.get(passage);
  if (cached) return cached;
  const spans = tokenSpans(passage.text);
  const analyzed: AnalyzedText = {
    starts: Int32Array.from(spans, (span) => span.start),
    ends: Int32Array.from(spans, (span) => span.end),
    terms: spans.map((span) => processTerm(span.token)),
  };
  if (analysisCache.size >= ANALYSIS_CACHE_LIMIT) analysisCache.clear();
  analysisCache.set(passage, analyzed);
  return analyzed;
}

/** The first index whose value is at least `target`, in ascending `values`. */
function lowerBound(values: Int32Array, target: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((values[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The tokens lying wholly inside text[start, end), as a half-open range of token indexes. */
function tokensWithin(analyzed: AnalyzedText, start: number, end: number): { first: number; last: number } {
  return { first: lowerBound(analyzed.starts, start), last: lowerBound(analyzed.ends, end + 1) };
}

/** How strongly a stretch of text matches: the summed weights of the distinct matched terms it contains. */
function matchWeight(
  analyzed: AnalyzedText,
  range: SentenceSpan,
  weights: ReadonlyMap<string, number>,
): number {
  const seen: string[] = [];
  let total = 0;
  const { first, last } = tokensWithin(analyzed, range.start, range.end);
  for (let token = first; token < last; token++) {
    const term = analyzed.terms[token];
    if (term && weights.has(term) && !seen.includes(term)) {
      seen.push(term);
      total += weights.get(term) ?? 0;
    }
  }
  return total;
}

/** Moves `index` back to the start of the word it falls in, or forward past whitespace. */
function snapStart(text: string, index: number): number {
  let position = Math.max(0, index);
  while (position > 0 && /\S/.test(text[position - 1] ?? '')) position--;
  return position;
}

/** Moves `index` back to the start of a word it would cut, so the excerpt ends on a whole word. */
function snapEnd(text: string, index: number): number {
  if (index >= text.length || /\s/.test(text[index] ?? '')) return Math.min(index, text.length);
  let back = index;
  while (back > 0 && /\S/.test(text[back - 1] ?? '')) back--;
  return back > 0 ? back : index;
}

/**
 * Picks the best-matching sentence and grows the window around it with whole neighbouring sentences while
 * the budget allows; a sentence longer than the budget is cut at word boundaries around its first match.
 */
export function excerptRange(
  passage: Passage,
  weights: ReadonlyMap<string, number>,
  maxChars = EXCERPT_MAX_CHARS,
): { start: number; end: number; window: SentenceWindow } {
  const sentences = sentenceSpans(passage);
  const analyzed = analyze(passage);
  let bestIndex = 0;
  let bestWeight = -1;
  sentences.forEach((sentence, index) => {
    const weight = matchWeight(analyzed, sentence, weights);
    if (weight > bestWeight) {
      bestWeight = weight;
      bestIndex = index;
    }
  });
  const best = sentences[bestIndex] as SentenceSpan;
  if (best.end - best.start > maxChars) {
    let anchor = best.start;
    const within = tokensWithin(analyzed, best.start, best.end);
    for (let token = within.first; token < within.last; token++) {
      const term = analyzed.terms[token];
      if (term && weights.has(term)) {
        anchor = analyzed.starts[token] as number;
        break;
      }
    }
    const start = snapStart(passage.text, Math.max(best.start, anchor - Math.floor(maxChars / 3)));
    const end = snapEnd(passage.text, Math.min(best.end, start + maxChars));
    const window = { first: bestIndex, last: bestIndex, best: bestIndex };
    return { start, end: Math.max(end, Math.min(best.end, start + 1)), window };
  }
  let first = bestIndex;
  let last = bestIndex;
  const span = () => (sentences[last] as SentenceSpan).end - (sentences[first] as SentenceSpan).start;
  for (;;) {
    const next = sentences[last + 1];
    const previous = sentences[first - 1];
    if (next && next.end - (sentences[first] as SentenceSpan).start <= maxChars) {
      last++;
    } else if (previous && (sentences[last] as SentenceSpan).end - previous.start <= maxChars) {
      first--;
    } else break;
    if (span() >= maxChars) break;
  }
  return {
    start: (sentences[first] as SentenceSpan).start,
    end: (sentences[last] as SentenceSpan).end,
    window: { first, last, best: bestIndex },
  };
}

/** Splits passage.text[start, end) into plain and matched segments so a renderer can bold the matches. */
function markMatches(
  passage: Passage,
  start: number,
  end: number,
  matchedTerms: ReadonlyMap<string, number>,
): ExcerptSegment[] {
  const { text } = passage;
  const analyzed = analyze(passage);
  const segments: ExcerptSegment[] = [];
  let cursor = start;
  const push = (segmentText: string, match: boolean) => {
    if (segmentText.length === 0) return;
    const last = segments[segments.length - 1];
    if (last && last.match === match) last.text += segmentText;
    else segments.push({ text: segmentText, match });
  };
  const { first, last } = tokensWithin(analyzed, start, end);
  for (let token = first; token < last; token++) {
    const tokenStart = analyzed.starts[token] as number;
    const tokenEnd = analyzed.ends[token] as number;
    const term = analyzed.terms[token];
    if (term === null || term === undefined || !matchedTerms.has(term)) continue;
    push(text.slice(cursor, tokenStart), false);
    push(text.slice(tokenStart, tokenEnd), true);
    cursor = tokenEnd;
  }
  push(text.slice(cursor, end), false);
  return segments;
}

export function buildExcerpt(
  passage: Passage,
  weights: ReadonlyMap<string, number>,
  maxChars = EXCERPT_MAX_CHARS,
): { excerpt: string; segments: ExcerptSegment[]; sentenceWindow: SentenceWindow } {
  const range = excerptRange(passage, weights, maxChars);
  const raw = passage.text.slice(range.start, range.end);
  // The body is the range without its surrounding whitespace; segments are cut from the same span.
  const start = range.start + (raw.length - raw.trimStart().length);
  const end = Math.max(start, range.end - (raw.length - raw.trimEnd().length));
  const body = passage.text.slice(start, end);
  const leading = range.start > 0 ? ELLIPSIS : '';
  const trailing = range.end < passage.text.trimEnd().length ? ELLIPSIS : '';
  const segments = markMatches(passage, start, end, weights);
  if (leading) segments.unshift({ text: leading, match: false });
  if (trailing) segments.push({ text: trailing, match: false });
  return {
    excerpt: `${leading}${body}${trailing}`,
    segments: mergeAdjacent(segments),
    sentenceWindow: range.window,
  };
}

function mergeAdjacent(segments: ExcerptSegment[]): ExcerptSegment[] {
  const merged: ExcerptSegment[] = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (last && last.match === segment.match) last.text += segment.text;
    else merged.push({ ...segment });
  }
  return merged;
}
