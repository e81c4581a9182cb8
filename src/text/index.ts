/**
 * The one home of text analysis that indexing, querying, quoting, extracting and prompting share: one
 * tokenizer, one stop-word list, one term normaliser. Everything that compares words goes through it, so
 * the words a reader typed line up with the words the index, the quote checker and the extracts saw.
 */

export { type TermCount, type TermCountOptions, termCounts, withoutAbsorbed } from './counts.js';
export { andList, counted, pluralNoun } from './plural.js';
export { type QueryScripts, queryScripts, readsAsEnglish } from './script.js';
export { type PassageSentence, passageSentences, sentenceSpans } from './sentences.js';
export {
  foldSpelling,
  indexTerms,
  isStopWord,
  processTerm,
  type TokenSpan,
  tokenize,
  tokenSpans,
  wordStem,
} from './terms.js';
