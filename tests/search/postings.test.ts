import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { type IndexedPassage, indexedPassages } from '../../src/search/engine.js';
import { SEARCH_OPTIONS } from '../../src/search/options.js';
import { ComposedIndex, PostingsIndex, ScoringScratch } from '../../src/search/postings.js';
import { indexedPassagesOf } from '../../src/search/segments.js';
import { fixtureCorpus, fixtureDocument } from './fixtures.js';

const corpus = loadCorpus(DATA_DIR);
const indexed = indexedPassages(corpus);
const POSTINGS_OPTIONS = SEARCH_OPTIONS.index;
// MiniSearch, given the same fields, terms, boosts and BM25 parameters, is the oracle for the scores.
const miniSearch = new MiniSearch<IndexedPassage>({
  idField: 'id',
  fields: [...POSTINGS_OPTIONS.fields],
  tokenize: POSTINGS_OPTIONS.tokenize,
  processTerm: POSTINGS_OPTIONS.processTerm,
  searchOptions: { boost: POSTINGS_OPTIONS.boost, bm25: POSTINGS_OPTIONS.bm25 },
});
miniSearch.addAll(indexed);
/** One segment per document, composed: what a view's engine scores with. */
const segments = corpus.documents.map((document) =>
  PostingsIndex.build(indexedPassagesOf(document), POSTINGS_OPTIONS),
);
const postings = ComposedIndex.compose(segments, POSTINGS_OPTIONS);
/** The same passages in one segment: composing must not change a score. */
const single = (passages: IndexedPassage[]) =>
  ComposedIndex.compose([PostingsIndex.build(passages, POSTINGS_OPTIONS)], POSTINGS_OPTIONS);

interface Spec {
  term: string;
  boost: number;
}

/** The postings' score per passage for a list of query terms, computed the way the engine does. */
function postingsScores(specs: Spec[]): Map<string, number> {
  const scratch = new ScoringScratch(postings.documentCount);
  scratch.reset();
  const specOfKey: number[] = [];
  specs.forEach((spec, specIndex) => {
    const exact = postings.termId(spec.term);
    if (exact !== undefined) {
      postings.accumulate(exact, spec.boost, specOfKey.length, scratch);
      specOfKey.push(specIndex);
    }
  });
  const scores = new Map<string, number>();
  for (let index = 0; index < scratch.touchedCount; index++) {
    const document = scratch.touched[index] as number;
    const matched = new Set<number>();
    for (let cursor = scratch.firstMatch(document); cursor >= 0; cursor = scratch.nextMatch(cursor))
      matched.add(specOfKey[scratch.matchKey(cursor)] as number);
    scores.set((indexed[document] as IndexedPassage).id, (scratch.scores[document] as number) * matched.size);
  }
  return scores;
}

function miniSearchScores(specs: Spec[]): Map<string, number> {
  const boosts = new Map(specs.map((spec) => [spec.term, spec]));
  const results = miniSearch.search(specs.map((spec) => spec.term).join(' '), {
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
    prefix: false,
    fuzzy: false,
    boostTerm: (term) => boosts.get(term)?.boost ?? 1,
    combineWith: 'OR',
  });
  return new Map(results.map((result) => [String(result.id), result.score]));
}

/** Query terms as the engine passes them: already processed (stemmed, folded). Last: passages MiniSearch finds. */
const cases: Array<[string, Spec[], number]> = [
  ['one common word', [{ term: 'korea', boost: 1 }], 33],
  [
    'two words and a related word at half weight',
    [
      { term: 'militari', boost: 1 },
      { term: 'secur', boost: 1 },
      { term: 'forc', boost: 0.5 },
    ],
    13,
  ],
  ['a word found in titles and names as well as text', [{ term: 'sunshin', boost: 1 }], 4],
  // Seven paragraphs through their document's byline, two reference entries through their names.
  ['an author, in bylines and in names', [{ term: 'park', boost: 1 }], 9],
  ['a word the library never uses', [{ term: 'basketbal', boost: 1 }], 0],
];

describe('postings scoring', () => {
  it.each(cases)('scores every passage as MiniSearch does: %s', (_name, specs, found) => {
    const expected = miniSearchScores(specs);
    const actual = postingsScores(specs);
    if (found >= 0) expect(expected.size).toBe(found);
    else expect(expected.size).toBeGreaterThan(0);
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, score] of expected) expect(actual.get(id)).toBeCloseTo(score, 9);
  });

  it('completes a prefix from the dictionary, the prefix itself included', () => {
    const completions = postings.completions('provoc', 10);
    expect(completions).toContain('provoc');
    expect(completions.every((term) => term.startsWith('provoc'))).toBe(true);
    expect(postings.completions('zzz', 10)).toEqual([]);
  });

  it('scores a view of several segments as one segment over all its passages', () => {
    expect(segments.length).toBeGreaterThan(1);
    const whole = single(indexed);
    for (const term of ['sanction', 'korea', 'park', 'militari']) {
      const composed = new ScoringScratch(postings.documentCount);
      const one = new ScoringScratch(whole.documentCount);
      composed.reset();
      one.reset();
      postings.accumulate(postings.termId(term) as number, 1, 0, composed);
      whole.accumulate(whole.termId(term) as number, 1, 0, one);
      expect(composed.touchedCount).toBe(one.touchedCount);
      expect([...composed.scores]).toEqual([...one.scores]);
      expect(postings.documentFrequency(term)).toBe(whole.documentFrequency(term));
      expect([...postings.documentsWith(postings.termId(term) as number)]).toEqual([
        ...whole.documentsWith(whole.termId(term) as number),
      ]);
    }
    expect(postings.completions('s', 500)).toEqual(whole.completions('s', 500));
  });

  it('round-trips a segment through JSON with the same scores and sequences', () => {
    const restored = ComposedIndex.compose(
      segments.map((segment) => PostingsIndex.fromJSON(JSON.parse(JSON.stringify(segment.toJSON())))),
      POSTINGS_OPTIONS,
    );
    const term = postings.termId('sanction') as number;
    const original = new ScoringScratch(postings.documentCount);
    const copy = new ScoringScratch(restored.documentCount);
    original.reset();
    copy.reset();
    postings.accumulate(term, 1, 0, original);
    restored.accumulate(restored.termId('sanction') as number, 1, 0, copy);
    expect(copy.touchedCount).toBe(original.touchedCount);
    expect(copy.touchedCount).toBeGreaterThan(2);
    expect([...copy.scores]).toEqual([...original.scores]);
    const last = postings.documentCount - 1;
    expect([...restored.sequence(last)]).toEqual([...postings.sequence(last)]);
  });

  it('keeps each passage’s text as its sequence of index terms, for proximity', () => {
    // The first passage of the first segment, and one of the second, whose local ids differ from the view's.
    for (const document of [0, (segments[0] as PostingsIndex).documentCount + 2]) {
      const passage = indexed[document] as IndexedPassage;
      const expected = POSTINGS_OPTIONS.tokenize(passage.text).flatMap(
        (token) => POSTINGS_OPTIONS.processTerm(token) ?? [],
      );
      const sequence = [...postings.sequence(document)];
      expect(sequence).toHaveLength(expected.length);
      expect(sequence).toEqual(expected.map((term) => postings.sequenceTermId(document, term)));
    }
  });
});

describe('scoring scratch', () => {
  const words = Array.from({ length: 3000 }, (_, index) => `alpha beta w${index}`);
  const big = fixtureCorpus([fixtureDocument('big', words)]);
  const bigIndexed = indexedPassages(big);
  const bigPostings = single(bigIndexed);

  it('grows past its first pool and starts each query from nothing', () => {
    const scratch = new ScoringScratch(bigPostings.documentCount);
    scratch.reset();
    bigPostings.accumulate(bigPostings.termId('alpha') as number, 1, 0, scratch);
    bigPostings.accumulate(bigPostings.termId('beta') as number, 1, 1, scratch);
    expect(scratch.touchedCount).toBe(3000);
    let matches = 0;
    for (let cursor = scratch.firstMatch(2999); cursor >= 0; cursor = scratch.nextMatch(cursor)) matches++;
    expect(matches).toBe(2);
    const twoWords = scratch.scores[5] as number;

    scratch.reset();
    expect(scratch.touchedCount).toBe(0);
    bigPostings.accumulate(bigPostings.termId('alpha') as number, 1, 0, scratch);
    expect(scratch.scores[5]).toBeCloseTo(twoWords / 2, 9);
  });

  it('records one match per query term even when it occurs in several fields', () => {
    const document = fixtureDocument('fields', ['Sanctions work.'], {
      references: [],
    });
    const withTitle = indexedPassages(fixtureCorpus([document])).map((entry) => ({
      ...entry,
      title: 'Sanctions',
    }));
    const fieldPostings = single(withTitle);
    const scratch = new ScoringScratch(1);
    scratch.reset();
    fieldPostings.accumulate(fieldPostings.termId('sanction') as number, 1, 7, scratch);
    const cursor = scratch.firstMatch(0);
    expect(scratch.matchKey(cursor)).toBe(7);
    expect(scratch.nextMatch(cursor)).toBe(-1);
  });
});
