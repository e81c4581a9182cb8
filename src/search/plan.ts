import { processTerm, tokenize, wordStem } from '../text/index.js';
import { SEARCH_OPTIONS } from './options.js';
import type { Thesaurus } from './thesaurus.js';
import type { Vocabulary } from './vocabulary.js';

/**
 * How an index term answers a word of the query: it is the word (its stem), a spelling correction of a
 * word the library does not use, a completion of a half-typed last word, or a related word.
 */
export type MatchKind = 'literal' | 'correction' | 'completion' | 'related';

export interface ConceptMatch {
  term: string;
  kind: MatchKind;
  /** For a word of a related phrase: the phrase's number in the plan; it counts only with all its words. */
  phrase?: number;
}

/** One informative word of the query, with every index term that answers it. */
export interface Concept {
  /** The word as typed. */
  typed: string;
  /** Its index term. */
  term: string;
  /** Inverse document frequency: rare words carry a question. */
  weight: number;
  /** A name (country, organisation, person): a passage without it never outranks one with it. */
  entity: boolean;
  /** An author of a library document is called this. */
  author: boolean;
  matches: ConceptMatch[];
}

/** What the question is after: what a text argues, what it cites, or just a topic. */
export type Intent = 'argument' | 'sources' | 'topic';

export interface QueryPlan {
  concepts: Concept[];
  /** The concepts coverage is measured over: the content words, or the names when there is nothing else. */
  covered: boolean[];
  /** The weight a passage must cover a share of: the heaviest covered concepts', at most coverageTerms. */
  coverageTotal: number;
  /** Documents whose author the query names. */
  namedDocuments: ReadonlySet<string>;
  /** The query names an author and asks nothing else ("Park", "Who is Jinho Park?"). */
  aboutAuthor: boolean;
  intent: Intent;
  /** How many words each related phrase has, by phrase number. */
  phraseLengths: number[];
  /**
   * Whether some word of the query is one the library uses. Then a passage must hold one of the words as
   * typed (or a related word): a spelling correction or a completion alone is a guess, not an answer.
   */
  literal: boolean;
}

// Question phrasing that says what kind of answer is wanted rather than what it is about: a cue is read
// for the intent and then dropped, so "propose" in "what does Park propose" is not a word to find.
const SOURCES_CUES =
  'sources?|cite[sd]?|citing|citations?|bibliograph\\w*|literature|references?|books?|articles?|papers?|studies|works';
const SOURCES_PHRASES = 'who wrote|written (?:by|about|on)|wrote about|writes about|reading list';
const ARGUMENT_CUES =
  'argue[sd]?|arguing|arguments?|think[s]?|thought|claim[s]?|say[s]?|said|propose[sd]?|proposals?|suggest[s]?|believe[s]?|views?|recommend[s]?|want[s]?|contend[s]?|advocate[sd]?|conclude[sd]?|stance|opinions?';
const SOURCES_INTENT = new RegExp(`\\b(?:${SOURCES_CUES}|${SOURCES_PHRASES})\\b`, 'i');
const ARGUMENT_INTENT = new RegExp(`\\b(?:${ARGUMENT_CUES}|according to)\\b`, 'i');
const CUE_WORD = new RegExp(`^(?:${SOURCES_CUES}|${ARGUMENT_CUES})$`, 'i');

export function queryIntent(query: string): Intent {
  if (SOURCES_INTENT.test(query)) return 'sources';
  if (ARGUMENT_INTENT.test(query)) return 'argument';
  return 'topic';
}

interface TypedWord {
  typed: string;
  term: string;
  /** Capitalised where a sentence does not start: the reader means a name. */
  capitalised: boolean;
  /** Part of a multi-word name or term typed in full: taken literally, not expanded. */
  inPhrase: boolean;
  /** The query's last word, perhaps still being typed. */
  last: boolean;
}

/** What planning asks of the index: how many passages hold a term, and the terms a prefix starts. */
export interface TermStatistics {
  /** How many passages hold the term in field number `field` (0 for a term the index lacks). */
  documentFrequency(term: string, field?: number): number;
  /** Index terms starting with `prefix` (itself included), at most `limit` of them. */
  completions(prefix: string, limit: number): string[];
}

export interface PlanContext {
  postings: TermStatistics;
  vocabulary: Vocabulary;
  thesaurus: Thesaurus;
  passageCount: number;
}

/**
 * The stems of every idiom's words, by idiom and word. Every query tries every idiom at every position,
 * and a thesaurus never changes once built, so its idioms are stemmed once rather than on each try.
 */
const idiomStemsByThesaurus = new WeakMap<Thesaurus, string[][]>();

export function stemsOfIdioms(thesaurus: Thesaurus): string[][] {
  let stems = idiomStemsByThesaurus.get(thesaurus);
  if (!stems) {
    stems = thesaurus.idioms.map(({ words }) => words.map((word) => wordStem(word)));
    idiomStemsByThesaurus.set(thesaurus, stems);
  }
  return stems;
}

/** The query's words as index terms, each once, with idioms folded and multi-word names marked. */
function typedWords(query: string, thesaurus: Thesaurus): TypedWord[] {
  const tokens = tokenize(query);
  const terms = tokens.map((token) => processTerm(token));
  const lower = tokens.map((token) => token.toLowerCase());
  const inPhrase = new Array<boolean>(tokens.length).fill(false);
  for (const phrase of thesaurus.phrases) {
    for (let start = 0; start + phrase.length <= terms.length; start++) {
      if (phrase.every((term, offset) => terms[start + offset] === term))
        for (let offset = 0; offset < phrase.length; offset++) inPhrase[start + offset] = true;
    }
  }
  const idiomStems = stemsOfIdioms(thesaurus);
  // Each typed word is stemmed at most once, however many idioms are tried against it.
  const typedStems: Array<string | undefined> = [];
  const typedStem = (index: number, typed: string) => {
    let stem = typedStems[index];
    if (stem === undefined) {
      stem = wordStem(typed);
      typedStems[index] = stem;
    }
    return stem;
  };
  const words: TypedWord[] = [];
  for (let position = 0; position < tokens.length; position++) {
    const idiom = thesaurus.idioms.find(({ words: idiomWords }, idiomIndex) =>
      idiomWords.every((word, offset) => {
        const typed = lower[position + offset];
        return (
          typed !== undefined &&
          (typed === word || typedStem(position + offset, typed) === idiomStems[idiomIndex]?.[offset])
        );
      }),
    );
    const token = tokens[position] ?? '';
    const term = idiom ? idiom.term : terms[position];
    const first = token[0] ?? '';
    const word: TypedWord = {
      typed: token,
      term: term ?? '',
      capitalised: position > 0 && first !== first.toLowerCase(),
      inPhrase: inPhrase[position] ?? false,
      last: position + (idiom ? idiom.words.length : 1) >= tokens.length,
    };
    if (idiom) position += idiom.words.length - 1;
    if (!term || (!idiom && CUE_WORD.test(token))) continue;
    const seen = words.find((existing) => existing.term === term);
    if (seen) seen.capitalised ||= word.capitalised;
    else words.push(word);
  }
  return words;
}

/** How many documents hold the term in any field. */
function frequency(postings: TermStatistics, term: string): number {
  let most = 0;
  for (let field = 0; field < SEARCH_OPTIONS.index.fields.length; field++)
    most = Math.max(most, postings.documentFrequency(term, field));
  return most;
}

/** Shorter words are too close to too many others to correct. */
const MIN_CORRECTABLE = 5;

/** The edits a typed word of this length may be away from the spelling it was meant to be. */
function typoDistance(word: string): number {
  return word.length >= 7 ? 2 : word.length >= MIN_CORRECTABLE ? 1 : 0;
}

export function planQuery(query: string, context: PlanContext): QueryPlan {
  const { postings, vocabulary, thesaurus, passageCount } = context;
  const options = SEARCH_OPTIONS.query;
  const maxIdf = Math.log(1 + passageCount / 0.5);
  const idf = (documents: number) => Math.log(1 + passageCount / (documents + 0.5));
  const commonLimit = Math.max(200, passageCount * options.commonShare);

  // A pasted essay keeps its informative words: the library's words rarest first, then the rest.
  const words = typedWords(query, thesaurus)
    .map((word, order) => ({ word, order, documents: frequency(postings, word.term) }))
    .sort(
      (a, b) =>
        Number(b.documents > 0) - Number(a.documents > 0) || a.documents - b.documents || a.order - b.order,
    )
    .slice(0, options.maxTerms)
    .sort((a, b) => a.order - b.order);
  const queryTerms = new Set(words.map(({ word }) => word.term));
  const phraseLengths: number[] = [];

  const concepts: Concept[] = words.map(({ word, documents }) => {
    const matches: ConceptMatch[] = [];
    let weight = maxIdf * options.unknownWeight;
    let entity = vocabulary.isName(word.term);
    if (documents > 0) {
      matches.push({ term: word.term, kind: 'literal' });
      weight = idf(documents);
      entity ||= word.capitalised && !vocabulary.usedInLowerCase(word.term);
    } else {
      const distance = typoDistance(word.typed);
      const corrections = distance > 0 ? vocabulary.corrections(word.typed, distance) : [];
      for (const { term } of corrections)
        if (!matches.some((match) => match.term === term)) matches.push({ term, kind: 'correction' });
      entity ||= corrections.some(
        ({ term }) => vocabulary.isName(term) || (word.capitalised && !vocabulary.usedInLowerCase(term)),
      );
      // Only the last word may be unfinished; a word mid-question was typed in full.
      if (word.last && word.typed.length >= 3)
        for (const term of postings
          .completions(word.term, options.maxCompletionScan)
          .filter((term) => term !== word.term && !queryTerms.has(term))
          .sort((a, b) => postings.documentFrequency(b) - postings.documentFrequency(a))
          .slice(0, options.maxCompletions))
          if (!matches.some((match) => match.term === term)) matches.push({ term, kind: 'completion' });
    }
    if (!word.inPhrase) {
      const related = thesaurus
        .expand(word.term)
        .filter(
          (term) =>
            !queryTerms.has(term) &&
            postings.documentFrequency(term) > 0 &&
            postings.documentFrequency(term) <= commonLimit,
        )
        .slice(0, options.maxRelatedPerTerm);
      for (const term of related)
        if (!matches.some((match) => match.term === term)) matches.push({ term, kind: 'related' });
      for (const phrase of thesaurus.expandPhrases(word.term)) {
        if (!phrase.every((term) => postings.documentFrequency(term) > 0)) continue;
        const number = phraseLengths.push(phrase.length) - 1;
        for (const term of phrase) matches.push({ term, kind: 'related', phrase: number });
      }
    }
    // In a short query every word is the topic. One long enough to have a recognisable misspelling, with
    // none and nothing related in the library, is not a typo: it is what an off-topic query is about
    // ("saxophone lessons"), and weighs in full. In a longer question such words are mostly phrasing.
    if (matches.length === 0 && word.typed.length >= MIN_CORRECTABLE && words.length <= options.shortQuery)
      weight = maxIdf;
    return {
      typed: word.typed,
      term: word.term,
      weight: entity ? weight * options.entityWeight : weight,
      entity,
      author: vocabulary.authorDocuments(word.term) !== undefined,
      matches,
    };
  });

  const namedDocuments = new Set(
    concepts.flatMap((concept) => [...(vocabulary.authorDocuments(concept.term) ?? [])]),
  );
  // "What does Park propose…": the name says whose text to search; the other words say what to find.
  const hasContent = concepts.some((concept) => !concept.author);
  const covered = concepts.map((concept) => !concept.author || !hasContent);
  const coverageTotal = concepts
    .filter((_concept, index) => covered[index])
    .map((concept) => concept.weight)
    .sort((a, b) => b - a)
    .slice(0, options.coverageTerms)
    .reduce((sum, weight) => sum + weight, 0);
  return {
    concepts,
    covered,
    coverageTotal,
    namedDocuments,
    aboutAuthor: namedDocuments.size > 0 && !hasContent,
    intent: queryIntent(query),
    phraseLengths,
    literal: concepts.some((concept) => concept.matches.some((match) => match.kind === 'literal')),
  };
}
