import { stemmer } from 'stemmer';
import { eng as englishStopWords } from 'stopword';

/**
 * Text processing shared by indexing and querying. Both sides must go through exactly these functions, or
 * query terms stop lining up with index terms.
 */

/** Words that phrase a question about a text rather than say what it is about. */
const QUESTION_WORDS = [
  'author',
  'authors',
  'writer',
  'article',
  'paper',
  'text',
  'passage',
  'piece',
  'commentary',
  'argue',
  'argues',
  'argued',
  'argument',
  'claim',
  'claims',
  'say',
  'says',
  'said',
  'think',
  'thinks',
  'mean',
  'means',
  'explain',
  'explains',
  'according',
  'discuss',
  'discusses',
  'mention',
  'mentions',
  'view',
  'does',
  'did',
  'do',
  'why',
  'how',
  'what',
  'which',
  'who',
  'whom',
  'where',
  'when',
  'whats',
  'hes',
  'anything',
  'something',
  'thing',
  'things',
  'stuff',
  'kind',
  'sort',
  'really',
  'actually',
  'exactly',
  'get',
  'gets',
  'got',
  'let',
  'lets',
  // Light verbs: in "what would they give Pyongyang" the meaning is in the nouns, not in "give".
  'give',
  'gives',
  'gave',
  'given',
  'giving',
];

/** Function words, contractions and bibliography talk that the stopword package's short list leaves in. */
const FUNCTION_WORDS = [
  'its',
  'it',
  'just',
  'also',
  'even',
  'still',
  'yet',
  'so',
  'much',
  'many',
  'lot',
  'lots',
  'way',
  'ways',
  'like',
  'instead',
  'hasnt',
  'havent',
  'hadnt',
  'wont',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'cant',
  'couldnt',
  'shouldnt',
  'wouldnt',
  'mustnt',
  'im',
  'ive',
  'youre',
  'theyre',
  'thats',
  'theres',
  'whos',
  'anyone',
  'someone',
  'everyone',
  'please',
  'tell',
  'me',
  'us',
  'source',
  'sources',
  'cited',
  'cite',
  'cites',
  'bibliography',
  'literature',
  'wrote',
  'write',
  'writes',
  'written',
  'cover',
  'covers',
  'deal',
  'deals',
  'far',
];

const STOP_WORDS = new Set([
  ...englishStopWords,
  ...QUESTION_WORDS,
  ...FUNCTION_WORDS,
  's',
  't',
  'd',
  'll',
  've',
  're',
  'm',
]);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

/**
 * Splits on whitespace and punctuation (hyphens included, so "Nunn-Lugar" yields both names), after joining
 * dotted abbreviations ("U.S.", "U.N.") so that they survive as one token.
 */
const TOKEN_PATTERN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;
const DOTTED_ABBREVIATION = /\b((?:\p{Lu}\.){2,})/gu;

export function tokenize(text: string): string[] {
  const joined = text
    .normalize('NFKC')
    .replace(DOTTED_ABBREVIATION, (abbreviation) => abbreviation.replaceAll('.', ''));
  return joined.match(TOKEN_PATTERN) ?? [];
}

/** A token with its position in the original string, for excerpts and highlighting. */
export interface TokenSpan {
  token: string;
  start: number;
  end: number;
}

export function tokenSpans(text: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) {
    spans.push({ token: match[0], start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

const NON_FOLDING_OUR = new Set([
  'four',
  'pour',
  'tour',
  'your',
  'hour',
  'flour',
  'detour',
  'contour',
  'devour',
  'amour',
]);

/**
 * Folds British spellings onto American ones. The rules need only be consistent, not dictionary-perfect,
 * because queries and passages are folded alike.
 */
export function foldSpelling(word: string): string {
  let folded = word;
  folded = folded.replace(/is(ation|ations|e|es|ed|ing|er|ers)$/, 'iz$1');
  folded = folded.replace(/ys(e|es|ed|ing)$/, 'yz$1');
  if (/our(s|ed|ing|able|ite|ites)?$/.test(folded) && !NON_FOLDING_OUR.has(folded.replace(/s$/, ''))) {
    folded = folded.replace(/our(s|ed|ing|able|ite|ites)?$/, 'or$1');
  }
  folded = folded.replace(/^(de|of)fence(s)?$/, '$1fense$2');
  folded = folded.replace(/^licence(s)?$/, 'license$1');
  folded = folded.replace(/^programme(s)?$/, 'program$1');
  folded = folded.replace(/^(cent|met|theat|fib)re(s|d)?$/, '$1er$2');
  folded = folded.replace(/^catalogue(s)?$/, 'catalog$1');
  return folded;
}

/** Word families that the Porter stemmer leaves apart but readers treat as one ("coercion", "coercive"). */
const STEM_FAMILY_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['coerc', 'coerc'],
  ['provoc', 'provoc'],
  ['provok', 'provoc'],
];
const STEM_ALIASES: Record<string, string> = { nuke: 'nuclear', nuk: 'nuclear' };

function stemFamily(stem: string): string {
  for (const [prefix, family] of STEM_FAMILY_PREFIXES) if (stem.startsWith(prefix)) return family;
  return STEM_ALIASES[stem] ?? stem;
}

function stripDiacritics(word: string): string {
  return word.normalize('NFD').replace(/\p{M}+/gu, '');
}

/**
 * Turns one token into its index term, or null for a stop word. Keeps "US" (the country) apart from "us"
 * (the pronoun) by looking at the original case.
 */
export function processTerm(token: string): string | null {
  const cached = termCache.get(token);
  if (cached !== undefined) return cached;
  const term = computeTerm(token);
  // Text repeats a small vocabulary; a bounded memo turns most stemming into a map lookup.
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(token, term);
  return term;
}

const TERM_CACHE_LIMIT = 500_000;
const termCache = new Map<string, string | null>();

function computeTerm(token: string): string | null {
  if (token === 'US' || token === 'USA') return 'usa';
  const lower = stripDiacritics(
    token
      .toLowerCase()
      .replace(/['’]s$/, '')
      .replace(/['’]/g, ''),
  );
  if (lower.length === 0 || STOP_WORDS.has(lower)) return null;
  if (/^\d+$/.test(lower)) return lower.length >= 2 ? lower : null;
  return stemFamily(stemmer(foldSpelling(lower)));
}

/**
 * A word's stem whether or not it is a stop word, for matching fixed phrases ("gives up" is "give up")
 * whose words the index drops.
 */
export function wordStem(token: string): string {
  return stemmer(foldSpelling(stripDiacritics(token.toLowerCase().replace(/['’]/g, ''))));
}

/** The distinct index terms of a text, in order of first appearance. */
export function indexTerms(text: string): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const token of tokenize(text)) {
    const term = processTerm(token);
    if (term && !seen.has(term)) {
      seen.add(term);
      terms.push(term);
    }
  }
  return terms;
}
