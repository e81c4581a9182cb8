import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSearchEngine,
  PLAN_MEMO_SIZE,
  RANKING_MEMO_SIZE,
  SUGGESTION_MEMO_SIZE,
} from '../../src/search/engine.js';
import { stemsOfIdioms } from '../../src/search/plan.js';
import { Ranker } from '../../src/search/rank.js';
import { RecentMap } from '../../src/search/recent.js';
import { buildThesaurus } from '../../src/search/thesaurus.js';
import { wordStem } from '../../src/text/index.js';
import { fixtureCorpus, fixtureDocument } from './fixtures.js';

// Wrapped so the tests can count how often a query is planned and a word stemmed.
vi.mock('../../src/search/plan.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/search/plan.js')>();
  return { ...actual, planQuery: vi.fn(actual.planQuery) };
});
vi.mock('../../src/text/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/text/index.js')>();
  return { ...actual, wordStem: vi.fn(actual.wordStem) };
});

const { planQuery } = await import('../../src/search/plan.js');

afterEach(() => {
  vi.clearAllMocks();
});

const corpus = fixtureCorpus([
  fixtureDocument('park', [
    'The Security Council should give up sanctions and try engagement with the North.',
    'Deterrence and aid together make coercive engagement.',
    'Denuclearization comes before any peace treaty.',
  ]),
]);

describe('query plans are remembered', () => {
  it('plans a query once however often it is searched, and once for search and author questions alike', () => {
    const engine = createSearchEngine(corpus);
    const first = engine.search('coercive engagement');
    for (let round = 0; round < 4; round++) {
      expect(engine.search('coercive engagement')).toEqual(first);
      engine.authoredDocuments('coercive engagement');
    }
    expect(planQuery).toHaveBeenCalledTimes(1);
    engine.search('deterrence');
    expect(planQuery).toHaveBeenCalledTimes(2);
  });

  it('keeps at most PLAN_MEMO_SIZE plans, dropping the least recently used', () => {
    const engine = createSearchEngine(corpus);
    engine.search('engagement');
    for (let index = 0; index < PLAN_MEMO_SIZE; index++) engine.search(`engagement ${index}`);
    const planned = vi.mocked(planQuery).mock.calls.length;
    engine.search(`engagement ${PLAN_MEMO_SIZE - 1}`);
    expect(planQuery).toHaveBeenCalledTimes(planned);
    engine.search('engagement');
    expect(planQuery).toHaveBeenCalledTimes(planned + 1);
  });
});

describe('rankings are remembered', () => {
  const twoDocuments = fixtureCorpus([
    fixtureDocument('park', [
      'Coercive engagement mixes deterrence and aid.',
      'Engagement without deterrence invites provocation.',
    ]),
    fixtureDocument('kim', ['Engagement through aid built trust.', 'Deterrence kept the peace.']),
  ]);
  const ids = (hits: ReadonlyArray<{ passage: { id: string } }>) => hits.map((hit) => hit.passage.id);

  it('ranks a query once per limit and document, and serves the same hits and excerpts again', () => {
    const rank = vi.spyOn(Ranker.prototype, 'rank');
    const engine = createSearchEngine(twoDocuments);
    const first = engine.search('engagement deterrence');
    const firstSegments = first.map((hit) => hit.segments);
    const again = engine.search('engagement deterrence');
    expect(rank).toHaveBeenCalledTimes(1);
    expect(again).toEqual(first);
    // Fresh hits each time (a caller may keep or change its own), sharing the excerpts built once.
    expect(again[0]).not.toBe(first[0]);
    expect(again.map((hit) => hit.segments)).toEqual(firstSegments);
    expect(again[0]?.segments).toBe(first[0]?.segments);
    // The limit and the document are part of what was asked.
    expect(engine.search('engagement deterrence', { limit: 1 })).toHaveLength(1);
    expect(rank).toHaveBeenCalledTimes(2);
    const inKim = engine.search('engagement deterrence', { documentId: 'kim' });
    expect(rank).toHaveBeenCalledTimes(3);
    expect(new Set(inKim.map((hit) => hit.document.id))).toEqual(new Set(['kim']));
    expect(ids(engine.search('engagement deterrence'))).toEqual(ids(first));
    expect(rank).toHaveBeenCalledTimes(3);
    rank.mockRestore();
  });

  it('ranks afresh whenever the caller filters, since a predicate cannot be keyed', () => {
    const rank = vi.spyOn(Ranker.prototype, 'rank');
    const engine = createSearchEngine(twoDocuments);
    const all = engine.search('engagement');
    expect(all.length).toBeGreaterThan(1);
    const only = all[1]?.passage.id;
    const filtered = engine.search('engagement', { filter: (passage) => passage.id === only });
    expect(ids(filtered)).toEqual([only]);
    expect(ids(engine.search('engagement', { filter: () => false }))).toEqual([]);
    expect(rank).toHaveBeenCalledTimes(3);
    expect(ids(engine.search('engagement'))).toEqual(ids(all));
    expect(rank).toHaveBeenCalledTimes(3);
    rank.mockRestore();
  });

  it('keeps at most RANKING_MEMO_SIZE rankings, and an engine over a changed view ranks its own', () => {
    const rank = vi.spyOn(Ranker.prototype, 'rank');
    const engine = createSearchEngine(twoDocuments);
    engine.search('engagement');
    for (let index = 0; index < RANKING_MEMO_SIZE; index++) engine.search(`engagement ${index}`);
    const ranked = rank.mock.calls.length;
    engine.search(`engagement ${RANKING_MEMO_SIZE - 1}`);
    expect(rank).toHaveBeenCalledTimes(ranked);
    engine.search('engagement');
    expect(rank).toHaveBeenCalledTimes(ranked + 1);
    // A view that gained a document is a new corpus and a new engine: nothing of the old one's memo.
    const grown = fixtureCorpus([
      ...twoDocuments.documents,
      fixtureDocument('lee', ['Engagement, engagement and more engagement.']),
    ]);
    expect(createSearchEngine(grown).search('engagement')[0]?.document.id).toBe('lee');
    expect(engine.search('engagement').some((hit) => hit.document.id === 'lee')).toBe(false);
    rank.mockRestore();
  });
});

describe('autocomplete answers are remembered', () => {
  const twoDocuments = fixtureCorpus([
    fixtureDocument('park', ['Coercive engagement mixes deterrence and aid.', 'Deterrence deters.']),
    fixtureDocument('kim', ['Engagement through aid built trust.', 'Detente came first.']),
  ]);

  it('answers a prefix as a fresh engine does, per limit and document, and never hands out its own copy', () => {
    const engine = createSearchEngine(twoDocuments);
    const fresh = () => createSearchEngine(twoDocuments);
    const first = engine.suggest('det');
    expect(first.length).toBeGreaterThan(1);
    first.push('changed by the caller');
    expect(engine.suggest('det')).toEqual(fresh().suggest('det'));
    expect(engine.suggest('det', { limit: 1 })).toEqual(fresh().suggest('det', { limit: 1 }));
    expect(engine.suggest('det', { limit: 1 })).toHaveLength(1);
    expect(engine.suggest('det', { documentId: 'kim' })).toEqual(
      fresh().suggest('det', { documentId: 'kim' }),
    );
    expect(engine.suggest('det', { documentId: 'kim' })).not.toEqual(engine.suggest('det'));
    expect(engine.suggest('coercive det')).toEqual(fresh().suggest('coercive det'));
  });

  it('keeps at most SUGGESTION_MEMO_SIZE answers and still answers an evicted prefix right', () => {
    const engine = createSearchEngine(twoDocuments);
    const first = engine.suggest('eng');
    for (let index = 0; index < SUGGESTION_MEMO_SIZE; index++) engine.suggest(`eng ${index}`);
    expect(engine.suggest('eng')).toEqual(first);
  });
});

describe('idioms are stemmed once per thesaurus', () => {
  it('stems every idiom word once, on the first query', () => {
    const thesaurus = buildThesaurus();
    const idiomWords = thesaurus.idioms.reduce((sum, idiom) => sum + idiom.words.length, 0);
    expect(idiomWords).toBeGreaterThan(0);
    vi.mocked(wordStem).mockClear();
    const stems = stemsOfIdioms(thesaurus);
    expect(wordStem).toHaveBeenCalledTimes(idiomWords);
    expect(stemsOfIdioms(thesaurus)).toBe(stems);
    expect(wordStem).toHaveBeenCalledTimes(idiomWords);
  });

  it('still folds an idiom typed in another form', () => {
    const engine = createSearchEngine(corpus);
    // "give up" is an idiom for denuclearisation; "giving" meets it only through its stem.
    const [hit] = engine.search('giving up');
    expect(hit?.passage.id).toBe('park#p3');
  });
});

describe('RecentMap', () => {
  it('never holds more than its capacity', () => {
    const map = new RecentMap<number, number>(3);
    for (let key = 0; key < 10; key++) map.set(key, key);
    expect(map.size).toBe(3);
    expect(map.get(6)).toBeUndefined();
    expect(map.get(7)).toBe(7);
    map.set(10, 10);
    expect(map.get(8)).toBeUndefined();
    expect(map.get(7)).toBe(7);
  });
});
