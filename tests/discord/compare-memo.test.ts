import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadCorpus } from '../../src/corpus/index.js';
import { createSearchEngine } from '../../src/search/index.js';

// Wrapped so the test can count how often a comparison is computed.
vi.mock('../../src/extract/compare.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/extract/compare.js')>();
  return { ...actual, compareOnTopic: vi.fn(actual.compareOnTopic) };
});

const { compareOnTopic } = await import('../../src/extract/compare.js');
const { COMPARE_MEMO_SIZE, compareEmbed } = await import('../../src/commands/compare.js');

const corpus = loadCorpus('data');
const context = { corpus, search: createSearchEngine(corpus) };

afterEach(() => {
  vi.clearAllMocks();
});

describe('/compare remembers its comparisons', () => {
  it('compares on a topic once, and answers the same every time', () => {
    const first = compareEmbed(context, 'Nunn-Lugar');
    for (let round = 0; round < 4; round++) expect(compareEmbed(context, 'Nunn-Lugar')).toEqual(first);
    expect(compareOnTopic).toHaveBeenCalledTimes(1);
    compareEmbed(context, 'sunshine policy');
    expect(compareOnTopic).toHaveBeenCalledTimes(2);
  });

  it('keeps a separate memo for another library', () => {
    const other = { corpus, search: createSearchEngine(corpus) };
    compareEmbed(context, 'six-party talks');
    compareEmbed(other, 'six-party talks');
    expect(compareOnTopic).toHaveBeenCalledTimes(2);
  });

  it('keeps at most COMPARE_MEMO_SIZE topics', () => {
    compareEmbed(context, 'role of China');
    for (let index = 0; index < COMPARE_MEMO_SIZE; index++) compareEmbed(context, `topic ${index}`);
    const compared = vi.mocked(compareOnTopic).mock.calls.length;
    compareEmbed(context, 'role of China');
    expect(compareOnTopic).toHaveBeenCalledTimes(compared + 1);
  });
});
