import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSearchEngine, PLAN_MEMO_SIZE } from '../../src/search/engine.js';
import { stemsOfIdioms } from '../../src/search/plan.js';
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
