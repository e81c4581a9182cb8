import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { buildArticlePdf, buildImageOnlyPdf, buildPdf } from './build.js';
import { fixture, rejection, text } from './helpers.js';

describe('ingest: files it refuses', () => {
  it('refuses a file over the size limit before reading it', async () => {
    const error = await rejection(ingest({ bytes: new Uint8Array(2048) }, { maxBytes: 1024 }), 'too-large');
    expect(error.message).toContain('at most');
  });

  it('refuses an empty file, and a text file of blank lines', async () => {
    await rejection(ingest({ bytes: new Uint8Array(0) }), 'empty');
    await rejection(ingest({ bytes: text('\n\n   \n'), filename: 'blank.txt' }), 'empty');
  });

  it('refuses a PDF with more pages than allowed', async () => {
    const error = await rejection(
      ingest({ bytes: await buildArticlePdf() }, { maxPages: 2 }),
      'too-many-pages',
    );
    expect(error.message).toContain('3 pages');
  });

  it('refuses a PDF without a text layer, saying that OCR is not supported', async () => {
    const error = await rejection(
      ingest({ bytes: await buildImageOnlyPdf(), filename: 'scan.pdf' }),
      'no-text',
    );
    expect(error.message).toContain('OCR is not supported');
  });

  it('keeps the pages with text of a PDF where some have none, and says which', async () => {
    const bytes = await buildPdf([[{ text: 'Only the first page has text.', y: 500 }], []]);
    const document = await ingest({ bytes });
    expect(document.passages.map((passage) => passage.locator)).toEqual(['p. 1']);
    expect(document.warnings.find((warning) => warning.code === 'pages-without-text')?.message).toContain(
      'page 2',
    );
  });

  it('refuses a damaged PDF', async () => {
    const whole = await buildArticlePdf();
    await rejection(ingest({ bytes: whole.slice(0, 400), filename: 'cut.pdf' }), 'corrupt');
  });

  it('refuses a PDF that needs a password', async () => {
    await rejection(ingest({ bytes: fixture('encrypted.pdf'), filename: 'locked.pdf' }), 'encrypted');
  });

  it('refuses a zip archive that is neither a Word document nor an EPUB', async () => {
    const zip = zipSync({ 'notes.txt': strToU8('hello'), 'data/table.csv': strToU8('a,b') });
    const error = await rejection(ingest({ bytes: zip, filename: 'notes.zip' }), 'unknown-type');
    expect(error.message).toContain('neither a Word document');
  });

  it('refuses binary data of no known kind', async () => {
    await rejection(ingest({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) }), 'unknown-type');
  });

  it('refuses a web page sent under a .pdf name, and a PDF sent as text/html', async () => {
    const error = await rejection(
      ingest({ bytes: fixture('article.html'), filename: 'article.pdf' }),
      'mismatched-type',
    );
    expect(error.message).toContain('web page');
    expect(error.message).toContain('.pdf');
    await rejection(ingest({ bytes: await buildArticlePdf(), contentType: 'text/html' }), 'mismatched-type');
  });

  it('takes a Markdown file sent as text/plain, the same kind of bytes', async () => {
    const document = await ingest({
      bytes: fixture('notes.md'),
      filename: 'notes.md',
      contentType: 'text/plain',
    });
    expect(document.format).toBe('markdown');
  });
});

describe('ingest: telling the type from the bytes', () => {
  it('takes an HTML fragment that opens with a paragraph as a web page', async () => {
    const page =
      '<p>A fragment saved from a page, long enough to read.</p><p>And a second paragraph of it.</p>';
    const document = await ingest({ bytes: text(page), filename: 'fragment.html' });
    expect(document.format).toBe('html');
    expect(document.passages.map((passage) => passage.text)).toEqual([
      'A fragment saved from a page, long enough to read.',
      'And a second paragraph of it.',
    ]);
  });

  it('takes text that merely mentions a tag as text', async () => {
    const document = await ingest({ bytes: text('Use <p> for paragraphs.'), filename: 'tip.txt' });
    expect(document.format).toBe('text');
  });
});

describe('ingest: Office files it cannot open', () => {
  const oleContainer = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);

  it('says a .docx in the old container is password-protected', async () => {
    const error = await rejection(ingest({ bytes: oleContainer, filename: 'locked.docx' }), 'encrypted');
    expect(error.message).toContain('password');
  });

  it('asks for a .doc to be saved as .docx or PDF', async () => {
    const error = await rejection(ingest({ bytes: oleContainer, filename: 'old.doc' }), 'unknown-type');
    expect(error.message).toContain('.docx');
  });
});

describe('ingest: progress callbacks', () => {
  it('hands an error thrown by the callback to the caller instead of crashing', async () => {
    const failing = () => {
      throw new Error('the message to edit is gone');
    };
    await expect(ingest({ bytes: await buildArticlePdf() }, { onProgress: failing })).rejects.toThrow(
      'the message to edit is gone',
    );
  });
});
