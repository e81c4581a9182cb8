import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { loadConfig } from '../src/config.js';
import { DATA_DIR, loadCorpus } from '../src/corpus/index.js';
import { ingest } from '../src/ingest/index.js';
import { addReading } from '../src/library/add.js';
import { Libraries, LibraryStore } from '../src/library/index.js';
import { createLogger } from '../src/logger.js';
import { openSqlite } from '../src/state/index.js';
import { mulberry32 } from './synthetic.js';

/**
 * `tsx bench/ingest-bench.ts [pages…]`: builds PDFs of article-like pages (a running header, a page number,
 * paragraphs, 30 lines a page) and prints how long `ingest` takes on each, worker start included. Figures
 * only; nothing is asserted.
 */
const WORDS =
  'reading group text passage claim argument page chapter member moderator question answer book author library quote discussion meeting evidence'.split(
    ' ',
  );

async function buildBenchPdf(pages: number, random: () => number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  for (let number = 1; number <= pages; number++) {
    const page = pdf.addPage([420, 600]);
    page.drawText('Journal of Reading Groups 12 (2024)', { x: 50, y: 570, size: 9, font });
    page.drawText(String(number), { x: 205, y: 30, size: 9, font });
    let y = 540;
    for (let line = 0; line < 30; line++) {
      const words = Array.from({ length: 9 }, () => WORDS[Math.floor(random() * WORDS.length)] ?? 'text');
      page.drawText(`${words.join(' ')}${line % 6 === 5 ? '.' : ''}`, { x: 50, y, size: 11, font });
      // A blank line after every sixth line makes a paragraph break.
      y -= line % 6 === 5 ? 28 : 14;
    }
  }
  return await pdf.save();
}

/**
 * What `/library add file:` does with the same PDF, end to end below Discord: download from a loopback
 * "CDN", sha256 and duplicate check, extraction in the worker, metadata, one transaction into SQLite, and
 * the server's view with the reading searchable (its index segment built, the rest reused).
 */
async function timeAdd(bytes: Uint8Array, guildId: string, libraries: Libraries) {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': bytes.byteLength });
    response.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bench.pdf`;
  const config = loadConfig({ UPLOAD_MAX_PAGES: '1000' });
  const start = performance.now();
  await addReading(
    { libraries, logger: createLogger({ level: 'silent' }), limits: config },
    {
      guildId,
      addedBy: 'bench',
      origin: {
        kind: 'attachment',
        url,
        filename: 'bench.pdf',
        contentType: 'application/pdf',
        size: bytes.byteLength,
      },
      supplied: {},
    },
  );
  const stored = performance.now();
  const hits = (await libraries.viewFor(guildId)).search.search('reading group argument').length;
  const searchable = performance.now();
  await new Promise((resolve) => server.close(resolve));
  return { addMs: stored - start, firstSearchMs: searchable - stored, hits };
}

const sizes = process.argv.slice(2).map(Number);
const rows = [];
const libraries = await Libraries.open({
  shared: loadCorpus(DATA_DIR),
  sharedVisible: true,
  store: new LibraryStore(openSqlite(':memory:')),
});
for (const pages of sizes.length > 0 ? sizes : [50, 300]) {
  const bytes = await buildBenchPdf(pages, mulberry32(pages));
  const start = performance.now();
  const document = await ingest({ bytes, filename: 'bench.pdf' }, { timeoutMs: 600_000 });
  const ms = performance.now() - start;
  const added = await timeAdd(bytes, `bench-${pages}`, libraries);
  rows.push({
    pages,
    'file KB': Math.round(bytes.byteLength / 1024),
    passages: document.passages.length,
    'ingest ms': Math.round(ms),
    'ms per page': Number((ms / pages).toFixed(1)),
    '/library add ms': Math.round(added.addMs),
    'then searchable ms': Math.round(added.firstSearchMs),
  });
}
console.log('Ingest (PDF, in a worker: start, text per page, header removal, paragraphs, structure)');
console.log(
  '/library add: download, duplicate check, extraction, metadata, one SQLite transaction; then the server view indexed and searched',
);
console.table(rows);
