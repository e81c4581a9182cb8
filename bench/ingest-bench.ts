import { performance } from 'node:perf_hooks';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ingest } from '../src/ingest/index.js';
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

const sizes = process.argv.slice(2).map(Number);
const rows = [];
for (const pages of sizes.length > 0 ? sizes : [50, 300]) {
  const bytes = await buildBenchPdf(pages, mulberry32(pages));
  const start = performance.now();
  const document = await ingest({ bytes, filename: 'bench.pdf' }, { timeoutMs: 600_000 });
  const ms = performance.now() - start;
  rows.push({
    pages,
    'file KB': Math.round(bytes.byteLength / 1024),
    passages: document.passages.length,
    'ingest ms': Math.round(ms),
    'ms per page': Number((ms / pages).toFixed(1)),
  });
}
console.log('Ingest (PDF, in a worker: start, text per page, header removal, paragraphs, structure)');
console.table(rows);
