// @ts-expect-error citation-js ships no type declarations
import { Cite } from '@citation-js/core';
import { describe, expect, it } from 'vitest';
import { type ExportFormat, exportItems } from '../../src/citations/index.js';
import type { CslItem } from '../../src/corpus/types.js';
import { book, chapter, jungArticle, parkReport } from './fixtures.js';

type Parsed = Record<string, unknown> & { author?: Array<{ family?: string; given?: string }> };

function parse(text: string): Parsed[] {
  return new Cite(text).data as Parsed[];
}

const FIELDS = [
  'title',
  'container-title',
  'volume',
  'issue',
  'publisher',
  'publisher-place',
  'URL',
  'ISSN',
] as const;

function expectSameFields(parsed: Parsed, item: CslItem, format: ExportFormat): void {
  for (const field of FIELDS) {
    // plugin-ris writes no PB for journal articles (a journal's publisher is rarely wanted there).
    if (format === 'ris' && field === 'publisher' && item.type === 'article-journal') continue;
    if (item[field] !== undefined) expect(parsed[field], `${format} ${item.id} ${field}`).toBe(item[field]);
  }
  expect(parsed.author?.map(({ family, given }) => ({ family, given }))).toEqual(item.author);
  expect((parsed.issued as CslItem['issued'])?.['date-parts']?.[0]).toEqual(item.issued?.['date-parts']?.[0]);
  if (item.page) expect(String(parsed.page).replace('--', '-')).toBe(item.page);
}

describe.each(['bibtex', 'ris'] as const)('%s export', (format) => {
  const items = [parkReport, jungArticle, book, chapter];
  const text = exportItems(items, format);

  it('parses back into the same fields', () => {
    const parsed = parse(text);
    expect(parsed).toHaveLength(items.length);
    for (const item of items) {
      const match = parsed.find((entry) => entry.title === item.title);
      expect(match, item.id).toBeDefined();
      expectSameFields(match as Parsed, item, format);
    }
  });

  it('keeps the report number and series of document A', () => {
    const parsed = parse(exportItems([parkReport], format))[0] as Parsed;
    expect(parsed.number).toBe('9A');
    expect(parsed['collection-title']).toBe('PacNet');
  });

  it('turns no season into a month and adds no DOI', () => {
    expect(text).not.toMatch(/doi|month|autumn|fall/i);
    const parsed = parse(exportItems([jungArticle], format))[0] as Parsed;
    expect((parsed.issued as CslItem['issued'])?.['date-parts']).toEqual([[2013]]);
  });
});

it('gives a report in a series its BibTeX type, which .bst styles print before the number instead of "Technical Report"', () => {
  const bibtex = exportItems([parkReport], 'bibtex');
  expect(bibtex).toMatch(/^@techreport\{/);
  expect(bibtex).toContain('\ttype = {PacNet},');
  expect(bibtex).toContain('\tnumber = {9A},');
  expect(parkReport.genre).toBeUndefined();
});

it('exports nothing for no items', () => {
  expect(exportItems([], 'bibtex')).toBe('');
});

it('keeps every RIS value on its tag line, however long', () => {
  const lines = exportItems([parkReport, jungArticle], 'ris').split('\n');
  expect(lines.every((line) => /^[A-Z][A-Z0-9] {2}-/.test(line))).toBe(true);
  expect(lines).toContain(`UR  - ${parkReport.URL}`);
});
