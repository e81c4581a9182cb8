import { afterEach, describe, expect, it, vi } from 'vitest';
import { corpusOf } from '../../src/corpus/corpus.js';
import type { LibraryDocument } from '../../src/corpus/types.js';
import { createSearchEngine, SnapshotError } from '../../src/search/engine.js';
import { segmentFor, segmentFromJSON, segmentToJSON } from '../../src/search/segments.js';
import { tokenize } from '../../src/text/index.js';
import { fixtureDocument } from './fixtures.js';

// Wrapped so the tests can see which texts get tokenized for the index.
vi.mock('../../src/text/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/text/index.js')>();
  return { ...actual, tokenize: vi.fn(actual.tokenize) };
});

afterEach(() => {
  vi.mocked(tokenize).mockClear();
});

/** How many times the index tokenized the text of one of these documents' passages. */
function tokenizedPassages(documents: readonly LibraryDocument[]): number {
  const texts = new Set(documents.flatMap((document) => document.passages.map((passage) => passage.text)));
  return vi.mocked(tokenize).mock.calls.filter(([text]) => texts.has(text)).length;
}

const park = fixtureDocument(
  'park',
  [
    'The Security Council should give up sanctions and try engagement with the North.',
    'Deterrence and aid together make coercive engagement.',
  ],
  { csl: { id: 'park', type: 'report', title: 'Park', author: [{ given: 'Jinho', family: 'Park' }] } },
);
const jung = fixtureDocument('jung', [
  'Denuclearization comes before any peace treaty.',
  'Sanctions alone have not stopped the tests.',
  'Engagement failed twice.',
]);
const reading = fixtureDocument('reading', ['A reading on sanctions, deterrence and the peace treaty.']);

describe('segments are built once per document and shared by every view', () => {
  it('tokenizes only the document a view gains', () => {
    const shared = corpusOf([park, jung]);
    const before = createSearchEngine(shared);
    expect(tokenizedPassages([park, jung])).toBe(5);
    vi.mocked(tokenize).mockClear();

    const grown = createSearchEngine(corpusOf([park, jung, reading]));
    expect(tokenizedPassages([park, jung])).toBe(0);
    expect(tokenizedPassages([reading])).toBe(1);
    expect(grown.passageCount).toBe(before.passageCount + 1);
    expect(grown.search('peace treaty sanctions')[0]?.passage.id).toBe('reading#p1');
    expect(segmentFor(park)).toBe(segmentFor(park));
  });

  it('rebuilds the segment of an edited document, a new object, and nothing else', () => {
    createSearchEngine(corpusOf([park, jung, reading]));
    vi.mocked(tokenize).mockClear();
    const edited: LibraryDocument = {
      ...reading,
      csl: { ...reading.csl, author: [{ given: 'Mira', family: 'Solberg' }] },
    };
    const engine = createSearchEngine(corpusOf([park, jung, edited]));
    expect(tokenizedPassages([park, jung])).toBe(0);
    expect(tokenizedPassages([edited])).toBe(1);
    expect(engine.authoredDocuments('Solberg').map((document) => document.id)).toEqual(['reading']);
    expect(segmentFor(edited)).not.toBe(segmentFor(reading));
  });
});

describe('segment JSON', () => {
  it('restores a segment that answers as the one it was made from, without tokenizing', () => {
    const stored = JSON.parse(JSON.stringify(segmentToJSON(segmentFor(jung))));
    // As after a restart: the same document read again is a new object with no segment yet.
    const reloaded: LibraryDocument = structuredClone(jung);
    const snapshot = createSearchEngine(corpusOf([park, jung])).toSnapshot();
    snapshot.segments[1] = stored;
    vi.mocked(tokenize).mockClear();
    const restored = createSearchEngine(corpusOf([park, reloaded]), snapshot);
    expect(tokenizedPassages([reloaded, park])).toBe(0);
    const original = createSearchEngine(corpusOf([park, jung]));
    for (const query of ['sanctions tests', 'engagement', 'peace treaty', 'Park', 'sanctoins']) {
      expect(restored.search(query).map((hit) => [hit.passage.id, hit.score, hit.excerpt])).toEqual(
        original.search(query).map((hit) => [hit.passage.id, hit.score, hit.excerpt]),
      );
      expect(restored.explainNoResults(query)).toEqual(original.explainNoResults(query));
    }
    expect(restored.suggest('eng')).toEqual(original.suggest('eng'));
    // The restored segment is now the reloaded document's, for the next view that holds it.
    vi.mocked(tokenize).mockClear();
    createSearchEngine(corpusOf([reloaded, reading]));
    expect(tokenizedPassages([reloaded])).toBe(0);
  });

  it('refuses a segment made from another document or by another version', () => {
    const stored = segmentToJSON(segmentFor(jung));
    expect(() => segmentFromJSON(stored, park)).toThrow(SnapshotError);
    expect(() => segmentFromJSON({ ...stored, version: 2 }, jung)).toThrow(SnapshotError);
    const shorter: LibraryDocument = { ...jung, passages: jung.passages.slice(1) };
    expect(() => segmentFromJSON(stored, shorter)).toThrow(SnapshotError);
  });
});
