// @ts-expect-error citation-js ships no type declarations
import { Cite } from '@citation-js/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exportItems, formatInText, formatReference } from '../../src/citations/index.js';
import { jungArticle, parkReport, TODAY } from './fixtures.js';

/** Counts citeproc runs: every reference or citation citation-js formats goes through Cite#format. */
function countFormatCalls() {
  return vi.spyOn(Cite.prototype, 'format');
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('formatting is remembered', () => {
  it('formats a document’s reference once per style', () => {
    const calls = countFormatCalls();
    const park = { ...parkReport };
    for (let round = 0; round < 5; round++) {
      formatReference(park, 'apa', { today: TODAY });
      formatReference(park, 'mla', { today: TODAY });
    }
    expect(calls).toHaveBeenCalledTimes(2);
  });

  it('formats an in-text citation once per document, style and locator', () => {
    const calls = countFormatCalls();
    const jung = { ...jungArticle };
    for (let round = 0; round < 5; round++) {
      formatInText(jung, 'chicago', { literal: 'abstract' });
      formatInText(jung, 'chicago', { label: 'paragraph', value: '3' });
      formatInText(jung, 'chicago');
    }
    expect(calls).toHaveBeenCalledTimes(3);
  });

  it('makes a Cite Them Right reference again on a new day, since it prints the access date', () => {
    const calls = countFormatCalls();
    const park = { ...parkReport };
    const first = formatReference(park, 'harvard', { today: TODAY });
    formatReference(park, 'harvard', { today: new Date(TODAY.getTime() + 3_600_000) });
    const nextDay = formatReference(park, 'harvard', { today: new Date(TODAY.getTime() + 86_400_000) });
    expect(calls).toHaveBeenCalledTimes(2);
    expect(nextDay).not.toEqual(first);
  });

  it('does not mix up two items that share an id', () => {
    const renamed = { ...parkReport, title: 'Another Title' };
    expect(formatReference(renamed, 'chicago')).not.toEqual(formatReference({ ...parkReport }, 'chicago'));
  });
});

describe('exports are remembered', () => {
  it('exports one item once per format, and the same text again', () => {
    const calls = countFormatCalls();
    const park = { ...parkReport };
    const bibtex = exportItems([park], 'bibtex');
    const ris = exportItems([park], 'ris');
    for (let round = 0; round < 5; round++) {
      expect(exportItems([park], 'bibtex')).toBe(bibtex);
      expect(exportItems([park], 'ris')).toBe(ris);
    }
    expect(calls).toHaveBeenCalledTimes(2);
    expect(bibtex).toMatch(/^@/);
    expect(ris).toMatch(/^TY {2}- /);
  });

  it('exports an edited item (a new object) afresh, and a list whole each time', () => {
    const park = { ...parkReport };
    const before = exportItems([park], 'bibtex');
    const edited = { ...park, title: 'Another Title' };
    const after = exportItems([edited], 'bibtex');
    expect(after).not.toBe(before);
    expect(after).toContain('title = {Another {Title}}');
    const calls = countFormatCalls();
    const both = exportItems([park, { ...jungArticle }], 'ris');
    expect(exportItems([park, { ...jungArticle }], 'ris')).toBe(both);
    expect(calls).toHaveBeenCalledTimes(2);
    expect(both.startsWith(exportItems([park], 'ris'))).toBe(true);
  });
});
