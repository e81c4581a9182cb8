import { describe, expect, it } from 'vitest';
import {
  CompareError,
  type Comparison,
  compareDocuments,
  type Excerpt,
  notAddressedMessage,
  sameFamily,
  type TopicComparison,
} from '../../src/compare/index.js';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import type { Corpus, LibraryDocument } from '../../src/corpus/types.js';
import { createSearchEngine } from '../../src/search/index.js';
import type { Searcher } from '../../src/search/types.js';
import { libraryAnalysis, thesisSentence } from '../../src/summary/index.js';
import { termOverlapSearcher } from './fake-searcher.js';

const corpus = loadCorpus(DATA_DIR);
const full = corpus.documents.find((entry) => entry.fullText) as LibraryDocument;
const partial = corpus.documents.find((entry) => !entry.fullText) as LibraryDocument;
const pair: [string, string] = [full.id, partial.id];

const searchers: Array<[string, Searcher]> = [
  ['the search engine', createSearchEngine(corpus)],
  ['a term-overlap searcher', termOverlapSearcher(corpus)],
];

function expectVerbatim(excerpt: Excerpt, source: Corpus = corpus) {
  const cited = source.getPassage(excerpt.passageId);
  expect(cited, excerpt.passageId).toBeDefined();
  expect(cited?.text.slice(excerpt.start, excerpt.end)).toBe(excerpt.text);
  expect(cited?.locator).toBe(excerpt.locator);
}

function topicComparison(searcher: Searcher, topic: string): TopicComparison {
  const comparison = compareDocuments(corpus, searcher, pair, topic);
  expect(comparison.kind).toBe('topic');
  return comparison as TopicComparison;
}

/** Which side holds a phrase in its own argument (paragraphs, abstract), worked out from the data. */
const argues = (entry: LibraryDocument, phrase: string) =>
  entry.passages.some(
    (item) => (item.kind === 'paragraph' || item.kind === 'abstract') && item.text.includes(phrase),
  );

describe.each(searchers)('compareDocuments on a topic, with %s', (_name, searcher) => {
  it('Nunn-Lugar: only the article that names it addresses it', () => {
    expect(argues(partial, 'Nunn-Lugar')).toBe(true);
    expect(argues(full, 'Nunn-Lugar')).toBe(false);
    const [fullSide, partialSide] = topicComparison(searcher, 'Nunn-Lugar').sides;
    expect(fullSide.addressed).toBe(false);
    expect(partialSide.addressed).toBe(true);
    if (partialSide.addressed) {
      expect(partialSide.passages[0]?.excerpt.text).toContain('Nunn-Lugar');
      expect(partialSide.passages[0]?.kind).toBe('abstract');
    }
  });

  it('Security Council: only the commentary addresses it; a cited title does not count', () => {
    expect(argues(full, 'Security Council')).toBe(true);
    expect(argues(partial, 'Security Council')).toBe(false);
    const [fullSide, partialSide] = topicComparison(searcher, 'Security Council').sides;
    expect(fullSide.addressed).toBe(true);
    expect(partialSide.addressed).toBe(false);
    if (fullSide.addressed) {
      for (const item of fullSide.passages) expect(item.excerpt.text).toMatch(/Security Council/);
    }
  });

  it('coercion: both address it, each quoted in its own words', () => {
    const comparison = topicComparison(searcher, 'coercion');
    for (const side of comparison.sides) {
      expect(side.addressed, side.documentId).toBe(true);
      if (!side.addressed) continue;
      expect(side.passages.length).toBeGreaterThanOrEqual(1);
      expect(side.passages.length).toBeLessThanOrEqual(2);
      for (const item of side.passages) {
        expect(item.excerpt.text.toLowerCase()).toMatch(/coerc/);
        expect(corpus.getPassage(item.passageId)?.documentId).toBe(side.documentId);
      }
    }
  });

  it('quotes every excerpt verbatim from the passage it cites, a sentence or two long', () => {
    for (const topic of [
      'Nunn-Lugar',
      'Security Council',
      'coercion',
      'engagement',
      'sanctions',
      'military',
    ]) {
      for (const side of topicComparison(searcher, topic).sides) {
        if (!side.addressed) continue;
        for (const item of side.passages) {
          expectVerbatim(item.excerpt);
          expect(item.locator).toBe(item.excerpt.locator);
          const cited = corpus.getPassage(item.passageId);
          const spans = cited?.sentences.filter(
            (span) => span.start < item.excerpt.end && span.end > item.excerpt.start,
          );
          expect(spans?.length).toBeGreaterThanOrEqual(1);
          expect(spans?.length).toBeLessThanOrEqual(2);
        }
        for (const work of side.citedWorks) expect(corpus.getPassage(work.passageId)?.text).toBe(work.text);
      }
    }
  });

  it('says "not addressed" for an off-topic question rather than showing a filler passage', () => {
    for (const side of topicComparison(searcher, 'photosynthesis chlorophyll').sides) {
      expect(side.addressed).toBe(false);
    }
  });

  it('without a topic: theses, unique and shared terms, and each side on coercion and engagement', () => {
    const comparison = compareDocuments(corpus, searcher, pair) as Extract<Comparison, { kind: 'overview' }>;
    expect(comparison.kind).toBe('overview');
    const counters = comparison.sides.map(
      (side) => libraryAnalysis(corpus).documents.get(side.documentId)?.terms,
    );
    comparison.sides.forEach((side, index) => {
      expect(side.thesis).toEqual(thesisSentence(corpus, side.documentId));
      if (side.thesis) expectVerbatim(side.thesis);
      expect(side.uniqueTerms.length).toBeGreaterThan(0);
      for (const term of side.uniqueTerms) {
        expect(counters[index]?.counts.get(term.key)).toBe(term.count);
        expect(counters[1 - index]?.counts.get(term.key) ?? 0).toBe(0);
      }
      for (const [theme, family] of [
        [side.coercion, /coerc/i],
        [side.engagement, /engag/i],
      ] as const) {
        expect(theme.addressed, `${side.documentId} ${family}`).toBe(true);
        if (!theme.addressed) continue;
        expectVerbatim(theme.quotation);
        expect(theme.quotation.text).toMatch(family);
        expect(corpus.getPassage(theme.quotation.passageId)?.documentId).toBe(side.documentId);
      }
    });
    expect(comparison.sharedTerms.length).toBeGreaterThan(0);
    for (const shared of comparison.sharedTerms) {
      expect(shared.counts[0]).toBeGreaterThan(0);
      expect(shared.counts[1]).toBeGreaterThan(0);
    }
  });
});

describe('compareDocuments: input and wording', () => {
  const searcher = termOverlapSearcher(corpus);

  it('refuses an unknown document and a document compared with itself', () => {
    expect(() => compareDocuments(corpus, searcher, [full.id, 'no-such-doc'], 'coercion')).toThrow(
      CompareError,
    );
    expect(() => compareDocuments(corpus, searcher, [full.id, full.id], 'coercion')).toThrow(CompareError);
  });

  it('treats a blank topic as no topic', () => {
    expect(compareDocuments(corpus, searcher, pair, '   ').kind).toBe('overview');
  });

  it('shows a second passage only when it is nearly as relevant as the first', () => {
    const engine = createSearchEngine(corpus);
    for (const topic of ['coercion', 'Security Council', 'engagement', 'nuclear test']) {
      for (const side of topicComparison(engine, topic).sides) {
        if (!side.addressed || side.passages.length < 2) continue;
        const [first, second] = side.passages;
        expect(second?.score ?? 0).toBeGreaterThanOrEqual((first?.score ?? 0) * 0.5);
      }
    }
  });

  it('adds the coverage caveat to "not addressed" only for a partial document', () => {
    const [fullSide, partialSide] = topicComparison(searcher, 'photosynthesis').sides;
    expect(notAddressedMessage(fullSide, 'photosynthesis')).toBe(
      `${full.shortTitle} does not address “photosynthesis” in the corpus.`,
    );
    const message = notAddressedMessage(partialSide, 'photosynthesis');
    expect(message.startsWith(`${partial.shortTitle} does not address`)).toBe(true);
    expect(message).toContain(partial.coverageNote ?? 'full text is not in the corpus');
  });

  it('lists cited works only when their title carries every word of the topic', () => {
    const engine = createSearchEngine(corpus);
    const side = topicComparison(engine, 'coercive diplomacy').sides[1];
    for (const work of side.citedWorks) expect(work.text.toLowerCase()).toMatch(/coerc[\s\S]*diplomac/);
    const titled = partial.references.filter((entry) => /coerc/i.test(entry.csl.title ?? ''));
    expect(side.citedWorks.length).toBe(
      Math.min(3, titled.filter((entry) => /diploma/i.test(entry.csl.title ?? '')).length),
    );
  });
});

describe('sameFamily', () => {
  it('joins stems of one word family and keeps unrelated words apart', () => {
    expect(sameFamily('coerciv', 'coercion')).toBe(true);
    expect(sameFamily('engag', 'engagement')).toBe(true);
    expect(sameFamily('secur', 'security')).toBe(true);
    expect(sameFamily('nation', 'nature')).toBe(false);
    expect(sameFamily('test', 'testimoni')).toBe(false);
    expect(sameFamily('provoc', 'proliferation')).toBe(false);
  });
});
