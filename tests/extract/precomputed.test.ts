import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { compareOverall } from '../../src/extract/compare.js';
import { summarize } from '../../src/extract/summary.js';

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

  it('compares the same documents once, and again for another set', () => {
    const documents = corpus.documents.slice(0, 6);
    const first = compareOverall(corpus, documents);
    expect(compareOverall(corpus, documents)).toBe(first);
    const one = compareOverall(corpus, documents.slice(0, 1));
    expect(one).not.toBe(first);
    const reloaded = loadCorpus(DATA_DIR);
    const again = compareOverall(reloaded, reloaded.documents.slice(0, 6));
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });
});
