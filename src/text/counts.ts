import { processTerm, tokenSpans } from './terms.js';

/** A word or phrase of content words, counted over some texts. */
export interface TermCount {
  /** The words' index terms joined by a space: "coerc engag". */
  key: string;
  /** The index term of each word, in order. */
  words: string[];
  count: number;
  /** The form a reader would recognise: the commonest printed form, sentence-initial capitals not counted. */
  surface: string;
  /** Where it first occurs: which text, and the character offsets of its first printed form in it. */
  firstText: number;
  firstAt: number;
  firstEnd: number;
  /** Every text it occurs in, by index, ascending (for a passage's sentences: which sentences). */
  texts: number[];
}

export interface TermCountOptions {
  /** Longest phrase counted, in words (1: single words only). */
  maxWords?: number;
}

interface ContentToken {
  term: string;
  form: string;
  start: number;
  end: number;
  sentenceInitial: boolean;
  /** What stands between this token and the next in the text when a phrase continues: a space or hyphen. */
  gap: string;
  /** Whether a phrase may continue past this token: not after a possessive or a punctuation mark. */
  joinsNext: boolean;
}

/**
 * Whether a token names something. Short lower-case words ("not", "may") carry grammar, not topics, and
 * bare numbers are dates and page numbers; acronyms ("UN") stay.
 */
function contentTerm(token: string): string | null {
  const term = processTerm(token);
  if (term === null || /^\d+$/.test(term)) return null;
  if (token.length <= 3 && token !== token.toUpperCase()) return null;
  return term;
}

const SENTENCE_END_BEFORE = /(?:^|[.!?:;]['"”’)\]]*)\s*$/;
// Only a space or a hyphen keeps two words in one phrase: "Nunn-Lugar", "coercive engagement".
const PHRASE_GAP = /^(?: |-|\u2010|\u2011)$/;

/** Runs of adjacent content words in a text, each run a stretch where phrases may form. */
function contentRuns(text: string): ContentToken[][] {
  const runs: ContentToken[][] = [];
  let run: ContentToken[] = [];
  const spans = tokenSpans(text);
  spans.forEach((span, index) => {
    const term = contentTerm(span.token);
    if (term === null) {
      if (run.length > 0) runs.push(run);
      run = [];
      return;
    }
    const possessive = /['’]s$/i.test(span.token);
    const next = spans[index + 1];
    const token: ContentToken = {
      term,
      form: possessive ? span.token.slice(0, -2) : span.token,
      start: span.start,
      end: possessive ? span.end - 2 : span.end,
      sentenceInitial: SENTENCE_END_BEFORE.test(text.slice(Math.max(0, span.start - 4), span.start)),
      joinsNext: !possessive && next !== undefined && PHRASE_GAP.test(text.slice(span.end, next.start)),
      gap: next ? text.slice(span.end, next.start) : '',
    };
    run.push(token);
    if (!token.joinsNext) {
      runs.push(run);
      run = [];
    }
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

/** A word's printed form for display: lower case unless the text capitalises it (names, acronyms). */
function displayForm(token: ContentToken): string {
  return /^\p{Lu}/u.test(token.form) ? token.form : token.form.toLowerCase();
}

/**
 * Counts the content words and the phrases of adjacent content words (up to `maxWords`, default 3) in
 * `texts`. Words are compared by index term, so "coercion" and "coercive" count together, as they do in
 * search. Phrases never cross punctuation, a stop word or a possessive ("North Korea's | nuclear").
 */
export function termCounts(
  texts: string | readonly string[],
  options: TermCountOptions = {},
): Map<string, TermCount> {
  const maxWords = Math.max(1, options.maxWords ?? 3);
  const counts = new Map<string, TermCount>();
  const formVotes = new Map<string, Map<string, number>>();
  const list = typeof texts === 'string' ? [texts] : texts;
  list.forEach((text, textIndex) => {
    for (const run of contentRuns(text)) {
      for (let first = 0; first < run.length; first++) {
        for (let size = 1; size <= maxWords && first + size <= run.length; size++) {
          const tokens = run.slice(first, first + size);
          const words = tokens.map((token) => token.term);
          const key = words.join(' ');
          const existing = counts.get(key);
          const start = tokens[0]?.start ?? 0;
          const end = tokens.at(-1)?.end ?? start;
          if (existing) {
            existing.count += 1;
            if (existing.texts.at(-1) !== textIndex) existing.texts.push(textIndex);
          } else {
            counts.set(key, {
              key,
              words,
              count: 1,
              surface: '',
              firstText: textIndex,
              firstAt: start,
              firstEnd: end,
              texts: [textIndex],
            });
          }
          const form = tokens
            .map((token, index) => displayForm(token) + (index < tokens.length - 1 ? token.gap : ''))
            .join('');
          // A capital that only marks a sentence's start says nothing about how the word is written.
          const weight = tokens[0]?.sentenceInitial && /^\p{Lu}\p{Ll}/u.test(form) ? 0.01 : 1;
          const votes = formVotes.get(key) ?? new Map<string, number>();
          votes.set(form, (votes.get(form) ?? 0) + weight);
          formVotes.set(key, votes);
        }
      }
    }
  });
  for (const [key, entry] of counts) {
    const votes = [...(formVotes.get(key) ?? new Map<string, number>()).entries()];
    const initialOnly = votes.every(([, weight]) => weight < 1);
    const best = votes.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? key;
    entry.surface = initialOnly && /^\p{Lu}\p{Ll}+(?:[ -]|$)/u.test(best) ? lowerFirstWord(best) : best;
  }
  return counts;
}

/** "Coercive engagement" at a sentence's start is "coercive engagement"; "Kim Jong Un" stays. */
function lowerFirstWord(form: string): string {
  const [first = '', ...rest] = form.split(/(?=[ -])/);
  const allCapitalised = rest.length > 0 && rest.every((word) => /^[ -]\p{Lu}/u.test(word));
  return allCapitalised ? form : [first.toLowerCase(), ...rest].join('');
}

/**
 * Drops the words and shorter phrases that a longer term in the list already accounts for: a term goes
 * when at most `spare` of its occurrences fall outside some longer term containing it ("Nunn" and "Lugar"
 * under "Nunn Lugar"; "positive" under "positive engagement"). Keeps the order of `terms`.
 */
export function withoutAbsorbed<T extends Pick<TermCount, 'words' | 'count'>>(
  terms: readonly T[],
  spare = 1,
): T[] {
  return terms.filter(
    (term) =>
      !terms.some(
        (longer) =>
          longer.words.length > term.words.length &&
          containsRun(longer.words, term.words) &&
          term.count - longer.count <= spare,
      ),
  );
}

function containsRun(longer: readonly string[], shorter: readonly string[]): boolean {
  for (let start = 0; start + shorter.length <= longer.length; start++)
    if (shorter.every((word, offset) => longer[start + offset] === word)) return true;
  return false;
}
