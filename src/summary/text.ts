import { stemmer } from 'stemmer';
import { eng as englishStopWords } from 'stopword';
import type { Passage } from '../corpus/types.js';

/**
 * The stopword package's English list is short (about a hundred words). These are the function words and
 * vague verbs it leaves in that would otherwise crowd the key terms ("may", "must", "would", "us").
 */
const EXTRA_STOP_WORDS = [
  'above',
  'across',
  'against',
  'ago',
  'all',
  'almost',
  'along',
  'already',
  'although',
  'always',
  'among',
  'amongst',
  'another',
  'any',
  'anyone',
  'anything',
  'around',
  'away',
  'based',
  'became',
  'become',
  'becomes',
  'beyond',
  'both',
  'cannot',
  'certain',
  'certainly',
  'could',
  'de',
  'does',
  'doing',
  'done',
  'due',
  'during',
  'either',
  'else',
  'enough',
  'etc',
  'even',
  'ever',
  'every',
  'everything',
  'few',
  'first',
  'five',
  'four',
  'further',
  'furthermore',
  'given',
  'goes',
  'going',
  'hence',
  'her',
  'hers',
  'herself',
  'however',
  'indeed',
  'instead',
  'it',
  'its',
  'itself',
  'just',
  'last',
  'least',
  'less',
  'let',
  'lot',
  'made',
  'make',
  'makes',
  'making',
  'many',
  'may',
  'maybe',
  'meanwhile',
  'might',
  'mine',
  'more',
  'moreover',
  'most',
  'mostly',
  'much',
  'must',
  'neither',
  'next',
  'no',
  'none',
  'nor',
  'not',
  'nothing',
  'now',
  'often',
  'once',
  'one',
  'ones',
  'only',
  'onto',
  'other',
  'others',
  'otherwise',
  'ought',
  'our',
  'ours',
  'ourselves',
  'own',
  'per',
  'perhaps',
  'quite',
  'rather',
  'really',
  'second',
  'seem',
  'seemed',
  'seems',
  'several',
  'shall',
  'she',
  'should',
  'since',
  'so',
  'some',
  'somehow',
  'something',
  'sometimes',
  'soon',
  'still',
  'such',
  'than',
  'thereby',
  'therefore',
  'thereof',
  'these',
  'third',
  'though',
  'three',
  'thus',
  'together',
  'too',
  'toward',
  'towards',
  'two',
  'under',
  'unless',
  'unlike',
  'until',
  'upon',
  'us',
  'use',
  'used',
  'uses',
  'using',
  'various',
  'versus',
  'very',
  'via',
  'was',
  'whatever',
  'whenever',
  'whereas',
  'whether',
  'which',
  'while',
  'whom',
  'whose',
  'why',
  'will',
  'within',
  'without',
  'would',
  'yet',
  'yourself',
];

const STOP_WORDS = new Set([...englishStopWords, ...EXTRA_STOP_WORDS]);

export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word.toLowerCase());
}

/** A word as printed, with where it stands in the text it came from. */
export interface Token {
  /** The printed form without a possessive "'s". */
  form: string;
  start: number;
  end: number;
  possessive: boolean;
}

// Letters and digits, joined by inner hyphens or apostrophes ("Nunn-Lugar", "cost-benefit", "Korea's").
const WORD = /[\p{L}\p{N}]+(?:['’‐‑-][\p{L}\p{N}]+)*/gu;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD)) {
    const raw = match[0];
    const possessive = /['’]s$/i.test(raw);
    tokens.push({
      form: possessive ? raw.slice(0, -2) : raw,
      start: match.index,
      end: match.index + raw.length,
      possessive,
    });
  }
  return tokens;
}

const stemCache = new Map<string, string>();

/** Porter stem of a lower-cased word, memoised: the same few thousand words recur in every call. */
export function stem(word: string): string {
  const lower = word.toLowerCase();
  let cached = stemCache.get(lower);
  if (cached === undefined) {
    cached = lower
      .split(/['’‐‑-]/)
      .map((part) => stemmer(part))
      .join('-');
    stemCache.set(lower, cached);
  }
  return cached;
}

const isAcronym = (form: string) => form.length >= 2 && /\p{Lu}/u.test(form) && form === form.toUpperCase();

/**
 * The index key of a content word, or null for a function word, a number or a stray letter. Acronyms
 * keep their letters unstemmed, so "US" (the country) is a term while "us" (the pronoun) is not.
 */
export function termKey(form: string): string | null {
  if (/^\p{N}+$/u.test(form)) return null;
  if (isAcronym(form)) return form.toLowerCase();
  if (form.length < 2 || isStopWord(form)) return null;
  return stem(form);
}

/** Content-word stems of a sentence, repeated as often as they occur (for TF-IDF). */
export function sentenceTerms(text: string): string[] {
  return tokenize(text).flatMap((token) => termKey(token.form) ?? []);
}

/**
 * Counts of content words and of two-word phrases, keyed by stem, with the printed forms seen for each key.
 * A phrase is two content words with only spaces between them, so none spans punctuation ("Korea; positive")
 * or a possessive ("Korea's nuclear").
 */
export class TermCounter {
  readonly counts = new Map<string, number>();
  private readonly forms = new Map<string, Map<string, number>>();
  /** Forms seen only at the start of a sentence, where capitals say nothing about the word. */
  private readonly initialForms = new Map<string, Map<string, number>>();
  total = 0;

  addText(text: string, options: { sentenceInitialCapitals?: boolean } = {}): void {
    const tokens = tokenize(text);
    let previous: { key: string; form: string; token: Token; initial: boolean } | undefined;
    tokens.forEach((token, index) => {
      const key = termKey(token.form);
      const initial = (options.sentenceInitialCapitals ?? true) && index === 0;
      if (key === null) {
        previous = undefined;
        return;
      }
      this.add(key, token.form, initial);
      if (
        previous &&
        !previous.token.possessive &&
        /^[ \t\u00a0]+$/.test(text.slice(previous.token.end, token.start))
      ) {
        this.add(`${previous.key} ${key}`, `${previous.form} ${token.form}`, previous.initial);
      }
      previous = { key, form: token.form, token, initial };
    });
  }

  /** Adds each sentence of a passage separately, so phrases never join two sentences. */
  addPassage(passage: Passage): void {
    const initialCapitals = passage.kind !== 'keywords';
    const spans = passage.sentences.length > 0 ? passage.sentences : [{ start: 0, end: passage.text.length }];
    for (const span of spans) {
      this.addText(passage.text.slice(span.start, span.end), { sentenceInitialCapitals: initialCapitals });
    }
  }

  private add(key: string, form: string, initial: boolean): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total += 1;
    const target = initial ? this.initialForms : this.forms;
    const forms = target.get(key) ?? new Map<string, number>();
    forms.set(form, (forms.get(form) ?? 0) + 1);
    target.set(key, forms);
  }

  /** The form readers would recognise: the most frequent one printed mid-sentence. */
  surface(key: string): string {
    const pick = (forms: Map<string, number> | undefined) =>
      forms
        ? [...forms.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0]
        : undefined;
    const inner = pick(this.forms.get(key));
    if (inner) return inner;
    const initial = pick(this.initialForms.get(key));
    if (!initial) return key;
    // Only ever seen opening a sentence: print the first word as it is printed mid-sentence elsewhere
    // ("coercive", "Japan"); a word never seen mid-sentence keeps its printed form.
    const [first = '', ...rest] = initial.split(' ');
    const firstKey = termKey(first);
    const elsewhere = firstKey ? pick(this.forms.get(firstKey)) : undefined;
    return [elsewhere ?? first, ...rest].join(' ');
  }
}
