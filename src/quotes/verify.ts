import type { Corpus, Passage } from '../corpus/types.js';
import type { Searcher } from '../search/types.js';
import { indexTerms, processTerm, type TokenSpan, tokenSpans } from '../text/index.js';
import { INVISIBLE_FORMATTING } from '../text/unicode.js';

/**
 * Checks a quotation against the corpus. Case, whitespace, typographic quotes and dashes are ignored for
 * the exact check; a close match is aligned word by word with the source; otherwise the nearest passage.
 */

export interface QuoteSpan {
  passage: Passage;
  /** Offsets of the matching text in passage.text, always on word boundaries. */
  start: number;
  end: number;
  /** The source's own words for the span. */
  sourceText: string;
}

/**
 * One run of the word-by-word comparison: words both share (in the source's print), the source's words the
 * quotation lacks or replaced ("removed"), and the quotation's own words the source does not have ("added").
 */
export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/** Word edits that turn the source's span into the quotation. */
export interface WordEdits {
  substitutions: number;
  insertions: number;
  deletions: number;
}

export type QuoteCheck =
  | { verdict: 'verified'; span: QuoteSpan }
  | {
      verdict: 'close';
      span: QuoteSpan;
      /** Matched words over all aligned positions (matches plus every edit): 1 only when no word differs. */
      similarity: number;
      matchedWords: number;
      edits: WordEdits;
      diff: DiffPart[];
    }
  | { verdict: 'none'; nearest?: Passage };

/** Below this share of matching words a "close" match is no longer the quotation's source. */
export const CLOSE_MATCH_THRESHOLD = 0.6;
export const MIN_QUOTE_WORDS = 3;

const CHARACTER_FOLDS: Array<[RegExp, string]> = [
  [/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  [/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-'],
  [INVISIBLE_FORMATTING, ''],
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

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/** Where the folded needle stands in the folded haystack with whole words at both ends, or -1. */
function wholeWordIndex(haystack: string, needle: string): number {
  const startsWithWord = WORD_CHARACTER.test(needle[0] ?? '');
  const endsWithWord = WORD_CHARACTER.test(needle[needle.length - 1] ?? '');
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
    const before = haystack[at - 1] ?? ' ';
    const after = haystack[at + needle.length] ?? ' ';
    if (startsWithWord && WORD_CHARACTER.test(before)) continue;
    if (endsWithWord && WORD_CHARACTER.test(after)) continue;
    return at;
  }
  return -1;
}

export interface QuoteCheckOptions {
  /** Only passages this accepts may be matched or shown (e.g. what a reading session has reached). */
  filter?: (passage: Passage) => boolean;
}

export function checkQuote(
  raw: string,
  corpus: Corpus,
  searcher: Searcher,
  options: QuoteCheckOptions = {},
): QuoteCheck {
  const quotation = cleanQuotation(raw);
  const { folded: needle } = foldWithMap(quotation);
  if (needle.length === 0) return { verdict: 'none' };
  const shown = options.filter ? corpus.passages.filter(options.filter) : corpus.passages;
  for (const passage of shown) {
    const { folded, map } = foldWithMap(passage.text);
    const at = wholeWordIndex(folded, needle);
    if (at >= 0) {
      const start = map[at] ?? 0;
      const end = (map[at + needle.length - 1] ?? start) + 1;
      return {
        verdict: 'verified',
        span: { passage, start, end, sourceText: passage.text.slice(start, end) },
      };
    }
  }
  const candidates = searcher
    .search(quotation, { limit: 5, ...(options.filter ? { filter: options.filter } : {}) })
    .map((hit) => hit.passage);
  const quoteWords = tokenSpans(quotation);
  let best: Alignment | undefined;
  if (quoteWords.length >= MIN_QUOTE_WORDS) {
    for (const passage of candidates) {
      const alignment = alignWithPassage(quotation, quoteWords, passage);
      if (alignment && (!best || alignment.similarity > best.similarity)) best = alignment;
    }
  }
  if (best && best.similarity >= CLOSE_MATCH_THRESHOLD) return { verdict: 'close', ...best };
  const nearest = candidates[0] ?? mostOverlapping(quotation, shown);
  return { verdict: 'none', ...(nearest ? { nearest } : {}) };
}

/** The passage sharing the most content words with the quotation (at least two), relevance floor or not. */
function mostOverlapping(quotation: string, passages: readonly Passage[]): Passage | undefined {
  const quoteTerms = new Set(indexTerms(quotation));
  let best: { passage: Passage; shared: number } | undefined;
  for (const passage of passages) {
    const shared = indexTerms(passage.text).filter((term) => quoteTerms.has(term)).length;
    if (shared >= 2 && (!best || shared > best.shared)) best = { passage, shared };
  }
  return best?.passage;
}

interface Alignment {
  span: QuoteSpan;
  similarity: number;
  matchedWords: number;
  edits: WordEdits;
  diff: DiffPart[];
}

/** Two printed words are the same word when they differ only in case, accents or apostrophe style. */
function wordKey(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/’/g, "'");
}

/**
 * Whether a changed word is a variant of the source's ("capabilities" for "capability", a cut-off
 * "capab"): such a substitution belongs inside the span, while an unrelated word at either end of the
 * quotation is better read as the reader's own addition.
 */
function isVariant(quoteWord: string, sourceWord: string): boolean {
  if (quoteWord.startsWith(sourceWord) || sourceWord.startsWith(quoteWord)) return true;
  const stem = processTerm(quoteWord);
  return stem !== null && stem === processTerm(sourceWord);
}

type Step = 'match' | 'substitute' | 'insert' | 'delete';
// Tiny cost differences decide only ties at the quotation's ends: a variant word is taken into the span as
// a substitution, an unrelated one is read as the reader's addition.
const INSERTION = 1.0005;
const UNRELATED_SUBSTITUTION = 1.001;

/**
 * Aligns the quotation's words with the stretch of the passage that needs the fewest word edits
 * (substitutions, insertions, deletions), the stretch's start and end being free: edit distance that is
 * global on the quotation and local on the source.
 */
function alignWithPassage(
  quotation: string,
  quoteWords: TokenSpan[],
  passage: Passage,
): Alignment | undefined {
  const sourceWords = tokenSpans(passage.text);
  const rows = quoteWords.length;
  const columns = sourceWords.length;
  if (columns === 0) return undefined;
  const quoteKeys = quoteWords.map((word) => wordKey(word.token));
  const sourceKeys = sourceWords.map((word) => wordKey(word.token));
  const width = columns + 1;
  const cost = new Float64Array((rows + 1) * width);
  const step = new Uint8Array((rows + 1) * width);
  const STEPS: Step[] = ['match', 'substitute', 'insert', 'delete'];
  for (let row = 1; row <= rows; row++) {
    cost[row * width] = row * INSERTION;
    step[row * width] = 2;
  }
  for (let row = 1; row <= rows; row++) {
    for (let column = 1; column <= columns; column++) {
      const same = quoteKeys[row - 1] === sourceKeys[column - 1];
      const substitution = same
        ? 0
        : isVariant(quoteKeys[row - 1] ?? '', sourceKeys[column - 1] ?? '')
          ? 1
          : UNRELATED_SUBSTITUTION;
      const diagonal = (cost[(row - 1) * width + column - 1] ?? 0) + substitution;
      const insert = (cost[(row - 1) * width + column] ?? 0) + INSERTION;
      const remove = (cost[row * width + column - 1] ?? 0) + 1;
      let best = diagonal;
      let chosen = same ? 0 : 1;
      if (insert < best) {
        best = insert;
        chosen = 2;
      }
      if (remove < best) {
        best = remove;
        chosen = 3;
      }
      cost[row * width + column] = best;
      step[row * width + column] = chosen;
    }
  }
  let endColumn = 1;
  for (let column = 1; column <= columns; column++)
    if ((cost[rows * width + column] ?? 0) < (cost[rows * width + endColumn] ?? 0)) endColumn = column;

  const path: Array<{ step: Step; quote?: number; source?: number }> = [];
  let row = rows;
  let column = endColumn;
  while (row > 0) {
    const taken = STEPS[step[row * width + column] ?? 2] ?? 'insert';
    if (taken === 'match' || taken === 'substitute') {
      path.push({ step: taken, quote: row - 1, source: column - 1 });
      row--;
      column--;
    } else if (taken === 'insert') {
      path.push({ step: taken, quote: row - 1 });
      row--;
    } else {
      path.push({ step: taken, source: column - 1 });
      column--;
    }
  }
  path.reverse();
  const sourceIndices = path.flatMap((entry) => (entry.source === undefined ? [] : [entry.source]));
  const first = sourceWords[sourceIndices[0] ?? -1];
  const last = sourceWords[sourceIndices[sourceIndices.length - 1] ?? -1];
  if (!first || !last) return undefined;

  const edits: WordEdits = { substitutions: 0, insertions: 0, deletions: 0 };
  let matchedWords = 0;
  for (const entry of path) {
    if (entry.step === 'match') matchedWords++;
    else if (entry.step === 'substitute') edits.substitutions++;
    else if (entry.step === 'insert') edits.insertions++;
    else edits.deletions++;
  }
  const aligned = matchedWords + edits.substitutions + edits.insertions + edits.deletions;
  return {
    span: {
      passage,
      start: first.start,
      end: last.end,
      sourceText: passage.text.slice(first.start, last.end),
    },
    similarity: matchedWords / aligned,
    matchedWords,
    edits,
    diff: diffParts(path, quotation, quoteWords, passage.text, sourceWords),
  };
}

/** Groups an alignment into runs, each shown in its own text's print: shared and source runs as the source. */
function diffParts(
  path: ReadonlyArray<{ step: Step; quote?: number; source?: number }>,
  quotation: string,
  quoteWords: TokenSpan[],
  sourceText: string,
  sourceWords: TokenSpan[],
): DiffPart[] {
  const parts: DiffPart[] = [];
  const runs: Array<{ kind: DiffPart['kind']; from: number; to: number }> = [];
  const extend = (kind: DiffPart['kind'], index: number) => {
    // A substitution's two halves interleave; each side keeps one run until the next shared word.
    const sinceShared = runs.slice(runs.findLastIndex((run) => run.kind === 'same') + 1);
    const open = kind === 'same' ? runs.at(-1) : sinceShared.find((run) => run.kind === kind);
    if (open?.kind === kind) open.to = index;
    else runs.push({ kind, from: index, to: index });
  };
  for (const entry of path) {
    if (entry.step === 'match') extend('same', entry.source ?? 0);
    else {
      if (entry.source !== undefined) extend('removed', entry.source);
      if (entry.quote !== undefined) extend('added', entry.quote);
    }
  }
  for (const run of runs) {
    const words = run.kind === 'added' ? quoteWords : sourceWords;
    const text = run.kind === 'added' ? quotation : sourceText;
    parts.push({
      kind: run.kind,
      text: text.slice(words[run.from]?.start ?? 0, words[run.to]?.end ?? 0),
    });
  }
  return parts;
}
