import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { createSearchEngine, type SearchHit } from '../../src/search/index.js';
import { processTerm } from '../../src/text/index.js';
import { LONG_SECURITY_COUNCIL } from '../quality/search-cases.js';
import { fixtureCorpus, fixtureDocument } from './fixtures.js';

/** Search that finds what was asked, on the real library (trust issue §1). */
const corpus = loadCorpus(DATA_DIR);
const engine = createSearchEngine(corpus);
const ids = (hits: SearchHit[]) => hits.map((hit) => hit.passage.id);
const bold = (hit: SearchHit | undefined) =>
  (hit?.segments ?? []).filter((segment) => segment.match).map((segment) => segment.text.toLowerCase());
const holds = (hit: SearchHit, word: string) =>
  hit.passage.text.split(/[^\p{L}]+/u).some((token) => processTerm(token) === processTerm(word));

/** No passage lacking the word ranks above one holding it. */
function namesFirst(hits: SearchHit[], word: string) {
  const holding = hits.map((hit) => holds(hit, word));
  const firstWithout = holding.indexOf(false);
  if (firstWithout >= 0) expect(holding.slice(firstWithout)).not.toContain(true);
  expect(holding[0]).toBe(true);
}

describe('names in the query are matched', () => {
  it('What role should China play? leads with the passages naming China', () => {
    const hits = engine.search('What role should China play?');
    namesFirst(hits, 'China');
    expect(ids(hits).slice(0, 2)).toEqual(expect.arrayContaining(['park-2013#p2', 'park-2013#p3']));
  });

  it('a mistyped name (Security Counsel) leads with the Security Council, not the White House strategy', () => {
    const hits = engine.search('Security Counsel');
    namesFirst(hits, 'Council');
    expect(ids(hits)).not.toContain('jung-2013#ref45');
  });

  it('Kim Jong Un is the leader, not the United Nations', () => {
    const [hit] = engine.search('Kim Jong Un');
    expect(hit?.passage.id).toBe('park-2013#p1');
    expect(bold(hit)).not.toContain('united');
    expect(bold(hit)).not.toContain('national');
  });
});

describe('long questions', () => {
  const question = LONG_SECURITY_COUNCIL;

  it('are answered from their informative words', () => {
    expect(question.length).toBeGreaterThan(600);
    const hits = engine.search(question, { limit: 5 });
    expect(hits[0]?.passage.id).toBe('park-2013#p5');
    expect(ids(hits)).toContain('park-2013#p3');
  });
});

describe('typos are corrected, not guessed', () => {
  it('coersive engagment leads with passages holding "coercive engagement"', () => {
    const hits = engine.search('coersive engagment', { limit: 3 });
    expect(hits).toHaveLength(3);
    for (const hit of hits) expect(hit.passage.text).toMatch(/coercive engagement/i);
  });

  it('a correction alone admits nothing when the query has no real match', () => {
    expect(engine.search('photosynthesis in plants')).toEqual([]);
    expect(engine.explainNoResults('sanctoins').spelling).toContain('sanctions');
  });
});

describe('the word typed beats related words', () => {
  it('transparency centres the abstract on the sentence that says it, and bolds only it', () => {
    const hits = engine.search('transparency');
    const [hit] = hits;
    expect(hit?.passage.id).toBe('jung-2013#abstract');
    expect(hit?.excerpt).toContain('with a strong emphasis on transparency');
    expect(bold(hit)).toEqual(['transparency']);
    const best = hit?.sentenceWindow.best ?? -1;
    const sentence = hit?.passage.sentences[best];
    expect(hit?.passage.text.slice(sentence?.start, sentence?.end)).toContain('transparency');
    expect(ids(hits).indexOf('park-2013#p5')).not.toBe(2);
  });

  it('denuclearisation does not bold "give"', () => {
    for (const hit of engine.search('denuclearisation')) expect(bold(hit)).not.toContain('give');
  });
});

describe('a relative floor', () => {
  const filler = Array.from({ length: 40 }, (_, index) => `word${index} harvest weather`).join(' ');
  const floorEngine = createSearchEngine(
    fixtureCorpus([
      fixtureDocument('strong', ['Sanctions and the verification regime: sanctions tied to verification.']),
      fixtureDocument('weak', [`${filler} sanctions ${filler}.`]),
    ]),
  );

  it('drops a result far below the first, which the absolute floor alone would show', () => {
    expect(ids(floorEngine.search('sanctions verification'))).toEqual(['strong#p1']);
    const alone = floorEngine.search('sanctions verification', {
      filter: (passage) => passage.documentId !== 'strong',
    });
    expect(ids(alone)).toEqual(['weak#p1']);
    expect(ids(floorEngine.search('sanctions'))).toEqual(['strong#p1', 'weak#p1']);
  });
});

describe('arguments before bibliography', () => {
  it('what an author thinks comes from their own text', () => {
    const hits = engine.search('Does Jung think sanctions work?');
    expect(hits[0]?.passage.id).toBe('jung-2013#abstract');
  });

  it('what an author cites comes from the reference list', () => {
    const hits = engine.search('what sources does Jung cite on sanctions', { limit: 2 });
    expect(hits.map((hit) => hit.passage.kind)).toEqual(['reference', 'reference']);
    expect(ids(hits)).toEqual(expect.arrayContaining(['jung-2013#ref3', 'jung-2013#ref33']));
  });
});

describe('authors are findable', () => {
  it.each(['Park', 'Who is Jinho Park?'])('%s finds Park’s own passages first', (query) => {
    const hits = engine.search(query, { limit: 7 });
    expect(hits.length).toBe(7);
    for (const hit of hits) expect(hit.document.id).toBe('park-2013');
  });

  it.each(['Park', 'Who is Jinho Park?', 'jinho park'])(
    '%s asks for the library entry of Park’s document',
    (query) => {
      expect(engine.authoredDocuments(query).map((document) => document.id)).toEqual(['park-2013']);
    },
  );

  it.each(['What does Park propose about the Security Council?', 'Park sanctions', 'sunshine policy'])(
    '%s asks about more than who wrote it, so no library entry leads',
    (query) => {
      expect(engine.authoredDocuments(query)).toEqual([]);
    },
  );
});

describe('sentence windows', () => {
  it('name the sentences the excerpt shows', () => {
    for (const hit of engine.search('coercive engagement persuasive', { limit: 10 })) {
      const { first, last, best } = hit.sentenceWindow;
      expect(first).toBeLessThanOrEqual(best);
      expect(best).toBeLessThanOrEqual(last);
      const start = hit.passage.sentences[first]?.start ?? 0;
      const end = hit.passage.sentences[last]?.end ?? hit.passage.text.length;
      const shown = hit.excerpt.replace(/^…|…$/g, '');
      expect(hit.passage.text.slice(start, end)).toContain(shown.slice(0, 40));
    }
  });
});
