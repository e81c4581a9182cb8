import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { compareOverall } from '../../src/extract/compare.js';
import { summarize } from '../../src/extract/summary.js';
import { createSearchEngine } from '../../src/search/index.js';
import type { Searcher } from '../../src/search/types.js';

const corpus = loadCorpus(DATA_DIR);

describe('work done once per loaded corpus', () => {
  it('summarises a document once per length, and again for another corpus', () => {
    const [document] = corpus.documents;
    if (!document) throw new Error('empty library');
    const first = summarize(document, corpus, 'short');
    expect(summarize(document, corpus, 'short')).toBe(first);
    expect(summarize(document, corpus, 'long')).not.toBe(first);
    const reloaded = loadCorpus(DATA_DIR);
    const again = summarize(reloaded.getDocument(document.id) ?? document, reloaded, 'short');
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it('compares the same documents once: the second /compare runs no searches', () => {
    const engine = createSearchEngine(corpus);
    let searches = 0;
    const counting: Searcher = {
      ...engine,
      search: (...args: Parameters<Searcher['search']>) => {
        searches++;
        return engine.search(...args);
      },
    };
    const documents = corpus.documents.slice(0, 6);
    const first = compareOverall(corpus, counting, documents);
    const searchesForOne = searches;
    expect(searchesForOne).toBeGreaterThan(0);
    expect(compareOverall(corpus, counting, documents)).toBe(first);
    expect(searches).toBe(searchesForOne);
    compareOverall(corpus, counting, documents.slice(0, 1));
    expect(searches).toBeGreaterThan(searchesForOne);
  });
});
