import SearchableMap from 'minisearch/SearchableMap';
import type { LibraryDocument } from '../corpus/types.js';
import { processTerm, tokenSpans } from '../text/index.js';

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

/**
 * What one library document contributes to the vocabulary, gathered once per document and merged per view:
 * counts add up, sets unite, and a spelling's index term is the one its last use in the view gave it.
 */
export interface DocumentVocabulary {
  documentId: string;
  /** Spelling → how often the document writes it. */
  spellingCounts: Map<string, number>;
  /** Spelling → the index term its last use in the document gave it (term processing sees case). */
  spellingTerms: Map<string, string>;
  capitalised: Set<string>;
  lowerCase: Set<string>;
  personNames: Set<string>;
  /** Terms of the names of the document's CSL authors. */
  authorTerms: Set<string>;
}

export function documentVocabulary(document: LibraryDocument): DocumentVocabulary {
  // Flat maps, since this pass reads every token.
  const vocabulary: DocumentVocabulary = {
    documentId: document.id,
    spellingCounts: new Map(),
    spellingTerms: new Map(),
    capitalised: new Set(),
    lowerCase: new Set(),
    personNames: new Set(),
    authorTerms: new Set(),
  };
  const { spellingCounts, spellingTerms, capitalised, lowerCase, personNames, authorTerms } = vocabulary;

  const addPerson = (name: { given?: string; family?: string; literal?: string }, author: boolean) => {
    for (const part of [name.given, name.family, name.literal]) {
      for (const span of tokenSpans(part ?? '')) {
        const term = processTerm(span.token);
        if (!term) continue;
        personNames.add(term);
        if (author) authorTerms.add(term);
      }
    }
  };

  for (const author of document.csl.author ?? []) addPerson(author, true);
  for (const entry of document.references)
    for (const name of [...(entry.csl.author ?? []), ...(entry.csl.editor ?? [])]) addPerson(name, false);
  for (const passage of document.passages) {
    const openers = new Set(passage.sentences.map((sentence) => sentence.start));
    for (const span of tokenSpans(passage.text)) {
      const term = processTerm(span.token);
      if (!term) continue;
      const spelling = span.token.toLowerCase();
      spellingCounts.set(spelling, (spellingCounts.get(spelling) ?? 0) + 1);
      spellingTerms.set(spelling, term);
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
  return vocabulary;
}

/** A view's vocabulary: its documents' statistics merged, in corpus order. */
export function composeVocabulary(documents: readonly DocumentVocabulary[]): Vocabulary {
  const capitalised = new Set<string>();
  const lowerCase = new Set<string>();
  const personNames = new Set<string>();
  const authors = new Map<string, Set<string>>();
  for (const document of documents) {
    for (const term of document.capitalised) capitalised.add(term);
    for (const term of document.lowerCase) lowerCase.add(term);
    for (const term of document.personNames) personNames.add(term);
    for (const term of document.authorTerms) {
      const holding = authors.get(term) ?? new Set<string>();
      holding.add(document.documentId);
      authors.set(term, holding);
    }
  }

  // The spellings are merged only when first asked for (a suggestion, a hint, a word the view lacks): a
  // search of words the view uses never reads them.
  let spellings: { counts: Map<string, number>; terms: Map<string, string> } | undefined;
  const mergedSpellings = () => {
    if (spellings) return spellings;
    const counts = new Map<string, number>();
    const terms = new Map<string, string>();
    for (const document of documents) {
      for (const [spelling, count] of document.spellingCounts)
        counts.set(spelling, (counts.get(spelling) ?? 0) + count);
      for (const [spelling, term] of document.spellingTerms) terms.set(spelling, term);
    }
    spellings = { counts, terms };
    return spellings;
  };

  let surfaces: Map<string, string> | undefined;
  const surfaceOf = () => {
    if (surfaces) return surfaces;
    const { counts, terms } = mergedSpellings();
    const chosen = new Map<string, string>();
    const chosenCount = new Map<string, number>();
    for (const [spelling, term] of terms) {
      const count = counts.get(spelling) ?? 0;
      const current = chosen.get(term);
      const best = chosenCount.get(term) ?? -1;
      if (count > best || (count === best && current !== undefined && spelling < current)) {
        chosen.set(term, spelling);
        chosenCount.set(term, count);
      }
    }
    surfaces = chosen;
    return surfaces;
  };

  // One radix tree per first letter, each built when a word with that letter first needs correcting: a
  // typo rarely starts a word, and searching one letter's words for neighbours two edits away is some
  // twenty times cheaper than searching them all.
  let byFirstLetter: Map<string, Array<[string, string]>> | undefined;
  const trees = new Map<string, SearchableMap<string>>();
  const treeFor = (first: string) => {
    let tree = trees.get(first);
    if (tree) return tree;
    if (!byFirstLetter) {
      byFirstLetter = new Map();
      for (const [spelling, term] of mergedSpellings().terms) {
        const letter = spelling[0] ?? '';
        const group = byFirstLetter.get(letter) ?? [];
        group.push([spelling.slice(1), term]);
        byFirstLetter.set(letter, group);
      }
    }
    const group = byFirstLetter.get(first);
    if (!group) return undefined;
    tree = new SearchableMap<string>();
    for (const [rest, term] of group) tree.set(rest, term);
    trees.set(first, tree);
    return tree;
  };

  return {
    surface: (term) => surfaceOf().get(term) ?? term,
    corrections(word, maxDistance) {
      const typed = word.toLowerCase();
      const first = typed[0] ?? '';
      const tree = treeFor(first);
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
