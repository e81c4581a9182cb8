import { afterEach, describe, expect, it } from 'vitest';
import { formatInText, locatorForPassage } from '../../src/citations/index.js';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { ingest } from '../../src/ingest/index.js';
import {
  type AddedDocument,
  DuplicateReadingError,
  Libraries,
  type LibrariesOptions,
  LibraryStore,
  readingFromIngest,
  readingId,
  shortTitleOf,
} from '../../src/library/index.js';
import type { SqlDatabase } from '../../src/state/index.js';
import { dataDirWith } from '../corpus/helpers.js';
import { buildArticlePdf } from '../ingest/build.js';
import { fixture } from '../ingest/helpers.js';
import { describeEachEngine, openTestDatabase } from '../support/engines.js';

const shared = loadCorpus(DATA_DIR);

async function readingOf(name: string, guildId: string, id = 'lee-2019'): Promise<AddedDocument> {
  const bytes = fixture(name);
  const ingested = await ingest({ bytes, filename: name });
  return readingFromIngest(
    ingested,
    {
      type: 'article-journal',
      title: 'Notes on Shared Reading',
      author: [{ family: 'Lee', given: 'Soo-ah' }],
    },
    id,
    { guildId, addedBy: '1', filename: name, addedAt: 1_700_000_000_000 },
  );
}

const opened: Libraries[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((libraries) => libraries.close()));
});

async function open(
  options: Omit<LibrariesOptions, 'shared' | 'sharedVisible'> & { sharedVisible?: boolean },
) {
  const libraries = await Libraries.open({ shared, sharedVisible: true, ...options });
  opened.push(libraries);
  return libraries;
}

describeEachEngine('server libraries', (engine) => {
  async function setUp(options: { sharedVisible?: boolean } = {}) {
    const db = await openTestDatabase(engine);
    const store = new LibraryStore(db);
    const libraries = await open({ sharedVisible: options.sharedVisible ?? true, store });
    return { db, store, libraries };
  }

  const count = async (db: SqlDatabase, table: string) =>
    (await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n;

  it('shows a reading only in the server that added it, beside the shared library', async () => {
    const { libraries } = await setUp();
    const reading = await readingOf('notes.md', 'g1');
    await libraries.add(reading, { bytes: fixture('notes.md'), filename: 'notes.md' });

    const own = await libraries.viewFor('g1');
    const other = await libraries.viewFor('g2');
    expect(own.corpus.documents.map((document) => document.id)).toEqual([
      ...shared.documents.map((document) => document.id),
      'lee-2019',
    ]);
    expect(other.corpus.documents.map((document) => document.id)).toEqual(
      shared.documents.map((document) => document.id),
    );
    expect(own.search.search('read aloud retold episodes')[0]?.document.id).toBe('lee-2019');
    expect(other.search.search('read aloud retold episodes').map((hit) => hit.document.id)).not.toContain(
      'lee-2019',
    );
    expect(other.corpus.getPassage('lee-2019#p1')).toBeUndefined();
    expect((await libraries.viewFor(null)).corpus.getDocument('lee-2019')).toBeUndefined();
  });

  it('hides the shared library when told to, so a server sees only its own readings', async () => {
    const { libraries } = await setUp({ sharedVisible: false });
    await libraries.add(await readingOf('notes.md', 'g1'), { bytes: fixture('notes.md') });
    expect((await libraries.viewFor('g1')).corpus.documents.map((document) => document.id)).toEqual([
      'lee-2019',
    ]);
    expect((await libraries.viewFor('g2')).corpus.documents).toEqual([]);
    expect((await libraries.viewFor('g2')).search.search('North Korea')).toEqual([]);
  });

  it('refuses a second copy of the same file in a server and stores nothing', async () => {
    const { libraries, db } = await setUp();
    const reading = await readingOf('notes.md', 'g1');
    await libraries.add(reading, { bytes: fixture('notes.md') });
    const again = { ...reading, id: 'lee-2019-2' };
    await expect(libraries.add(again, { bytes: fixture('notes.md') })).rejects.toThrow(DuplicateReadingError);
    expect(await count(db, 'library_documents')).toBe(1);
    expect(await count(db, 'library_files')).toBe(1);
    expect((await libraries.duplicateOf('g1', reading.origin.sha256))?.id).toBe('lee-2019');
    // Another server may hold the same file: libraries are separate.
    const elsewhere = { ...reading, origin: { ...reading.origin, guildId: 'g2' } };
    await expect(libraries.add(elsewhere, { bytes: fixture('notes.md') })).resolves.toBe(elsewhere);
  });

  it('refuses a second copy in the store itself, naming the first, and spends no revision', async () => {
    const { store } = await setUp();
    const reading = await readingOf('notes.md', 'g1');
    const revision = await store.add(reading, { bytes: fixture('notes.md') });
    const error = await store
      .add({ ...reading, id: 'lee-2019-2' }, { bytes: fixture('notes.md') })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuplicateReadingError);
    expect((error as DuplicateReadingError).existingId).toBe('lee-2019');
    expect((await store.revisions('g1')).guild).toBe(revision);
    // The same id under other bytes is the database's unique key at work, not a duplicate.
    const sameId = { ...reading, origin: { ...reading.origin, sha256: 'f'.repeat(64) } };
    await expect(store.add(sameId, { bytes: fixture('plain.txt') })).rejects.toMatchObject({
      kind: 'unique',
    });
    expect((await store.revisions('g1')).guild).toBe(revision);
    expect(await store.catalog('g1')).toEqual([{ documentId: 'lee-2019', revision }]);
  });

  it('keeps readings across a restart without reading the file again', async () => {
    const db = await openTestDatabase(engine);
    const first = await open({ store: new LibraryStore(db) });
    const reading = await readingOf('notes.md', 'g1');
    await first.add(reading, {
      bytes: fixture('notes.md'),
      filename: 'notes.md',
      contentType: 'text/markdown',
    });
    const second = await open({ store: new LibraryStore(db) });
    const served = (await second.viewFor('g1')).corpus.getDocument('lee-2019');
    expect(served).toEqual(reading);
    const original = await new LibraryStore(db).original('g1', 'lee-2019');
    expect(original?.filename).toBe('notes.md');
    expect(original?.contentType).toBe('text/markdown');
    expect(Buffer.from(original?.bytes ?? []).equals(Buffer.from(fixture('notes.md')))).toBe(true);
    expect(await new LibraryStore(db).original('g2', 'lee-2019')).toBeUndefined();
  });

  it('keeps every byte of a binary original', async () => {
    const { store } = await setUp();
    const reading = await readingOf('notes.md', 'g1');
    const bytes = new Uint8Array(70_000).map((_, index) => (index * 131) % 256);
    await store.add(reading, { bytes: bytes.subarray(3) });
    const original = await store.original('g1', 'lee-2019');
    expect(original?.filename).toBeUndefined();
    expect(Buffer.from(original?.bytes ?? []).equals(Buffer.from(bytes.subarray(3)))).toBe(true);
  });

  it('edits metadata and removes a reading, each shown at once', async () => {
    const { libraries, db, store } = await setUp();
    const reading = await readingOf('notes.md', 'g1');
    await libraries.add(reading, { bytes: fixture('notes.md') });
    const before = await libraries.viewFor('g1');
    const edited = await libraries.edit(
      'g1',
      'lee-2019',
      { ...reading.csl, issued: { 'date-parts': [[2019]] } },
      'Lee (2019)',
    );
    expect(edited?.csl.issued).toEqual({ 'date-parts': [[2019]] });
    expect(await libraries.viewFor('g1')).not.toBe(before);
    expect((await libraries.viewFor('g1')).corpus.getDocument('lee-2019')?.shortTitle).toBe('Lee (2019)');
    expect((await store.get('g1', 'lee-2019'))?.shortTitle).toBe('Lee (2019)');
    // Another server cannot edit or remove it.
    const revision = (await store.revisions('g1')).guild;
    expect(await libraries.edit('g2', 'lee-2019', reading.csl, 'x')).toBeUndefined();
    expect(await libraries.remove('g2', 'lee-2019')).toBeUndefined();
    // Nor can a shared document be removed through a server.
    expect(await libraries.remove('g1', shared.documents[0]?.id ?? '')).toBeUndefined();
    // A change that found nothing spends no revision.
    expect(await store.remove('g1', 'nothing-here')).toBeUndefined();
    expect((await store.revisions('g1')).guild).toBe(revision);

    const changes: string[] = [];
    libraries.subscribe((change) => changes.push(change.kind));
    expect((await libraries.remove('g1', 'lee-2019'))?.id).toBe('lee-2019');
    expect(changes).toEqual(['removed']);
    expect((await libraries.viewFor('g1')).corpus.getDocument('lee-2019')).toBeUndefined();
    expect(await count(db, 'library_files')).toBe(0);
    expect((await store.revisions('g1')).guild).toBe(revision + 1);
  });

  it('keeps unchanged documents as the same objects when a server adds one, so their index is reused', async () => {
    const { libraries } = await setUp();
    await libraries.add(await readingOf('notes.md', 'g1'), { bytes: fixture('notes.md') });
    const before = (await libraries.viewFor('g1')).corpus.documents;
    await libraries.add(await readingOf('plain.txt', 'g1', 'doe-2020'), { bytes: fixture('plain.txt') });
    const after = (await libraries.viewFor('g1')).corpus.documents;
    expect(after.length).toBe(before.length + 1);
    for (const [index, document] of before.entries()) expect(after[index]).toBe(document);
    for (const document of shared.documents) expect(after).toContain(document);
  });

  it('shows both of two changes made at once, whichever commits first', async () => {
    const { libraries } = await setUp();
    await libraries.viewFor('g1');
    const [notes, plain] = await Promise.all([
      readingOf('notes.md', 'g1', 'lee-2019'),
      readingOf('plain.txt', 'g1', 'doe-2020'),
    ]);
    await Promise.all([
      libraries.add(notes, { bytes: fixture('notes.md') }),
      libraries.add(plain, { bytes: fixture('plain.txt') }),
      libraries.viewFor('g1'),
    ]);
    expect((await libraries.added('g1')).map((document) => document.id).sort()).toEqual([
      'doe-2020',
      'lee-2019',
    ]);
    const view = await libraries.viewFor('g1');
    expect(view.search.search('read aloud retold episodes')[0]?.document.id).toBe('lee-2019');
    expect(view.search.search('second paragraph is short')[0]?.document.id).toBe('doe-2020');
  });

  it("never lets one id mean two works: a shared document reloaded under a reading's id stays out of that server", async () => {
    const collisions: string[][] = [];
    const db = await openTestDatabase(engine);
    const libraries = await open({
      store: new LibraryStore(db),
      onIdCollision: ({ documentIds }) => collisions.push(documentIds),
    });
    await libraries.add(await readingOf('notes.md', 'g1', 'doe-2021'), { bytes: fixture('notes.md') });
    const extra = loadCorpus(dataDirWith('extra/doe-2021.md'));
    expect(extra.getDocument('doe-2021')).toBeDefined();
    await libraries.reloadShared(extra);
    const view = (await libraries.viewFor('g1')).corpus;
    expect(view.documents.filter((document) => document.id === 'doe-2021')).toHaveLength(1);
    expect(view.getDocument('doe-2021')?.origin?.guildId).toBe('g1');
    expect(view.getPassage('doe-2021#p1')?.text).toBe(
      view.getDocument('doe-2021')?.passages.find((passage) => passage.id === 'doe-2021#p1')?.text,
    );
    expect(collisions).toEqual([['doe-2021']]);
    // Other servers see the shared document.
    expect((await libraries.viewFor('g2')).corpus.getDocument('doe-2021')?.origin).toBeUndefined();
  });

  it('does not serve a stored row that fails validation, and names it', async () => {
    const db = await openTestDatabase(engine);
    const store = new LibraryStore(db);
    const reading = await readingOf('notes.md', 'g1');
    await store.add(reading, { bytes: fixture('notes.md') });
    const broken = structuredClone(reading);
    (broken.passages[0] as { ordinal: number }).ordinal = -1;
    await db.run('UPDATE library_documents SET document_json = ?', [JSON.stringify(broken)]);
    await store.add(await readingOf('plain.txt', 'g1', 'doe-2020'), { bytes: fixture('plain.txt') });
    const unreadable: string[] = [];
    const libraries = await open({
      store,
      onUnreadable: (problem) => unreadable.push(`${problem.guildId}/${problem.documentId}`),
    });
    const view = (await libraries.viewFor('g1')).corpus;
    expect(view.getDocument('lee-2019')).toBeUndefined();
    expect(view.getDocument('doe-2020')).toBeDefined();
    expect(unreadable).toEqual(['g1/lee-2019']);
    expect((await store.list('g1')).map((document) => document.id)).toEqual(['doe-2020']);
  });
});

describe('server libraries', () => {
  it('cites a PDF passage by its page', async () => {
    const bytes = await buildArticlePdf();
    const ingested = await ingest({ bytes, filename: 'article.pdf' });
    const reading = readingFromIngest(
      ingested,
      {
        type: 'report',
        title: 'An article',
        author: [{ family: 'Kim' }],
        issued: { 'date-parts': [[2020]] },
      },
      'kim-2020',
      {
        guildId: 'g1',
        addedBy: '1',
        addedAt: 0,
      },
    );
    const paragraph = reading.passages.find((passage) => passage.kind === 'paragraph');
    expect(paragraph?.page).toBeGreaterThanOrEqual(1);
    expect(paragraph?.locator).toBe(`p. ${paragraph?.page}`);
    const locator = paragraph ? locatorForPassage(paragraph) : undefined;
    expect(locator).toEqual({ label: 'page', value: String(paragraph?.page) });
    const inText = formatInText(reading.csl, 'apa', locator)
      .map((segment) => segment.text)
      .join('');
    expect(inText).toBe(`(Kim, 2020, p. ${paragraph?.page})`);
  });
});

describe('reading ids and labels', () => {
  it('names a reading as the data directory does, unique in the server', () => {
    const csl = {
      title: 'Ça va: a study',
      author: [{ family: 'Ñúñez', given: 'A.' }],
      issued: { 'date-parts': [[2021]] },
    };
    expect(readingId(csl, new Set())).toBe('nunez-2021');
    expect(readingId(csl, new Set(['nunez-2021', 'nunez-2021-2']))).toBe('nunez-2021-3');
    expect(readingId({ title: 'Ça va: a study' }, new Set())).toBe('ca-va-a-study');
    expect(readingId({ title: '!!!' }, new Set())).toBe('reading');
  });

  it('labels by authors and year, and says n.d. rather than guess a year', () => {
    expect(
      shortTitleOf({ title: 'T', author: [{ family: 'Park' }], issued: { 'date-parts': [[2013]] } }),
    ).toBe('Park (2013)');
    expect(shortTitleOf({ title: 'T', author: [{ family: 'Park' }, { family: 'Jung' }] })).toBe(
      'Park & Jung (n.d.)',
    );
    expect(shortTitleOf({ title: 'T', author: [{ family: 'A' }, { family: 'B' }, { family: 'C' }] })).toBe(
      'A et al. (n.d.)',
    );
    expect(
      shortTitleOf({ title: 'Resolution 2094', author: [{ literal: 'United Nations Security Council' }] }),
    ).toBe('United Nations Security Council (n.d.)');
    expect(shortTitleOf({ title: 'Untitled notes' })).toBe('Untitled notes');
  });

  it('renames every passage and cited work under the reading id', async () => {
    const reading = await readingOf('plain.txt', 'g1', 'doe-2020');
    expect(reading.passages.length).toBeGreaterThan(1);
    for (const passage of reading.passages) {
      expect(passage.documentId).toBe('doe-2020');
      expect(passage.id.startsWith('doe-2020#')).toBe(true);
    }
    for (const entry of reading.references) expect(entry.csl.id.startsWith('doe-2020')).toBe(true);
    expect(new Set(reading.passages.map((passage) => passage.id)).size).toBe(reading.passages.length);
  });
});
