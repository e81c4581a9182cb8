import type { Corpus, LibraryDocument, Passage } from '../corpus/types.js';
import { buildThesaurus } from '../search/thesaurus.js';
import type { Searcher } from '../search/types.js';
import {
  passageSentences,
  processTerm,
  termCounts,
  tokenize,
  tokenSpans,
  withoutAbsorbed,
} from '../text/index.js';
import { type Disagreement, findDisagreements } from './disagreements.js';
import {
  argumentSentences,
  type ComparedTerm,
  isArgument,
  type Quotation,
  quotationOf,
} from './sentences.js';
import { argumentTexts, keyTerms, thesis } from './summary.js';

export type TopicColumn =
  | {
      documentId: string;
      addressed: true;
      quotations: Quotation[];
      /** Topic words (with their variants) that occur nowhere in the document; empty when all do. */
      missingWords: string[];
      /** Whether one sentence uses every topic word (or a variant); if not, the quotations are the nearest. */
      together: boolean;
      /** Topic words the document's title uses: the topic is then its subject, whatever the passages say. */
      titleWords: string[];
    }
  | { documentId: string; addressed: false; searchedWords: string[] };

export type { ComparedTerm, Disagreement, Quotation };

export interface TopicComparison {
  topic: string;
  columns: TopicColumn[];
}

/** One document's distinctive phrase, and what each document says in the sentence that uses it most. */
export interface ComparisonAxis {
  term: ComparedTerm;
  /** The document whose distinctive term it is. */
  fromDocumentId: string;
  columns: Array<
    | {
        documentId: string;
        uses: 'phrase' | 'words';
        quotation: Quotation;
        /** The term's words the sentence uses, as the sentence prints them. */
        sharedWords: string[];
      }
    | { documentId: string; uses: 'none' }
  >;
}

export interface OverallComparison {
  theses: Array<{ documentId: string; thesis?: Quotation }>;
  /** Distinctive terms of each document that no other compared document contains anywhere. */
  uniqueTerms: Array<{ documentId: string; terms: ComparedTerm[] }>;
  /** Terms every compared document uses in its argument. */
  sharedTerms: ComparedTerm[];
  axes: ComparisonAxis[];
  disagreements: Disagreement[];
}

const QUOTATIONS_PER_COLUMN = 2;
const UNIQUE_TERMS_SHOWN = 8;
const SHARED_TERMS_SHOWN = 8;
const thesaurus = buildThesaurus();

/**
 * A text's words as index terms, null where a stop word or a clause break stands, so phrases stay inside
 * clauses. A period ends a clause only after a word or number, not inside "U.S.".
 */
function termStream(text: string): Array<string | null> {
  return text
    .split(/[,;:!?()[\]"“”]|(?<=\p{Ll}{2}|\d)\.(?:\s|$)/u)
    .flatMap((clause) => [...tokenize(clause).map((token) => processTerm(token)), null]);
}

function streamContains(stream: ReadonlyArray<string | null>, words: readonly string[]): boolean {
  for (let start = 0; start + words.length <= stream.length; start++)
    if (words.every((word, offset) => stream[start + offset] === word)) return true;
  return false;
}

/** Whether any passage of the document, its reference list included, contains the words as a phrase. */
export function documentContains(document: LibraryDocument, words: readonly string[]): boolean {
  return document.passages.some((passage) => streamContains(termStream(passage.text), words));
}

/** The topic's content words, each with the index terms that count as it (its own and its variants). */
function topicWords(topic: string): Array<{ word: string; terms: Set<string> }> {
  const words: Array<{ word: string; terms: Set<string> }> = [];
  for (const span of tokenSpans(topic)) {
    const term = processTerm(span.token);
    if (!term || words.some((entry) => entry.terms.has(term))) continue;
    words.push({ word: span.token, terms: new Set([term, ...thesaurus.expand(term)]) });
  }
  return words;
}

/** Argument passages first, then the keyword list, then what the document cites. */
const PASSAGE_PREFERENCE = (passage: Passage) =>
  isArgument(passage) ? 0 : passage.kind === 'keywords' ? 1 : 2;

export function compareOnTopic(
  corpus: Corpus,
  searcher: Searcher,
  documentIds: readonly string[],
  topic: string,
): TopicComparison {
  const words = topicWords(topic);
  return {
    topic,
    columns: documentIds.map((documentId): TopicColumn => {
      const document = corpus.getDocument(documentId);
      const searchedWords = words.map((entry) => entry.word);
      if (!document || words.length === 0) return { documentId, addressed: false, searchedWords };
      const rank = new Map(
        searcher
          .search(topic, { documentId, limit: 10 })
          .map((hit, index) => [hit.passage.id, index] as const),
      );
      const found = new Set<number>();
      const scored = document.passages.flatMap((passage) =>
        passageSentences(passage).map((sentence) => {
          const terms = new Set(termStream(sentence.text));
          const matched = words.flatMap((entry, index) =>
            [...entry.terms].some((term) => terms.has(term)) ? [index] : [],
          );
          for (const index of matched) found.add(index);
          return { passage, sentence, matched: matched.length };
        }),
      );
      const quotations = scored
        .filter((entry) => entry.matched > 0)
        .sort(
          (a, b) =>
            PASSAGE_PREFERENCE(a.passage) - PASSAGE_PREFERENCE(b.passage) ||
            b.matched - a.matched ||
            (rank.get(a.passage.id) ?? rank.size) - (rank.get(b.passage.id) ?? rank.size),
        )
        .slice(0, QUOTATIONS_PER_COLUMN)
        .map((entry) => quotationOf(entry.passage, entry.sentence.text));
      const titleTerms = new Set(termStream(document.csl.title ?? ''));
      const titleWords = words.flatMap((entry) =>
        [...entry.terms].some((term) => titleTerms.has(term)) ? [entry.word] : [],
      );
      for (const [index, entry] of words.entries()) if (titleWords.includes(entry.word)) found.add(index);
      if (quotations.length === 0 && titleWords.length === 0)
        return { documentId, addressed: false, searchedWords };
      return {
        titleWords,
        documentId,
        addressed: true,
        quotations,
        missingWords: words.flatMap((entry, index) => (found.has(index) ? [] : [entry.word])),
        together: scored.some((entry) => entry.matched === words.length),
      };
    }),
  };
}

/** The sentence's own words for each of the given index terms it contains, as printed, in the terms' order. */
function sentenceWordsFor(text: string, terms: readonly string[]): string[] {
  const tokens = tokenize(text);
  return terms.flatMap((term) => tokens.find((token) => processTerm(token) === term) ?? []);
}

/** How each document handles one distinctive phrase: the phrase itself, some of its words, or none. */
function axisFor(term: ComparedTerm, fromDocumentId: string, documents: readonly LibraryDocument[]) {
  const columns = documents.map((document): ComparisonAxis['columns'][number] => {
    let best: { passage: Passage; text: string; shared: string[]; phrase: boolean } | undefined;
    for (const { passage, text } of argumentSentences(document)) {
      const stream = termStream(text);
      const phrase = streamContains(stream, term.words);
      const shared = sentenceWordsFor(text, term.words);
      const better =
        !best || (phrase && !best.phrase) || (phrase === best.phrase && shared.length > best.shared.length);
      if (shared.length > 0 && better) best = { passage, text, shared, phrase };
    }
    if (!best) return { documentId: document.id, uses: 'none' };
    return {
      documentId: document.id,
      uses: best.phrase ? 'phrase' : 'words',
      quotation: quotationOf(best.passage, best.text),
      sharedWords: best.shared,
    };
  });
  return { term, fromDocumentId, columns };
}

const overallCache = new WeakMap<Corpus, Map<string, OverallComparison>>();

/**
 * A loaded corpus never changes, so the comparison of the same documents is computed once and shared
 * (callers must not mutate it).
 */
export function compareOverall(corpus: Corpus, documents: readonly LibraryDocument[]): OverallComparison {
  let byDocuments = overallCache.get(corpus);
  if (!byDocuments) {
    byDocuments = new Map();
    overallCache.set(corpus, byDocuments);
  }
  const key = documents.map((document) => document.id).join('\u0000');
  let comparison = byDocuments.get(key);
  if (!comparison) {
    comparison = computeOverall(corpus, documents);
    byDocuments.set(key, comparison);
  }
  return comparison;
}

function computeOverall(corpus: Corpus, documents: readonly LibraryDocument[]): OverallComparison {
  const distinctive = documents.map((document) => keyTerms(document, corpus, 40));
  const uniqueTerms = documents.map((document, index) => ({
    documentId: document.id,
    terms: (distinctive[index] ?? [])
      .filter((term) =>
        documents.every((other) => other.id === document.id || !documentContains(other, term.words)),
      )
      .slice(0, UNIQUE_TERMS_SHOWN)
      .map(({ term, words }) => ({ term, words })),
  }));

  const counted = documents.map((document) => termCounts(argumentTexts(document)));
  const shared = [...(counted[0]?.values() ?? [])]
    .filter((entry) => counted.every((counts) => counts.has(entry.key)))
    .map((entry) => ({
      ...entry,
      count: Math.min(...counted.map((counts) => counts.get(entry.key)?.count ?? 0)),
    }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const sharedTerms = withoutAbsorbed(shared)
    .slice(0, SHARED_TERMS_SHOWN)
    .map(({ surface, words }) => ({ term: surface, words }));

  // One axis per document: its most distinctive phrase, so the sections follow what the texts are about.
  const axes: ComparisonAxis[] = [];
  documents.forEach((document, index) => {
    const phrase = [...(distinctive[index] ?? [])]
      .sort((a, b) => b.score - a.score)
      .find((term) => term.words.length > 1 && !axes.some((axis) => axis.term.words.join(' ') === term.key));
    if (phrase) axes.push(axisFor({ term: phrase.term, words: phrase.words }, document.id, documents));
  });

  return {
    theses: documents.map((document) => {
      const sentence = thesis(document, corpus);
      return {
        documentId: document.id,
        ...(sentence
          ? { thesis: { text: sentence.text, passageId: sentence.passageId, locator: sentence.locator } }
          : {}),
      };
    }),
    uniqueTerms,
    sharedTerms,
    axes,
    disagreements: findDisagreements(documents),
  };
}
