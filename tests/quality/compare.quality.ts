import { loadCorpus } from '../../src/corpus/index.js';
import type { Corpus, LibraryDocument } from '../../src/corpus/types.js';
import { compareOnTopic, compareOverall, type Quotation } from '../../src/extract/compare.js';
import { keyTerms } from '../../src/extract/summary.js';
import { createSearchEngine } from '../../src/search/index.js';
import { buildThesaurus } from '../../src/search/thesaurus.js';
import { passageSentences, processTerm, tokenize } from '../../src/text/index.js';
import { dataDirWith } from '../corpus/helpers.js';
import type { MeasureQuality, QualityReport } from './figures.js';

/**
 * Every claim /compare makes, checked against the text of the library (the seed documents plus a third,
 * unrelated fixture) for every pair of documents: "only in", "both", "does not address", "never uses",
 * each disagreement, and that every quotation stands verbatim in the passage it cites. The checks read the
 * passages on their own here, clause by clause, rather than asking the code under test.
 */

const PROBE_TOPICS = [
  'nuclear proliferation',
  'Security Council',
  'Nunn-Lugar',
  'coercion',
  'reading groups',
  'U.S. policy',
  'photosynthesis',
];

/** Each clause of each sentence of each passage, as index terms (null for stop words). */
function clauses(document: LibraryDocument): Array<Array<string | null>> {
  return document.passages.flatMap((passage) =>
    passageSentences(passage).flatMap((sentence) =>
      sentence.text
        .split(/[,;:!?()"“”]/)
        .map((clause) => tokenize(clause).map((token) => processTerm(token))),
    ),
  );
}

function uses(document: LibraryDocument, words: readonly string[]): boolean {
  return clauses(document).some((clause) => {
    for (let start = 0; start + words.length <= clause.length; start++)
      if (words.every((word, offset) => clause[start + offset] === word)) return true;
    return false;
  });
}

export function compareClaimFailures(corpus: Corpus): { claims: number; failures: string[] } {
  const search = createSearchEngine(corpus);
  const thesaurus = buildThesaurus();
  const failures: string[] = [];
  let claims = 0;
  const check = (ok: boolean, claim: string) => {
    claims++;
    if (!ok) failures.push(claim);
  };
  const grounded = (quotation: Quotation, context: string) => {
    const passage = corpus.getPassage(quotation.passageId);
    check(
      (passage?.text.includes(quotation.text) ?? false) && passage?.locator === quotation.locator,
      `${context}: quotation not verbatim at ${quotation.locator}: "${quotation.text.slice(0, 60)}"`,
    );
  };
  const name = (id: string) => corpus.getDocument(id)?.shortTitle ?? id;
  const documents = corpus.documents;
  const topics = [
    ...PROBE_TOPICS,
    ...documents.flatMap((document) => keyTerms(document, corpus, 6).map((term) => term.term)),
  ];

  for (const [first, second] of documents.flatMap((a, i) => documents.slice(i + 1).map((b) => [a, b]))) {
    if (!first || !second) continue;
    const pair = [first, second];
    const label = `${first.shortTitle} / ${second.shortTitle}`;
    const overall = compareOverall(corpus, pair);
    for (const { thesis } of overall.theses) if (thesis) grounded(thesis, `${label} thesis`);
    for (const { documentId, terms } of overall.uniqueTerms) {
      const own = pair.find((document) => document.id === documentId);
      const others = pair.filter((document) => document.id !== documentId);
      for (const term of terms) {
        check(
          !!own && uses(own, term.words),
          `${label}: "only in ${name(documentId)}: ${term.term}", but it does not use it`,
        );
        for (const other of others)
          check(
            !uses(other, term.words),
            `${label}: "only in ${name(documentId)}: ${term.term}", but ${other.shortTitle} uses it`,
          );
      }
    }
    for (const term of overall.sharedTerms)
      for (const document of pair)
        check(
          uses(document, term.words),
          `${label}: "both use ${term.term}", but ${document.shortTitle} does not`,
        );
    for (const axis of overall.axes) {
      for (const column of axis.columns) {
        const document = corpus.getDocument(column.documentId);
        if (!document) continue;
        if (column.uses === 'none')
          check(
            !axis.term.words.some((word) => uses(document, [word])),
            `${label}: "${document.shortTitle} never uses ${axis.term.term} or its words", but it does`,
          );
        else {
          grounded(column.quotation, `${label} axis ${axis.term.term}`);
          const quoted = tokenize(column.quotation.text).map((token) => processTerm(token));
          const wanted =
            column.uses === 'phrase'
              ? axis.term.words
              : column.sharedWords.map((word) => processTerm(word) ?? word);
          check(
            wanted.every((word) => quoted.includes(word)),
            `${label}: axis ${axis.term.term}: ${document.shortTitle}'s sentence lacks ${wanted.join(' ')}`,
          );
        }
      }
    }
    for (const disagreement of overall.disagreements) {
      const { against, takenBy, term } = disagreement;
      grounded(against.quotation, `${label} disagreement`);
      grounded(takenBy.quotation, `${label} disagreement`);
      const inAgainst = tokenize(against.quotation.text).map((token) => processTerm(token));
      const inTaken = tokenize(takenBy.quotation.text).map((token) => processTerm(token));
      check(
        against.documentId !== takenBy.documentId &&
          term.words.every((word) => inAgainst.includes(word) && inTaken.includes(word)) &&
          against.quotation.text.toLowerCase().includes(against.cue),
        `${label}: disagreement on ${term.term} not borne out by its two sentences`,
      );
    }

    for (const topic of topics) {
      const comparison = compareOnTopic(
        corpus,
        search,
        pair.map((document) => document.id),
        topic,
      );
      const topicTerms = tokenize(topic).flatMap((token) => processTerm(token) ?? []);
      const variants = (term: string) => [term, ...thesaurus.expand(term)];
      for (const column of comparison.columns) {
        const document = corpus.getDocument(column.documentId);
        if (!document) continue;
        if (!column.addressed) {
          const titleTerms = tokenize(document.csl.title ?? '').map((token) => processTerm(token));
          check(
            !topicTerms.some((term) => variants(term).some((variant) => uses(document, [variant]))) &&
              !topicTerms.some((term) => titleTerms.includes(term)),
            `${label}: "${document.shortTitle} does not address ${topic}", but a passage uses its words`,
          );
          continue;
        }
        for (const quotation of column.quotations) grounded(quotation, `${label} topic ${topic}`);
        for (const word of column.missingWords) {
          const term = processTerm(word);
          check(
            term === null || !variants(term).some((variant) => uses(document, [variant])),
            `${label}: "${document.shortTitle} never uses ${word}", but it does`,
          );
        }
      }
    }
  }
  return { claims, failures };
}

export const measure: MeasureQuality = async (): Promise<QualityReport> => {
  const corpus = loadCorpus(dataDirWith('extra/doe-2021.md'));
  const { claims, failures } = compareClaimFailures(corpus);
  return {
    suite: 'compare',
    cases: claims,
    figures: [
      {
        name: 'false /compare claims',
        value: failures.length,
        unit: 'count',
        target: '= 0',
        pass: failures.length === 0,
      },
    ],
    failures,
  };
};
