import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { buildDocx, buildEpub } from './build.js';

describe('ingest: Word document', () => {
  const bytes = buildDocx(
    [
      { text: 'Reading Together', style: 'Heading1' },
      { text: 'Abstract', style: 'Heading2' },
      { text: 'This paper asks what groups do with a shared text.' },
      { text: 'Keywords: reading groups; quotation; argument' },
      { text: 'Method', style: 'Heading2' },
      { text: 'We sat in on twelve groups. We wrote down what they quoted.' },
      { text: 'Each meeting lasted two hours.' },
      { text: 'Findings', style: 'Heading2' },
      { text: 'Groups quote the page when they disagree.' },
    ],
    { title: 'Reading Together', creator: 'Jane Park', created: '2024-03-01T10:00:00Z' },
  );

  it('reads paragraphs under their headings, numbered para. 1 onwards', async () => {
    const document = await ingest({ bytes, filename: 'reading.docx' });
    expect(document.format).toBe('docx');
    expect(document.headings.map((heading) => [heading.level, heading.text])).toEqual([
      [1, 'Reading Together'],
      [2, 'Abstract'],
      [2, 'Method'],
      [2, 'Findings'],
    ]);
    const paragraphs = document.passages.filter((passage) => passage.kind === 'paragraph');
    expect(paragraphs.map((passage) => [passage.locator, passage.section])).toEqual([
      ['para. 1', 'Method'],
      ['para. 2', 'Method'],
      ['para. 3', 'Findings'],
    ]);
    expect(paragraphs[0]?.sentences).toHaveLength(2);
    expect(paragraphs[0]?.cslLocator).toEqual({ label: 'paragraph', value: '1' });
    expect(document.keywords).toEqual(['reading groups', 'quotation', 'argument']);
    expect(document.passages.find((passage) => passage.kind === 'keywords')?.text).toBe(
      'reading groups; quotation; argument',
    );
    expect(document.passages.find((passage) => passage.kind === 'abstract')?.text).toBe(
      'This paper asks what groups do with a shared text.',
    );
  });

  it('states the core properties, keeping an author name it cannot split whole', async () => {
    const document = await ingest({ bytes });
    expect(document.metadata.csl.title).toBe('Reading Together');
    expect(document.metadata.sources.title).toBe('Word document properties (Title)');
    expect(document.metadata.csl.author).toEqual([{ literal: 'Jane Park' }]);
    expect(document.metadata.csl.issued).toBeUndefined();
    expect(document.metadata.fileCreated?.date).toEqual({ 'date-parts': [[2024, 3, 1]] });
  });
});

describe('ingest: EPUB', () => {
  const bytes = buildEpub(
    [
      {
        file: 'one.xhtml',
        title: 'The Meeting',
        paragraphs: ['They met on Tuesdays.', 'Nobody read the book.'],
      },
      {
        file: 'two.xhtml',
        title: 'The Argument',
        paragraphs: ['The argument began at once.', 'It ended late.', 'Everyone came back.'],
      },
    ],
    {
      title: 'A Year of Tuesdays',
      creator: 'Kim, Min-jun',
      date: '2018',
      publisher: 'Hollym',
      identifier: 'urn:isbn:9780000000002',
    },
  );

  it('reads chapters in spine order, locating paragraphs as ch. N, para. M', async () => {
    const chapters: number[] = [];
    const document = await ingest(
      { bytes, filename: 'tuesdays.epub', contentType: 'application/epub+zip' },
      { onProgress: (step) => chapters.push(step.page) },
    );
    expect(document.format).toBe('epub');
    expect(document.pages).toBe(2);
    expect(chapters).toEqual([1, 2]);
    // The spine puts two.xhtml first.
    expect(document.headings.map((heading) => [heading.chapter, heading.text])).toEqual([
      [1, 'The Argument'],
      [2, 'The Meeting'],
    ]);
    expect(document.passages.map((passage) => [passage.locator, passage.text])).toEqual([
      ['ch. 1, para. 1', 'The argument began at once.'],
      ['ch. 1, para. 2', 'It ended late.'],
      ['ch. 1, para. 3', 'Everyone came back.'],
      ['ch. 2, para. 1', 'They met on Tuesdays.'],
      ['ch. 2, para. 2', 'Nobody read the book.'],
    ]);
    expect(document.passages.map((passage) => passage.ordinal)).toEqual([1, 2, 3, 4, 5]);
    expect(document.passages[3]?.cslLocator).toEqual({ literal: 'ch. 2, para. 1' });
  });

  it('states the package metadata with each source', async () => {
    const { metadata } = await ingest({ bytes });
    expect(metadata.csl).toMatchObject({
      title: 'A Year of Tuesdays',
      author: [{ family: 'Kim', given: 'Min-jun' }],
      issued: { 'date-parts': [[2018]] },
      publisher: 'Hollym',
      language: 'en',
    });
    expect(metadata.sources.publisher).toBe('EPUB package metadata (dc:publisher)');
    expect(metadata.identifiers).toEqual(['urn:isbn:9780000000002']);
    expect(metadata.csl['publisher-place']).toBeUndefined();
  });

  it('refuses an EPUB with DRM', async () => {
    const locked = buildEpub(
      [{ file: 'one.xhtml', title: 'One', paragraphs: ['Text.'] }],
      { title: 'Locked' },
      {
        'META-INF/encryption.xml':
          '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/></enc:EncryptedData></encryption>',
      },
    );
    await expect(ingest({ bytes: locked })).rejects.toMatchObject({ code: 'encrypted' });
  });
});
