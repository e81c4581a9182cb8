import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { ingest } from '../../src/ingest/index.js';
import { Libraries, LibraryStore, readingFromIngest } from '../../src/library/index.js';
import { openDatabase } from '../../src/state/index.js';
import { fixture } from '../ingest/helpers.js';

const shared = loadCorpus(DATA_DIR);
let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function reading(name: string, id: string) {
  const ingested = await ingest({ bytes: fixture(name), filename: name });
  return readingFromIngest(ingested, { type: 'document', title: `The ${name} reading` }, id, {
    guildId: 'g1',
    addedBy: '1',
    addedAt: 0,
  });
}

/** Two processes' libraries on one database file, as HTTP workers or shards have them. */
function twoProcesses() {
  dir = mkdtempSync(path.join(tmpdir(), 'lectern-libraries-shared-'));
  const file = path.join(dir, 'state.sqlite');
  let loads = 0;
  const make = () =>
    new Libraries({
      shared,
      sharedVisible: true,
      store: new LibraryStore(openDatabase(file)),
      revisionCheckMs: 0,
      loadShared: () => {
        loads += 1;
        return loadCorpus(DATA_DIR);
      },
    });
  const first = make();
  const second = make();
  return { first, second, loads: () => loads };
}

describe('libraries shared by processes on one database', () => {
  it('shows a reading another process added, edited or removed at the next use, reusing what did not change', async () => {
    const { first, second } = twoProcesses();
    expect(second.viewFor('g1').corpus.getDocument('notes')).toBeUndefined();
    first.add(await reading('notes.md', 'notes'), { bytes: fixture('notes.md') });
    const seen = second.viewFor('g1').corpus.getDocument('notes');
    expect(seen?.csl.title).toBe('The notes.md reading');
    expect(second.viewFor('g1').search.search('read aloud retold episodes')[0]?.document.id).toBe('notes');

    first.add(await reading('plain.txt', 'plain'), { bytes: fixture('plain.txt') });
    expect(second.viewFor('g1').corpus.getDocument('plain')).toBeDefined();
    // The reading second already held is the same object: its index segment is reused.
    expect(second.viewFor('g1').corpus.getDocument('notes')).toBe(seen);

    const notes = first.added('g1').find((document) => document.id === 'notes');
    if (!notes) throw new Error('notes was added');
    first.edit('g1', 'notes', { ...notes.csl, title: 'Notes, retitled' }, notes.shortTitle);
    expect(second.viewFor('g1').corpus.getDocument('notes')?.csl.title).toBe('Notes, retitled');

    second.remove('g1', 'plain');
    expect(first.viewFor('g1').corpus.getDocument('plain')).toBeUndefined();
    expect(first.added('g1').map((document) => document.id)).toEqual(['notes']);
  });

  it('reads the whole catalogue again when another process changed it between two of its own changes', async () => {
    const { first, second } = twoProcesses();
    first.viewFor('g1');
    second.add(await reading('notes.md', 'notes'), { bytes: fixture('notes.md') });
    // first has not looked since; its own add must not hide second's.
    first.add(await reading('plain.txt', 'plain'), { bytes: fixture('plain.txt') });
    expect(
      first
        .added('g1')
        .map((document) => document.id)
        .sort(),
    ).toEqual(['notes', 'plain']);
  });

  it('trusts a revision check for a moment, so a burst costs one read; the change shows once it has passed', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lectern-libraries-shared-'));
    const file = path.join(dir, 'state.sqlite');
    let now = 0;
    const writer = new Libraries({
      shared,
      sharedVisible: true,
      store: new LibraryStore(openDatabase(file)),
    });
    const store = new LibraryStore(openDatabase(file));
    let reads = 0;
    const revisions = store.revisions.bind(store);
    store.revisions = (scope) => {
      reads += 1;
      return revisions(scope);
    };
    const reader = new Libraries({
      shared,
      sharedVisible: true,
      store,
      revisionCheckMs: 250,
      now: () => now,
    });
    reads = 0;
    for (let i = 0; i < 50; i++) reader.viewFor('g1');
    expect(reads).toBe(1);
    writer.add(await reading('notes.md', 'notes'), { bytes: fixture('notes.md') });
    now = 100;
    expect(reader.viewFor('g1').corpus.getDocument('notes')).toBeUndefined();
    now = 300;
    expect(reader.viewFor('g1').corpus.getDocument('notes')).toBeDefined();
  });

  it("follows another process's reload of the shared library once", () => {
    const { first, second, loads } = twoProcesses();
    second.viewFor('g1');
    first.reloadShared(loadCorpus(DATA_DIR));
    expect(loads()).toBe(0);
    second.viewFor('g1');
    second.viewFor(null);
    expect(loads()).toBe(1);
  });
});
