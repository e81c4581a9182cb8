import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { ingest } from '../../src/ingest/index.js';
import { fixture, text } from './helpers.js';

describe('ingest: web page', () => {
  it("takes the article's text and leaves menus, sidebar and footer out", async () => {
    const document = await ingest({
      bytes: fixture('article.html'),
      contentType: 'text/html; charset=utf-8',
      sourceUrl: 'https://review.example/articles/reading-together',
    });
    expect(document.format).toBe('html');
    const all = document.passages.map((passage) => passage.text).join('\n');
    for (const chrome of ['Subscribe now', 'About us', 'Most read', 'All rights reserved']) {
      expect(all).not.toContain(chrome);
    }
    const paragraphs = document.passages.filter((passage) => passage.kind === 'paragraph');
    expect(paragraphs.map((passage) => [passage.locator, passage.section])).toEqual([
      ['para. 1', 'Introduction'],
      ['para. 2', 'Introduction'],
      ['para. 3', 'Three patterns'],
      ['para. 4', 'Three patterns'],
    ]);
    expect(document.passages.find((passage) => passage.kind === 'abstract')?.text).toMatch(
      /^Study groups argue about texts/,
    );
    expect(document.references.map((entry) => entry.kind)).toEqual(['journal-article', 'book']);
  });

  it('states the Highwire citation tags before Open Graph and <title>, naming each source', async () => {
    const { metadata } = await ingest({
      bytes: fixture('article.html'),
      sourceUrl: 'https://review.example/a',
    });
    expect(metadata.csl).toEqual({
      title: 'Reading Together: How Study Groups Argue',
      author: [
        { family: 'Park', given: 'Jane' },
        { family: 'Kim', given: 'Min-jun' },
      ],
      issued: { 'date-parts': [[2021, 5, 3]] },
      'container-title': 'The Study Review',
      volume: '12',
      issue: '2',
      page: '45–67',
      DOI: '10.1234/tsr.2021.012',
      language: 'en',
      URL: 'https://review.example/a',
    });
    expect(metadata.sources.title).toBe('HTML <meta name="citation_title">');
    expect(metadata.sources.URL).toBe('the address it was fetched from');
  });
});

describe('ingest: Markdown', () => {
  it('reads a file in the library format with the loader, so it means what it would in data/', async () => {
    const source = readFileSync(path.join(DATA_DIR, 'park-2013.md'));
    const document = await ingest({ bytes: new Uint8Array(source), filename: 'park-2013.md' });
    const loaded = loadCorpus(DATA_DIR).getDocument('park-2013');
    expect(document.format).toBe('markdown');
    expect(document.id).toBe('park-2013');
    expect(document.passages.map((passage) => passage.id)).toEqual(
      loaded?.passages.map((passage) => passage.id),
    );
    expect(document.references).toHaveLength(loaded?.references.length ?? -1);
    expect(document.metadata.csl.title).toBe(loaded?.csl.title);
    expect(document.metadata.sources.title).toBe('front matter (csl.title)');
  });

  it('refuses a library-format file with problems, listing them', async () => {
    const broken =
      '---\nid: broken\nshortTitle: B\nfullText: true\ncsl:\n  type: book\n---\n\n## Text\n\nOne.\n';
    const error = await ingest({ bytes: text(broken), filename: 'broken.md' }).catch(
      (reason: unknown) => reason,
    );
    expect(error).toMatchObject({ code: 'corrupt' });
    expect((error as Error).message).toContain('csl.title');
  });

  it('reads other Markdown by its headings, paragraphs and list items, with simple front matter', async () => {
    const document = await ingest({
      bytes: fixture('notes.md'),
      filename: 'notes.md',
      contentType: 'text/markdown',
    });
    expect(document.headings.map((heading) => [heading.level, heading.text])).toEqual([
      [1, 'Notes on Shared Reading'],
      [2, 'Method'],
    ]);
    expect(document.passages.map((passage) => [passage.locator, passage.text])).toEqual([
      [
        'para. 1',
        'Groups that read aloud remember more of the text than groups that read alone and then meet.',
      ],
      ['para. 2', 'We asked forty readers to retell a chapter a week after reading it.'],
      ['para. 3', 'Readers who had heard it read aloud retold more episodes.'],
      ['para. 4', 'Readers who had only read it silently retold fewer.'],
    ]);
    expect(document.metadata.csl).toEqual({
      title: 'Notes on Shared Reading',
      author: [{ family: 'Lee', given: 'Soo-ah' }],
      issued: { 'date-parts': [[2019, 9]] },
    });
  });
});

describe('ingest: plain text', () => {
  it('splits paragraphs at blank lines, joins wrapped lines and states no metadata', async () => {
    const document = await ingest({ bytes: fixture('plain.txt'), filename: 'plain.txt' });
    expect(document.format).toBe('text');
    expect(document.passages.map((passage) => [passage.kind, passage.locator, passage.text])).toEqual([
      ['abstract', 'abstract', 'A plain text file has no markup, only blank lines between paragraphs.'],
      [
        'paragraph',
        'para. 1',
        'The first paragraph of the text proper begins here and goes on over a second line.',
      ],
      ['paragraph', 'para. 2', 'The second paragraph is short.'],
    ]);
    expect(document.metadata).toEqual({ csl: {}, sources: {}, identifiers: [] });
  });
});
