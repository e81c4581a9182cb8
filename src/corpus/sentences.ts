import type { SentenceSpan } from './types.js';

/**
 * Words that end in a period without ending a sentence. Compared lower-cased, without the final period.
 * "no", "vol", "p" and "pp" only count as abbreviations before a number (see NUMBER_ABBREVIATIONS), because
 * "No." on its own is an ordinary sentence.
 */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'cf',
  'vs',
  'etc',
  'al',
  'ed',
  'eds',
  'trans',
  'rev',
  'jr',
  'sr',
  'dr',
  'mr',
  'mrs',
  'ms',
  'prof',
  'st',
  'gen',
  'gov',
  'sen',
  'rep',
  'lt',
  'col',
  'capt',
  'inc',
  'ltd',
  'co',
  'corp',
  'dept',
  'univ',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

const NUMBER_ABBREVIATIONS = new Set(['no', 'nos', 'vol', 'vols', 'p', 'pp', 'ch', 'art', 'fig']);

/** Closing marks that stay with the sentence they end: quotes and brackets. */
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']']);

/** A sentence may start with a capital, a digit, or an opening quote/bracket. */
const SENTENCE_START = /[\p{Lu}\p{Lo}\d"'“‘([]/u;

/** The word that ends at `end` (exclusive), including inner periods: "U.S", "e.g", "Jr". */
function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && /[\p{L}\p{N}.'’-]/u.test(text[start - 1] ?? '')) start--;
  return text.slice(start, end).replace(/^['’]+/, '');
}

function isNonTerminalPeriod(text: string, periodIndex: number, nextChar: string): boolean {
  const word = wordBefore(text, periodIndex);
  if (word === '') return false;
  // Single initials ("J. E. Davies", "Plan C.") and dotted acronyms ("U.S.", "D.C.") rarely end a sentence
  // in this kind of prose; splitting there would cut names and country names apart.
  if (/^\p{Lu}$/u.test(word)) return true;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(word)) return true;
  const lower = word.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return true;
  if (NUMBER_ABBREVIATIONS.has(lower) && /\d/.test(nextChar)) return true;
  return false;
}

/**
 * Splits English prose into sentences. Returns character offsets into `text`, each trimmed of surrounding
 * whitespace, in order, covering every non-blank stretch of the text exactly once.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let sentenceStart = 0;

  const push = (start: number, end: number): void => {
    let from = start;
    let to = end;
    while (from < to && /\s/.test(text[from] ?? '')) from++;
    while (to > from && /\s/.test(text[to - 1] ?? '')) to--;
    if (to > from) spans.push({ start: from, end: to });
  };

  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (char === '\n' && /^\n[ \t]*\n/.test(text.slice(index, index + 3 + 16))) {
      // A blank line always ends a sentence (an abstract can hold several paragraphs).
      push(sentenceStart, index);
      sentenceStart = index + 1;
      continue;
    }
    if (char !== '.' && char !== '?' && char !== '!' && char !== '…') continue;

    // Runs like "?!" or "..." end together.
    let end = index + 1;
    while (end < text.length && /[.?!…]/.test(text[end] ?? '')) end++;
    const singlePeriod = char === '.' && end === index + 1;
    const closersStart = end;
    while (end < text.length && CLOSERS.has(text[end] ?? '')) end++;
    // "U.S.” The…": a closing quote after the period marks a real sentence end, so only a bare period can be
    // an abbreviation's.
    const bareAbbreviationCandidate = singlePeriod && end === closersStart;

    const gap = /^\s+/.exec(text.slice(end));
    if (!gap) {
      index = end - 1;
      continue;
    }
    const nextIndex = end + gap[0].length;
    const nextChar = text[nextIndex] ?? '';
    if (nextChar === '' || !SENTENCE_START.test(nextChar)) {
      index = end - 1;
      continue;
    }
    if (bareAbbreviationCandidate && isNonTerminalPeriod(text, index, nextChar)) {
      index = end - 1;
      continue;
    }
    push(sentenceStart, end);
    sentenceStart = nextIndex;
    index = nextIndex - 1;
  }
  push(sentenceStart, text.length);
  return spans;
}
