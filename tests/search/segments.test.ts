import { describe, expect, it } from 'vitest';
import { benchQueries, mulberry32, syntheticCorpus, vocabularyFrom } from '../../bench/synthetic.js';
import { corpusOf } from '../../src/corpus/corpus.js';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import type { Corpus, LibraryDocument } from '../../src/corpus/types.js';
import { createSearchEngine } from '../../src/search/index.js';
import { CASE_SETS, EXTRA_CASES } from '../quality/search-cases.js';
import { createMonolithicEngine } from './monolithic/engine.js';
import { syntheticReading as makeReading } from './readings.js';

/**
 * The segmented index must answer exactly as the one index built over every passage did: the same passages
 * in the same order with the same scores, the same suggestions, hints and author answers. The oracle is
 * that engine, kept verbatim in tests/search/monolithic/.
 */
const real = loadCorpus(DATA_DIR);
const extra = loadCorpus(EXTRA_CASES.directory());
const random = mulberry32(20260112);
const words = vocabularyFrom(real, 2_000, random);

const syntheticReading = (id: string, passageCount: number, seed: number) =>
  makeReading(id, passageCount, words, mulberry32(seed));

const questions = [
  ...CASE_SETS.flatMap((set) => [...set.questions.map((question) => question.question), ...set.offTopic]),
  ...benchQueries(words, 240, random),
  'Solberg',
  'Who is Mira Solberg?',
  'What does Solberg say about sanctions?',
  'Park',
  'Jung',
];
const prefixes = [
  '',
  'sanc',
  'security coun',
  'provoc',
  'nuclear te',
  'zzyzx coun',
  ...words
    .slice(0, 400)
    .filter((_, index) => index % 20 === 7)
    .map((word) => word.slice(0, 3)),
];

const relativeGap = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);

/** Every difference between the two engines' answers over the questions and prefixes, as readable lines. */
function differences(corpus: Corpus, built = createSearchEngine(corpus)): string[] {
  const oracle = createMonolithicEngine(corpus);
  const found: string[] = [];
  const someDocument = corpus.documents.at(-1)?.id;
  for (const question of questions) {
    for (const options of [{ limit: 25 }, { limit: 10, documentId: someDocument }]) {
      const expected = oracle.search(question, options);
      const actual = built.search(question, options);
      const expectedIds = expected.map((hit) => hit.passage.id).join(' ');
      const actualIds = actual.map((hit) => hit.passage.id).join(' ');
      if (expectedIds !== actualIds) {
        found.push(`search "${question}" ${JSON.stringify(options)}: ${actualIds} ≠ ${expectedIds}`);
        continue;
      }
      expected.forEach((hit, index) => {
        const other = actual[index];
        if (!other) return;
        if (relativeGap(hit.score, other.score) > 1e-9)
          found.push(`score "${question}" ${hit.passage.id}: ${other.score} ≠ ${hit.score}`);
        if (other.matchedTerms.join(' ') !== hit.matchedTerms.join(' '))
          found.push(`terms "${question}" ${hit.passage.id}: ${other.matchedTerms} ≠ ${hit.matchedTerms}`);
      });
      if (expected[0] && actual[0] && expected[0].excerpt !== actual[0].excerpt)
        found.push(`excerpt "${question}"`);
    }
    const help = JSON.stringify(built.explainNoResults(question));
    const expectedHelp = JSON.stringify(oracle.explainNoResults(question));
    if (help !== expectedHelp) found.push(`explainNoResults "${question}": ${help} ≠ ${expectedHelp}`);
    const authored = built
      .authoredDocuments(question)
      .map((document) => document.id)
      .join(' ');
    const expectedAuthored = oracle
      .authoredDocuments(question)
      .map((document) => document.id)
      .join(' ');
    if (authored !== expectedAuthored) found.push(`authoredDocuments "${question}": ${authored}`);
  }
  for (const prefix of prefixes) {
    for (const options of [{}, { documentId: someDocument, limit: 25 }]) {
      const suggested = built.suggest(prefix, options).join(' | ');
      const expected = oracle.suggest(prefix, options).join(' | ');
      if (suggested !== expected) found.push(`suggest "${prefix}": ${suggested} ≠ ${expected}`);
    }
  }
  return found;
}

describe('the segmented index answers as the one index over every passage did', () => {
  it('on the real library', () => {
    expect(differences(real)).toEqual([]);
  });

  it('on the seed library with a fixture document beside it', () => {
    expect(differences(extra)).toEqual([]);
  });

  it('on a synthetic library of 2,000 passages in 20 documents', () => {
    expect(differences(syntheticCorpus(2_000, words, mulberry32(7)))).toEqual([]);
  });

  it('on a server view: the real library and a 10,000-passage reading', () => {
    const view = corpusOf([...real.documents, syntheticReading('solberg-2024', 10_000, 11)]);
    expect(differences(view)).toEqual([]);
  });

  it('on views composed from segments other views built: a reading added, edited and removed', () => {
    const reading = syntheticReading('solberg-2024', 1_500, 13);
    const shared = corpusOf([...real.documents, ...extra.documents.filter((d) => d.id === 'doe-2021')]);
    createSearchEngine(shared);
    const added = corpusOf([...shared.documents, reading]);
    expect(differences(added)).toEqual([]);
    const second = syntheticReading('larsen-2025', 300, 17);
    expect(differences(corpusOf([...added.documents, second]))).toEqual([]);
    // Libraries.edit makes a new document object with new metadata: the byline field changes.
    const edited: LibraryDocument = {
      ...reading,
      csl: { ...reading.csl, author: [{ given: 'Jinho', family: 'Park' }] },
    };
    expect(differences(corpusOf([...shared.documents, edited, second]))).toEqual([]);
    expect(differences(corpusOf([...shared.documents, second]))).toEqual([]);
  });
});
