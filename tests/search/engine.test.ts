import { describe, expect, it } from 'vitest';
import {
  createSearchEngine,
  EXCERPT_MAX_CHARS,
  foldSpelling,
  processTerm,
  SnapshotError,
} from '../../src/search/index.js';
import { fixtureCorpus, fixtureDocument } from './fixtures.js';

const long = Array.from(
  { length: 12 },
  (_, index) => `Filler sentence number ${index} talks about regional weather and harvests in general terms.`,
).join(' ');

const corpus = fixtureCorpus([
  fixtureDocument('alpha', [
    'The Security Council should consider every option to keep the peninsula at peace.',
    'Sanctions were followed by dialogue, and dialogue by provocations, in a vicious cycle.',
    `${long} The denuclearization of the region needs a verification regime. ${long}`,
  ]),
  fixtureDocument('beta', [
    'The Nunn-Lugar programme dismantled weapons with cooperative threat reduction.',
    'Positive engagement relies on aid, deterrence and genuine negotiation.',
  ]),
]);
const engine = createSearchEngine(corpus);

describe('term processing', () => {
  it('folds British spellings onto American ones before stemming', () => {
    expect(foldSpelling('denuclearisation')).toBe('denuclearization');
    expect(foldSpelling('behaviour')).toBe('behavior');
    expect(foldSpelling('programme')).toBe('program');
    expect(foldSpelling('four')).toBe('four');
    expect(processTerm('organised')).toBe(processTerm('organized'));
  });

  it('drops stop words but keeps "US" the country apart from "us"', () => {
    expect(processTerm('the')).toBeNull();
    expect(processTerm('us')).toBeNull();
    expect(processTerm('US')).toBe('usa');
  });

  it('stems inflections and word families to one term', () => {
    expect(processTerm('sanctions')).toBe(processTerm('sanction'));
    expect(processTerm('coercion')).toBe(processTerm('coercive'));
  });
});

describe('search', () => {
  it('finds a passage through a British spelling', () => {
    expect(engine.search('denuclearisation')[0]?.passage.id).toBe('alpha#p3');
  });

  it('finds Nunn-Lugar despite a typo', () => {
    expect(engine.search('Nun Lugar')[0]?.passage.id).toBe('beta#p1');
  });

  it('matches a half-typed word by prefix', () => {
    expect(engine.search('provoca')[0]?.passage.id).toBe('alpha#p2');
  });

  it('bridges a reader’s word to the text’s word through the thesaurus', () => {
    expect(engine.search('carrots and incentives')[0]?.passage.id).toBe('beta#p2');
  });

  it('filters by document', () => {
    expect(engine.search('Nunn-Lugar', { documentId: 'alpha' })).toEqual([]);
    const hits = engine.search('dialogue negotiation', { documentId: 'beta' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.document.id === 'beta')).toBe(true);
  });

  it('filters by predicate', () => {
    const hits = engine.search('Security Council', { filter: (passage) => passage.id !== 'alpha#p1' });
    expect(hits.map((hit) => hit.passage.id)).not.toContain('alpha#p1');
  });

  it('returns nothing for off-topic queries instead of the least-bad passage', () => {
    expect(engine.search('basketball playoffs')).toEqual([]);
    expect(engine.search('photosynthesis')).toEqual([]);
    expect(engine.search('weather in the peninsula tomorrow morning forecast')).toEqual([]);
  });

  it('ranks passages whose matching words stand close together higher', () => {
    const near = fixtureDocument('near', ['Military option discussed here at length, nothing more.']);
    const far = fixtureDocument('far', [
      'The military is large. Many things are said. Much later an option appears, nothing more.',
    ]);
    const proximityEngine = createSearchEngine(fixtureCorpus([far, near]));
    expect(proximityEngine.search('military option').map((hit) => hit.document.id)).toEqual(['near', 'far']);
  });

  it('centres a short excerpt on the best sentence, cut at word boundaries', () => {
    const [hit] = engine.search('verification regime');
    expect(hit?.passage.id).toBe('alpha#p3');
    expect(hit?.excerpt.length).toBeLessThanOrEqual(EXCERPT_MAX_CHARS + 2);
    expect(hit?.excerpt).toContain('verification regime');
    expect(hit?.excerpt.startsWith('…')).toBe(true);
    expect(hit?.excerpt.endsWith('…')).toBe(true);
    const inner = hit?.excerpt.slice(1, -1) ?? '';
    expect(hit?.passage.text).toContain(inner);
  });

  it('marks matched words in the segments', () => {
    const [hit] = engine.search('sanctions dialogue');
    const matched = hit?.segments
      .filter((segment) => segment.match)
      .map((segment) => segment.text.toLowerCase());
    expect(matched).toContain('sanctions');
    expect(matched).toContain('dialogue');
    expect(hit?.segments.map((segment) => segment.text).join('')).toBe(hit?.excerpt);
  });

  it('survives hostile input', () => {
    const hostile = [
      '',
      '   ',
      '@everyone <@123456789012345678>',
      '```js\nalert(1)\n```',
      `${'a'.repeat(6000)}`,
      '\u202Egnirts desrever\u202C \u200B\u200Bzero width',
      'AND OR NOT " * ~ ^ ( ) : -',
      '𝔐𝔦𝔩𝔦𝔱𝔞𝔯𝔶 option 🙂',
    ];
    for (const query of hostile) expect(() => engine.search(query)).not.toThrow();
    expect(engine.search('𝔖𝔢𝔠𝔲𝔯𝔦𝔱𝔶 𝔆𝔬𝔲𝔫𝔠𝔦𝔩')[0]?.passage.id).toBe('alpha#p1');
  });

  it('suggests completions from the index', () => {
    const suggestions = engine.suggest('provoc');
    expect(suggestions.some((suggestion) => suggestion.startsWith('provocation'))).toBe(true);
    expect(engine.suggest('nunn', { documentId: 'alpha' })).toEqual([]);
  });

  it('completes the last word of a phrase only where the earlier words stand with it', () => {
    expect(engine.suggest('security coun')).toEqual(['security council']);
    expect(engine.suggest('nunn coun')).toEqual([]);
    expect(engine.suggest('zzyzx coun')).toEqual([]);
  });

  it('explains an empty result with spelling suggestions and related terms', () => {
    const help = engine.explainNoResults('sanctoins');
    expect(help.spelling).toContain('sanctions');
    expect(engine.explainNoResults('bribes carrots').related).toContain('aid');
  });
});

describe('snapshots', () => {
  it('round-trips through a snapshot with identical results', () => {
    const snapshot = JSON.parse(JSON.stringify(engine.toSnapshot()));
    const restored = createSearchEngine(corpus, snapshot);
    for (const query of ['Security Council', 'Nun Lugar', 'denuclearisation', 'aid deterrence']) {
      expect(restored.search(query).map((hit) => [hit.passage.id, hit.score])).toEqual(
        engine.search(query).map((hit) => [hit.passage.id, hit.score]),
      );
    }
  });

  it('refuses a snapshot of another library', () => {
    const other = createSearchEngine(fixtureCorpus([fixtureDocument('gamma', ['One passage only.'])]));
    expect(() => createSearchEngine(corpus, other.toSnapshot())).toThrow(SnapshotError);
  });

  it('refuses a snapshot of another version', () => {
    const snapshot = { ...engine.toSnapshot(), version: 0 };
    expect(() => createSearchEngine(corpus, snapshot)).toThrow(SnapshotError);
  });
});
