import type { Passage, SentenceSpan } from '../corpus/types.js';
import { processTerm, tokenSpans } from './text.js';
import type { ExcerptSegment } from './types.js';

export const EXCERPT_MAX_CHARS = 300;
const ELLIPSIS = '…';

function sentencesOf(passage: Passage): SentenceSpan[] {
  return passage.sentences.length > 0 ? passage.sentences : [{ start: 0, end: passage.text.length }];
}

/** How strongly a stretch of text matches: the summed weights of the distinct matched terms it contains. */
function matchWeight(text: string, weights: ReadonlyMap<string, number>): number {
  const seen = new Set<string>();
  let total = 0;
  for (const span of tokenSpans(text)) {
    const term = processTerm(span.token);
    if (term && weights.has(term) && !seen.has(term)) {
      seen.add(term);
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
): { start: number; end: number } {
  const sentences = sentencesOf(passage);
  let bestIndex = 0;
  let bestWeight = -1;
  sentences.forEach((sentence, index) => {
    const weight = matchWeight(passage.text.slice(sentence.start, sentence.end), weights);
    if (weight > bestWeight) {
      bestWeight = weight;
      bestIndex = index;
    }
  });
  const best = sentences[bestIndex] as SentenceSpan;
  if (best.end - best.start > maxChars) {
    const sentenceText = passage.text.slice(best.start, best.end);
    const firstMatch = tokenSpans(sentenceText).find((span) => {
      const term = processTerm(span.token);
      return term !== null && weights.has(term);
    });
    const anchor = best.start + (firstMatch?.start ?? 0);
    const start = snapStart(passage.text, Math.max(best.start, anchor - Math.floor(maxChars / 3)));
    const end = snapEnd(passage.text, Math.min(best.end, start + maxChars));
    return { start, end: Math.max(end, Math.min(best.end, start + 1)) };
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
  return { start: (sentences[first] as SentenceSpan).start, end: (sentences[last] as SentenceSpan).end };
}

/** Splits text into plain and matched segments so a renderer can bold the matches. */
export function markMatches(text: string, matchedTerms: ReadonlySet<string>): ExcerptSegment[] {
  const segments: ExcerptSegment[] = [];
  let cursor = 0;
  const push = (segmentText: string, match: boolean) => {
    if (segmentText.length === 0) return;
    const last = segments[segments.length - 1];
    if (last && last.match === match) last.text += segmentText;
    else segments.push({ text: segmentText, match });
  };
  for (const span of tokenSpans(text)) {
    const term = processTerm(span.token);
    if (term === null || !matchedTerms.has(term)) continue;
    push(text.slice(cursor, span.start), false);
    push(text.slice(span.start, span.end), true);
    cursor = span.end;
  }
  push(text.slice(cursor), false);
  return segments;
}

export function buildExcerpt(
  passage: Passage,
  weights: ReadonlyMap<string, number>,
  maxChars = EXCERPT_MAX_CHARS,
): { excerpt: string; segments: ExcerptSegment[] } {
  const { start, end } = excerptRange(passage, weights, maxChars);
  const body = passage.text.slice(start, end).trim();
  const leading = start > 0 ? ELLIPSIS : '';
  const trailing = end < passage.text.trimEnd().length ? ELLIPSIS : '';
  const segments = markMatches(body, new Set(weights.keys()));
  if (leading) segments.unshift({ text: leading, match: false });
  if (trailing) segments.push({ text: trailing, match: false });
  return { excerpt: `${leading}${body}${trailing}`, segments: mergeAdjacent(segments) };
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
