import { afterEach, expect, it, vi } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { ingest } from '../../src/ingest/index.js';
import {
  Libraries,
  type LibrariesOptions,
  LibraryStore,
  readingFromIngest,
} from '../../src/library/index.js';
import { PostgresDatabase, type SqlDatabase } from '../../src/state/index.js';
import { fixture } from '../ingest/helpers.js';
import { describeEachEngine, handleOf, openAgain, openTestDatabase } from '../support/engines.js';

const shared = loadCorpus(DATA_DIR);
const opened: Libraries[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((libraries) => libraries.close()));
});

async function open(options: Omit<LibrariesOptions, 'shared' | 'sharedVisible'>): Promise<Libraries> {
  const libraries = await Libraries.open({ shared, sharedVisible: true, ...options });
  opened.push(libraries);
  return libraries;
}

async function reading(name: string, id: string) {
  const ingested = await ingest({ bytes: fixture(name), filename: name });
  return readingFromIngest(ingested, { type: 'document', title: `The ${name} reading` }, id, {
    guildId: 'g1',
    addedBy: '1',
    addedAt: 0,
  });
}

/** Counts the revision reads a store makes, to tell a revision check from trust in the last one. */
function countingRevisions(store: LibraryStore): () => number {
  let reads = 0;
  const revisions = store.revisions.bind(store);
  store.revisions = (scope) => {
    reads += 1;
    return revisions(scope);
  };
  return () => reads;
}

const READ_ALOUD = 'read aloud retold episodes';

describeEachEngine('libraries shared by processes on one database', (engine) => {
  /** Two processes' (or hosts') libraries on one database, as HTTP workers, shards or hosts have them. */
  async function twoProcesses() {
    const db = await openTestDatabase(engine, { onDisk: true });
    const again = await openAgain(db);
    let loads = 0;
    const make = (database: SqlDatabase) =>
      open({
        store: new LibraryStore(database),
        revisionCheckMs: 0,
        loadShared: () => {
          loads += 1;
          return loadCorpus(DATA_DIR);
        },
      });
    const first = await make(db);
    const second = await make(again);
    return { first, second, loads: () => loads };
  }

  it('shows a reading another process added, edited or removed at the next use, reusing what did not change', async () => {
    const { first, second } = await twoProcesses();
    expect((await second.viewFor('g1')).corpus.getDocument('notes')).toBeUndefined();
    await first.add(await reading('notes.md', 'notes'), { bytes: fixture('notes.md') });
    const seen = (await second.viewFor('g1')).corpus.getDocument('notes');
    expect(seen?.csl.title).toBe('The notes.md reading');
    expect((await second.viewFor('g1')).search.search(READ_ALOUD)[0]?.document.id).toBe('notes');

    await first.add(await reading('plain.txt', 'plain'), { bytes: fixture('plain.txt') });
    expect((await second.viewFor('g1')).corpus.getDocument('plain')).toBeDefined();
    // The reading second already held is the same object: its index segment is reused.
    expect((await second.viewFor('g1')).corpus.getDocument('notes')).toBe(seen);

    const notes = (await first.added('g1')).find((document) => document.id === 'notes');
    if (!notes) throw new Error('notes was added');
    await first.edit('g1', 'notes', { ...notes.csl, title: 'Notes, retitled' }, notes.shortTitle);
    expect((await second.viewFor('g1')).corpus.getDocument('notes')?.csl.title).toBe('Notes, retitled');

    await second.remove('g1', 'plain');
    expect((await first.viewFor('g1')).corpus.getDocument('plain')).toBeUndefined();
    expect((await first.added('g1')).map((document) => document.id)).toEqual(['notes']);
  });

  it('reads the whole catalogue again when another process changed it between two of its own changes', async () => {
    const { first, second } = await twoProcesses();
    await first.viewFor('g1');
    await second.add(await reading('notes.md', 'notes'), { bytes: fixture('notes.md') });
    // first has not looked since; its own add must not hide second's.
    await first.add(await reading('plain.txt', 'plain'), { bytes: fixture('plain.txt') });
    expect((await first.added('g1')).map((document) => document.id).sort()).toEqual(['notes', 'plain']);
  });

  it('trusts a revision check for a moment, so a burst costs one read; the change shows once it has passed', async () => {
    const db = await openTestDatabase(engine, { onDisk: true });
    let now = 0;
    const writer = await open({ store: new LibraryStore(db) });
    const store = new LibraryStore(await openAgain(db));
    const reads = countingRevisions(store);
    const reader = await open({ store, revisionCheckMs: 250, now: () => now });
    const before = reads();
    await Promise.all(Array.from({ length: 25 }, () => reader.viewFor('g1')));
    for (let i = 0; i < 25; i++) await reader.viewFor('g1');
    expect(reads() - before).toBe(1);
    await writer.add(await reading('notes.md', 'notes'), { bytes: fixture('notes.md') });
    now = 100;
    if (engine === 'sqlite') {
      // Nothing tells a SQLite process of another's change: it trusts its last check until the window passes.
      expect((await reader.viewFor('g1')).corpus.getDocument('notes')).toBeUndefined();
    } else {
      // Postgres notifies the reader, which reads the change inside the window.
      await vi.waitFor(
        async () => expect((await reader.viewFor('g1')).corpus.getDocument('notes')).toBeDefined(),
        { timeout: 10_000, interval: 20 },
      );
    }
    now = 300;
    expect((await reader.viewFor('g1')).corpus.getDocument('notes')).toBeDefined();
  });

  it("follows another process's reload of the shared library once", async () => {
    const { first, second, loads } = await twoProcesses();
    await second.viewFor('g1');
    await first.reloadShared(loadCorpus(DATA_DIR));
    expect(loads()).toBe(0);
    await second.viewFor('g1');
    await second.viewFor(null);
    expect(loads()).toBe(1);
  });

  // Only Postgres tells other hosts of a change; SQLite's processes have the revision checks above.
  it.runIf(engine === 'postgres')(
    "keeps another host's index current through its notifications, and catches up on what it missed while disconnected",
    async () => {
      const db = await openTestDatabase(engine);
      const { url, schema } = handleOf(db);
      // The reader's own connection, slow to listen again, so the change below lands while it listens to nothing.
      const readerDb = await PostgresDatabase.open({
        url: url ?? '',
        schema: schema ?? 'public',
        poolSize: 4,
        listenRetryMs: 1500,
      });
      try {
        const writer = await open({ store: new LibraryStore(await openAgain(db)) });
        const store = new LibraryStore(readerDb);
        const reads = countingRevisions(store);
        let gaps = 0;
        // An hour's trust and a clock that never moves: no revision check can explain what the reader sees.
        const reader = await open({
          store,
          revisionCheckMs: 3_600_000,
          now: () => 0,
          onMissedChanges: () => {
            gaps += 1;
          },
        });
        const hits = async () =>
          (await reader.viewFor('g1')).search.search(READ_ALOUD).map((hit) => hit.document.id);
        expect(await hits()).not.toContain('notes');
        const checked = reads();
        for (let i = 0; i < 10; i++) await hits();
        expect(reads()).toBe(checked);

        let catalogReads = 0;
        const catalog = store.catalog.bind(store);
        store.catalog = (guildId) => {
          catalogReads += 1;
          return catalog(guildId);
        };
        await writer.add(await reading('notes.md', 'notes'), { bytes: fixture('notes.md') });
        // Told, the reader refreshes its cached view at once, before anybody uses it...
        await vi.waitFor(() => expect(catalogReads).toBe(1), { timeout: 10_000, interval: 20 });
        expect(reads()).toBeGreaterThan(checked);
        // ...so the next use finds it current, without reading again.
        expect(await hits()).toContain('notes');
        expect(catalogReads).toBe(1);

        // The listening connections die (a failover, a cut): what is committed meanwhile reaches nobody.
        const listening = `LISTEN "lectern.${schema}.library"`;
        const killed = await db.all<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE query = ? AND pid <> pg_backend_pid()',
          [listening],
        );
        expect(killed).toHaveLength(2);
        await db.all(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = ? AND pid <> pg_backend_pid()',
          [listening],
        );
        await vi.waitFor(
          async () =>
            expect(
              await db.all('SELECT pid FROM pg_stat_activity WHERE query = ? AND pid <> pg_backend_pid()', [
                listening,
              ]),
            ).toEqual([]),
          { timeout: 10_000, interval: 10 },
        );
        expect(gaps).toBe(0);
        await writer.remove('g1', 'notes');
        // Back, the reader is told it may have missed something, and reads what it did.
        await vi.waitFor(() => expect(gaps).toBe(1), { timeout: 10_000, interval: 20 });
        await vi.waitFor(async () => expect(await hits()).not.toContain('notes'), {
          timeout: 10_000,
          interval: 20,
        });
        // And it listens again: the next change arrives by notification.
        await writer.add(await reading('plain.txt', 'plain'), { bytes: fixture('plain.txt') });
        await vi.waitFor(
          async () => expect((await reader.viewFor('g1')).corpus.getDocument('plain')).toBeDefined(),
          { timeout: 10_000, interval: 20 },
        );
        // A reload of the shared library is told the same way, and is no gap.
        const beforeReload = reads();
        await writer.reloadShared(shared);
        await vi.waitFor(
          async () => {
            await reader.viewFor('g1');
            expect(reads()).toBeGreaterThan(beforeReload);
          },
          { timeout: 10_000, interval: 20 },
        );
        expect(gaps).toBe(1);
      } finally {
        await Promise.all(opened.splice(0).map((libraries) => libraries.close()));
        await readerDb.close();
      }
    },
  );
});
