import SearchableMap from 'minisearch/SearchableMap';
import type { Corpus } from '../../../src/corpus/types.js';
import { processTerm, tokenSpans } from '../../../src/text/index.js';

/**
 * What the library's own writing says about its words: the spelling readers should see for each index
 * term, and which terms it treats as names. A term is a name when the library capitalises it wherever it
 * is not opening a sentence and never writes it in lower case ("China", "Council", "Kim"), or when it is
 * part of a person's name in the metadata (authors, the names a reference entry lists). Reference titles
 * are in title case, so there a capital is no evidence, while a lower-case use still counts against.
 */
export interface Vocabulary {
  /** The commonest spelling of an index term in the library, or the term itself. */
  surface(term: string): string;
  /**
   * The index terms of the library's spellings closest to a word it does not use, within `maxDistance`
   * edits of the word as typed (not of its stem: "coersive" is one letter from "coercive", three from its
   * stem). Only the nearest spellings come back, and only ones sharing the first letter, since a typo
   * rarely starts a word.
   */
  corrections(word: string, maxDistance: number): Array<{ term: string; spelling: string; distance: number }>;
  isName(term: string): boolean;
  /** Whether the library ever writes the term in lower case. */
  usedInLowerCase(term: string): boolean;
  /** Documents whose CSL authors carry this term in their names. */
  authorDocuments(term: string): ReadonlySet<string> | undefined;
}

const SENTENCE_OPENER = /[.!?:;“"‘'([]\s*$/;

export function buildVocabulary(corpus: Corpus): Vocabulary {
  // Spelling → how often, and spelling → index term: flat maps, since this pass reads every token.
  const spellingCounts = new Map<string, number>();
  const spellingTerm = new Map<string, string>();
  const capitalised = new Set<string>();
  const lowerCase = new Set<string>();
  const personNames = new Set<string>();
  const authors = new Map<string, Set<string>>();

  const addPerson = (name: { given?: string; family?: string; literal?: string }, documentId?: string) => {
    for (const part of [name.given, name.family, name.literal]) {
      for (const span of tokenSpans(part ?? '')) {
        const term = processTerm(span.token);
        if (!term) continue;
        personNames.add(term);
        if (documentId === undefined) continue;
        const documents = authors.get(term) ?? new Set<string>();
        documents.add(documentId);
        authors.set(term, documents);
      }
    }
  };

  for (const document of corpus.documents) {
    for (const author of document.csl.author ?? []) addPerson(author, document.id);
    for (const entry of document.references)
      for (const name of [...(entry.csl.author ?? []), ...(entry.csl.editor ?? [])]) addPerson(name);
    for (const passage of document.passages) {
      const openers = new Set(passage.sentences.map((sentence) => sentence.start));
      for (const span of tokenSpans(passage.text)) {
        const term = processTerm(span.token);
        if (!term) continue;
        const spelling = span.token.toLowerCase();
        spellingCounts.set(spelling, (spellingCounts.get(spelling) ?? 0) + 1);
        spellingTerm.set(spelling, term);
        const first = span.token[0] ?? '';
        if (first !== first.toUpperCase()) {
          lowerCase.add(term);
          continue;
        }
        if (passage.kind === 'reference' || first === first.toLowerCase()) continue;
        const opensSentence =
          openers.has(span.start) ||
          SENTENCE_OPENER.test(passage.text.slice(Math.max(0, span.start - 3), span.start));
        if (!opensSentence) capitalised.add(term);
      }
    }
  }

  // One radix tree per first letter: a typo rarely starts a word, and searching one letter's words for
  // neighbours two edits away is some twenty times cheaper than searching them all.
  const byFirstLetter = new Map<string, SearchableMap<string>>();
  const surfaces = new Map<string, string>();
  const surfaceCount = new Map<string, number>();
  for (const [spelling, term] of spellingTerm) {
    const first = spelling[0] ?? '';
    let tree = byFirstLetter.get(first);
    if (!tree) {
      tree = new SearchableMap<string>();
      byFirstLetter.set(first, tree);
    }
    tree.set(spelling.slice(1), term);
    const count = spellingCounts.get(spelling) ?? 0;
    const current = surfaces.get(term);
    const best = surfaceCount.get(term) ?? -1;
    if (count > best || (count === best && current !== undefined && spelling < current)) {
      surfaces.set(term, spelling);
      surfaceCount.set(term, count);
    }
  }
  return {
    surface: (term) => surfaces.get(term) ?? term,
    corrections(word, maxDistance) {
      const typed = word.toLowerCase();
      const first = typed[0] ?? '';
      const tree = byFirstLetter.get(first);
      if (!tree) return [];
      const found = [...tree.fuzzyGet(typed.slice(1), maxDistance)]
        .filter(([, [, distance]]) => distance > 0)
        .map(([rest, [term, distance]]) => ({ term, spelling: first + rest, distance }));
      const nearest = Math.min(...found.map((candidate) => candidate.distance));
      return found
        .filter((candidate) => candidate.distance === nearest)
        .sort((a, b) => a.spelling.localeCompare(b.spelling));
    },
    isName: (term) => !lowerCase.has(term) && (capitalised.has(term) || personNames.has(term)),
    usedInLowerCase: (term) => lowerCase.has(term),
    authorDocuments: (term) => authors.get(term),
  };
}
