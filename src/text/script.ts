import { isStopWord } from './terms.js';

/**
 * Which writing systems a query uses. The index holds English words (English stemming and stop words),
 * so a query in another script can match nothing, or only by accident through fuzzy matching; the reply
 * should say so instead of reporting an empty search.
 */

/** Scripts named in replies; a letter of any other non-Latin script is counted but not named. */
const NAMED_SCRIPTS: ReadonlyArray<readonly [name: string, pattern: RegExp]> = [
  ['Hangul', /\p{Script=Hangul}/u],
  ['Chinese characters', /\p{Script=Han}/u],
  ['Hiragana', /\p{Script=Hiragana}/u],
  ['Katakana', /\p{Script=Katakana}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
];

/**
 * Scripts written without spaces between words: one run of their letters holds several words, counted
 * as one word per two characters (a typical Chinese or Japanese word length) so a long run is not
 * outweighed by a single English word.
 */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;
const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{N}/u;

export interface QueryScripts {
  /** Latin-script words that are not stop words: the words the English index can match. */
  englishWords: string[];
  /** Words (or, in unspaced scripts, their estimated number) written in a script other than Latin. */
  otherScriptWords: number;
  /** The named non-Latin scripts the query uses, in order of first appearance. */
  otherScripts: string[];
  /** Whether the query has a digit; numbers (years, report numbers) are searchable in any language. */
  hasDigits: boolean;
}

export function queryScripts(query: string): QueryScripts {
  const englishWords: string[] = [];
  const otherScripts: string[] = [];
  let otherScriptWords = 0;
  for (const [word] of query.matchAll(WORD)) {
    if (LATIN.test(word)) {
      if (!isStopWord(word.replace(/['’]s$/, ''))) englishWords.push(word);
      continue;
    }
    if (!LETTER.test(word)) continue;
    otherScriptWords += UNSPACED.test(word) ? Math.ceil(word.length / 2) : 1;
    for (const [name, pattern] of NAMED_SCRIPTS) {
      if (pattern.test(word) && !otherScripts.includes(name)) otherScripts.push(name);
    }
  }
  return { englishWords, otherScriptWords, otherScripts, hasDigits: DIGIT.test(query) };
}

/**
 * Whether a query can be searched as it is: it has English words, at least as many as its words in other
 * scripts, or it is made of numbers alone. A query with no letters and no digits (emoji, punctuation)
 * reads as nothing the index holds.
 */
export function readsAsEnglish(scripts: QueryScripts): boolean {
  if (scripts.englishWords.length > 0) return scripts.englishWords.length >= scripts.otherScriptWords;
  return scripts.otherScriptWords === 0 && scripts.hasDigits;
}
