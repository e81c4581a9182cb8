import { afterAll, afterEach, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { UserError } from '../../src/errors.js';
import { type AddProgress, addReading, DuplicateReading } from '../../src/library/add.js';
import { Libraries, LibraryStore } from '../../src/library/index.js';
import { startFileServer } from '../e2e/library-helpers.js';
import { buildArticlePdf } from '../ingest/build.js';
import { fixture } from '../ingest/helpers.js';
import { capturingLogger } from '../logs.js';
import { describeEachEngine, openTestDatabase } from '../support/engines.js';

const shared = loadCorpus(DATA_DIR);
const files = new Map([
  ['/article.pdf', { bytes: await buildArticlePdf(), type: 'application/pdf' }],
  ['/notes.md', { bytes: fixture('notes.md'), type: 'text/markdown' }],
  ['/scan.txt', { bytes: new Uint8Array([0, 0, 0, 1, 2, 3]), type: 'application/octet-stream' }],
]);
const web = await startFileServer(files);
afterAll(() => web.close());
const opened: Libraries[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((libraries) => libraries.close()));
});

const request = (path: string, guildId = 'g1', supplied = {}) => ({
  guildId,
  addedBy: 'u1',
  origin: { kind: 'url' as const, url: web.url(path) },
  supplied,
});

describeEachEngine('addReading', (engine) => {
  async function setUp() {
    const { logger, lines: logs } = capturingLogger();
    const libraries = await Libraries.open({
      shared,
      sharedVisible: true,
      store: new LibraryStore(await openTestDatabase(engine)),
    });
    opened.push(libraries);
    const deps = {
      libraries,
      logger,
      limits: {
        uploadMaxBytes: 5 * 1024 * 1024,
        uploadMaxPages: 50,
        fetchPrivateNetworks: true,
        doiResolverUrl: web.origin,
      },
      now: () => 1_800_000_000_000,
    };
    const extracted = () => logs.filter((line) => line.includes('ingesting a new reading')).length;
    return { libraries, deps, extracted };
  }

  it('downloads, reads with progress, settles the metadata and stores the reading in its server', async () => {
    const { libraries, deps } = await setUp();
    const progress: AddProgress[] = [];
    const added = await addReading(deps, {
      ...request('/article.pdf', 'g1', { year: 2024, author: 'Doe, Jane' }),
      onProgress: (step) => progress.push(step),
    });
    expect(added.document.id).toBe('doe-2024');
    expect(added.document.origin).toMatchObject({ guildId: 'g1', addedBy: 'u1', format: 'pdf', pages: 3 });
    expect(added.document.csl.URL).toBe(web.url('/article.pdf'));
    expect(added.sources.issued).toMatch(/you/);
    expect(progress[0]).toEqual({ stage: 'downloading' });
    expect(progress.filter((step) => step.stage === 'reading').length).toBeGreaterThan(0);
    expect((await libraries.added('g1')).map((document) => document.id)).toEqual(['doe-2024']);
    expect(await libraries.added('g2')).toEqual([]);
  });

  it('refuses a second copy before reading it, naming the reading it duplicates', async () => {
    const { deps, extracted } = await setUp();
    const first = await addReading(deps, request('/notes.md'));
    expect(extracted()).toBe(1);
    const again = addReading(deps, request('/notes.md'));
    await expect(again).rejects.toBeInstanceOf(DuplicateReading);
    await expect(addReading(deps, request('/notes.md'))).rejects.toThrow(
      new RegExp(`already in the library as .*\\(\`${first.document.id}\`\\)`),
    );
    expect(extracted()).toBe(1);
  });

  it('lets another server add the same file, under the same id there', async () => {
    const { libraries, deps } = await setUp();
    const one = await addReading(deps, request('/notes.md', 'g1'));
    const two = await addReading(deps, request('/notes.md', 'g2'));
    expect(two.document.id).toBe(one.document.id);
    expect(await libraries.added('g2')).toHaveLength(1);
  });

  it('stores nothing when the file cannot be read, and says why as a UserError', async () => {
    const { libraries, deps } = await setUp();
    await expect(addReading(deps, request('/scan.txt'))).rejects.toBeInstanceOf(UserError);
    await expect(addReading(deps, request('/missing.pdf'))).rejects.toBeInstanceOf(UserError);
    expect(await libraries.added('g1')).toEqual([]);
  });

  it('stores nothing when the DOI cannot be looked up after the file was read', async () => {
    const { libraries, deps, extracted } = await setUp();
    await expect(
      addReading(deps, request('/notes.md', 'g1', { doi: '10.5555/nowhere' })),
    ).rejects.toBeInstanceOf(UserError);
    expect(extracted()).toBe(1);
    expect(await libraries.added('g1')).toEqual([]);
  });

  it('refuses a malformed DOI before downloading anything', async () => {
    const { deps } = await setUp();
    const before = web.requests.length;
    await expect(addReading(deps, request('/notes.md', 'g1', { doi: 'not a doi' }))).rejects.toThrow(/doi:/);
    expect(web.requests.length).toBe(before);
  });

  it('gives a second reading with the same author and year its own id', async () => {
    const { deps } = await setUp();
    files.set('/plain.txt', { bytes: fixture('plain.txt'), type: 'text/plain' });
    const one = await addReading(deps, request('/notes.md'));
    const two = await addReading(deps, request('/plain.txt', 'g1', { author: 'Lee, Soo-ah', year: 2019 }));
    expect(two.document.id).toBe(`${one.document.id}-2`);
  });
});
