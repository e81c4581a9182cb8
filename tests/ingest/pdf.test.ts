import { describe, expect, it } from 'vitest';
import { type IngestedDocument, type IngestProgress, ingest } from '../../src/ingest/index.js';
import { buildArticlePdf, buildPdf, paragraph } from './build.js';

describe('ingest: PDF', () => {
  let document: IngestedDocument;
  const progress: IngestProgress[] = [];

  it('reads a three-page article', async () => {
    document = await ingest(
      { bytes: await buildArticlePdf(), filename: 'reading.pdf', contentType: 'application/pdf' },
      { onProgress: (step) => progress.push(step) },
    );
    expect(document.format).toBe('pdf');
    expect(document.pages).toBe(3);
  });

  it('reports progress once per page, from the worker', () => {
    expect(progress).toEqual([1, 2, 3].map((page) => ({ unit: 'page', page, pages: 3 })));
  });

  it('locates each paragraph by its page', () => {
    const paragraphs = document.passages.filter((passage) => passage.kind === 'paragraph');
    expect(paragraphs.map((passage) => passage.locator)).toEqual(['p. 1', 'p. 1', 'p. 2', 'p. 2', 'p. 3']);
    expect(paragraphs.map((passage) => passage.page)).toEqual([1, 1, 2, 2, 3]);
    expect(paragraphs[2]?.cslLocator).toEqual({ label: 'page', value: '2' });
    expect(paragraphs.map((passage) => passage.id)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `${document.id}#p${n}`),
    );
  });

  it('drops the running header and the page numbers', () => {
    const all = document.passages.map((passage) => passage.text).join('\n');
    expect(all).not.toContain('Journal of Reading Groups');
    expect(document.passages.some((passage) => /^\d+$/.test(passage.text))).toBe(false);
    expect(document.warnings.map((warning) => warning.code)).toContain('headers-removed');
  });

  it('joins a word the line break split, and keeps the hyphen of a compound whose parts stand alone', () => {
    const texts = document.passages.map((passage) => passage.text);
    expect(texts).toContain(
      'The first paragraph of the text says that this document is about reading in groups.',
    );
    expect(texts).toContain('On the second page a well-known claim is made about the document as a whole.');
  });

  it('recognises the abstract and parses the reference list with the corpus parser', () => {
    const abstract = document.passages.find((passage) => passage.kind === 'abstract');
    expect(abstract?.text).toBe('This document studies how reading groups talk. It is a short abstract.');
    expect(abstract?.sentences).toHaveLength(2);
    expect(document.references.map((entry) => entry.csl.title)).toEqual([
      'Money and Power',
      'Reading Together',
    ]);
    expect(document.references[0]?.csl['container-title']).toBe('Journal of Politics');
    expect(document.references[1]?.csl.publisher).toBe('Hollym');
    expect(document.passages.filter((passage) => passage.kind === 'reference').map((p) => p.locator)).toEqual(
      ['reference 1', 'reference 2'],
    );
  });

  it("states the info dictionary's title and author with their source, and never the file's date as the work's", () => {
    expect(document.metadata.csl.title).toBe('Reading in Groups');
    expect(document.metadata.sources.title).toBe('PDF info dictionary (Title)');
    expect(document.metadata.csl.author).toEqual([{ family: 'Doe', given: 'Jane' }]);
    expect(document.metadata.csl.issued).toBeUndefined();
    expect(document.metadata.fileCreated?.source).toBe('PDF creation date');
    expect(document.metadata.csl.DOI).toBeUndefined();
    expect(document.metadata.csl['publisher-place']).toBeUndefined();
  });

  it('names the content by its SHA-256, the same for the same bytes', async () => {
    const bytes = await buildArticlePdf();
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await ingest(
      { bytes: new Uint8Array(bytes), sourceUrl: 'https://journal.example/reading.pdf' },
      { documentId: 'reading-2024' },
    );
    expect(again.sha256).toBe((await ingest({ bytes })).sha256);
    expect(again.metadata.csl.URL).toBe('https://journal.example/reading.pdf');
    expect(again.metadata.sources.URL).toBe('the address it was fetched from');
    expect(again.id).toBe('reading-2024');
    expect(again.passages[0]?.id).toBe('reading-2024#abstract');
  });

  it('drops running heads that alternate between left and right pages, and keeps a line repeated in the text', async () => {
    const names = ['one', 'two', 'three', 'four', 'five', 'six'];
    const pages = names.map((name, index) => [
      { text: index % 2 === 0 ? 'Jane Park' : 'Reading Together', y: 570, size: 9 },
      ...paragraph(520, `Page ${name} begins its text here`, `and goes on to line ${name}.`),
      ...(index < 2 ? paragraph(470, 'See the table below.') : []),
      { text: `${index + 1}`, y: 30, x: 205, size: 9 },
    ]);
    const document = await ingest({ bytes: await buildPdf(pages) });
    const texts = document.passages.map((passage) => passage.text);
    expect(texts.some((text) => text === 'Jane Park' || text === 'Reading Together')).toBe(false);
    expect(texts.filter((text) => text === 'See the table below.')).toHaveLength(2);
    expect(texts).toHaveLength(8);
  });

  it('joins a split word that is no word of its own, and keeps a capitalised compound', async () => {
    const bytes = await buildPdf([
      paragraph(520, 'Reading aloud is an inter-', 'esting habit of the Nunn-', 'Lugar group of readers.'),
    ]);
    const [passage] = (await ingest({ bytes })).passages;
    expect(passage?.text).toBe('Reading aloud is an interesting habit of the Nunn-Lugar group of readers.');
  });

  it('takes lines set larger than the text for a heading, a two-line title as one', async () => {
    const bytes = await buildPdf([
      [
        { text: 'Reading Together in', y: 540, size: 16 },
        { text: 'Small Groups', y: 520, size: 16 },
        { text: 'Method', y: 480, size: 13 },
        ...paragraph(460, 'We sat in on twelve groups', 'over one year.'),
        ...paragraph(420, 'Each group met weekly.'),
      ],
    ]);
    const document = await ingest({ bytes });
    expect(document.headings.map((heading) => heading.text)).toEqual([
      'Reading Together in Small Groups',
      'Method',
    ]);
    expect(document.passages.map((passage) => [passage.section, passage.text])).toEqual([
      ['Method', 'We sat in on twelve groups over one year.'],
      ['Method', 'Each group met weekly.'],
    ]);
  });
});

describe('ingest: PDF page numbers as the work prints them', () => {
  const TEXTS = [
    ['Money is one of the bases of power.', 'Its use is easier to measure than most.'],
    ['Power is a relation between actors.', 'Each base of power has its own scope.'],
    ['The argument closes with a caution.', 'Measuring power remains hard in practice.'],
  ];
  const printedPage = (file: number, printed: number) => [
    { text: 'Journal of Politics 33 (1971)', y: 570, size: 9 },
    { text: String(printed), y: 30, x: 205, size: 9 },
    ...paragraph(520, TEXTS[file - 1]?.[0] ?? ''),
    ...paragraph(460, TEXTS[file - 1]?.[1] ?? ''),
  ];

  it('cites an article printed as pp. 578-580 by its printed pages, not its place in the file', async () => {
    const bytes = await buildPdf([printedPage(1, 578), printedPage(2, 579), printedPage(3, 580)]);
    const read = await ingest({ bytes, filename: 'baldwin.pdf' });
    const paragraphs = read.passages.filter((passage) => passage.kind === 'paragraph');
    expect(paragraphs.map((passage) => passage.locator)).toEqual(['p. 578', 'p. 579', 'p. 580']);
    expect(paragraphs[1]?.cslLocator).toEqual({ label: 'page', value: '579' });
    // The place in the file stays known, for progress and for the reader opening the PDF.
    expect(paragraphs[1]?.page).toBe(2);
    expect(read.passages.map((passage) => passage.text).join(' ')).not.toMatch(
      /\b57[89]\b|Journal of Politics/,
    );
  });

  it('counts pages in the file when the printed numbers do not run at one offset', async () => {
    const bytes = await buildPdf([printedPage(1, 12), printedPage(2, 40), printedPage(3, 7)]);
    const read = await ingest({ bytes, filename: 'odd.pdf' });
    const paragraphs = read.passages.filter((passage) => passage.kind === 'paragraph');
    expect(paragraphs.map((passage) => passage.locator)).toEqual(['p. 1', 'p. 2', 'p. 3']);
  });
});
