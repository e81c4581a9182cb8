import { afterEach, expect, it, vi } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import type { LibraryDocument } from '../../src/corpus/types.js';
import { ingest } from '../../src/ingest/index.js';
import { Libraries, LibraryStore, readingFromIngest } from '../../src/library/index.js';
import { tokenize } from '../../src/text/index.js';
import { fixture } from '../ingest/helpers.js';
import { describeEachEngine, openTestDatabase } from '../support/engines.js';

// Wrapped so the test can see which passages the index tokenizes when a server's library changes.
vi.mock('../../src/text/index.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/text/index.js')>();
  return { ...actual, tokenize: vi.fn(actual.tokenize) };
});
afterEach(() => {
  vi.mocked(tokenize).mockClear();
});

function tokenizedPassages(documents: readonly LibraryDocument[]): number {
  const texts = new Set(documents.flatMap((document) => document.passages.map((passage) => passage.text)));
  return vi.mocked(tokenize).mock.calls.filter(([text]) => texts.has(text)).length;
}

async function reading(name: string, id: string) {
  const ingested = await ingest({ bytes: fixture(name), filename: name });
  return readingFromIngest(ingested, { type: 'document', title: name }, id, {
    guildId: 'g1',
    addedBy: '1',
    addedAt: 0,
  });
}

describeEachEngine('a server library changes live, without rebuilding its index', (engine) => {
  it('tokenizes only the reading added, never the shared library or the readings already there', async () => {
    const shared = loadCorpus(DATA_DIR);
    const libraries = await Libraries.open({
      shared,
      sharedVisible: true,
      store: new LibraryStore(await openTestDatabase(engine)),
    });
    const notes = await reading('notes.md', 'notes');
    await libraries.add(notes, { bytes: fixture('notes.md') });
    await libraries.viewFor('g1');
    vi.mocked(tokenize).mockClear();

    const plain = await reading('plain.txt', 'plain');
    vi.mocked(tokenize).mockClear();
    await libraries.add(plain, { bytes: fixture('plain.txt') });
    const view = await libraries.viewFor('g1');
    expect(view.search.search('second paragraph is short')[0]?.document.id).toBe('plain');
    expect(tokenizedPassages(shared.documents)).toBe(0);
    expect(tokenizedPassages([notes])).toBe(0);
    expect(tokenizedPassages([plain])).toBeGreaterThan(0);

    vi.mocked(tokenize).mockClear();
    await libraries.remove('g1', 'plain');
    expect(
      (await libraries.viewFor('g1')).search
        .search('second paragraph is short')
        .map((hit) => hit.document.id),
    ).not.toContain('plain');
    expect(tokenizedPassages([...shared.documents, notes])).toBe(0);
    await libraries.close();
  });
});
