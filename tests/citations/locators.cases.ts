import { describe, expect, it } from 'vitest';
import { CITATION_STYLES, locatorForPassage } from '../../src/citations/index.js';
import type { Passage } from '../../src/corpus/types.js';
import { formatInText } from '../../src/discord/citing.js';
import { journalArticle, jungArticle, parkReport } from './fixtures.js';

function passage(kind: Passage['kind'], ordinal: number, documentId = 'jung-2013'): Passage {
  return { id: `${documentId}#x`, documentId, kind, ordinal, locator: '', text: '', sentences: [] };
}

describe('locatorForPassage', () => {
  it('maps paragraphs to CSL paragraph locators, the abstract and keywords to literals, and gives a reference entry none', () => {
    expect(locatorForPassage(passage('paragraph', 7, 'park-2013'))).toEqual({
      label: 'paragraph',
      value: '7',
    });
    expect(locatorForPassage(passage('abstract', 1))).toEqual({ literal: 'abstract' });
    expect(locatorForPassage(passage('keywords', 1))).toEqual({ literal: 'keywords' });
    expect(locatorForPassage(passage('reference', 12))).toBeUndefined();
  });
});

describe('in-text citations pointing into a document', () => {
  it("accepts a passage's locator", () => {
    expect(formatInText(parkReport, 'apa', locatorForPassage(passage('paragraph', 2, 'park-2013')))).toBe(
      '(Park, 2013, para. 2)',
    );
    expect(formatInText(jungArticle, 'chicago', locatorForPassage(passage('keywords', 1)))).toBe(
      '(Jung 2013, keywords)',
    );
  });

  it("cites a listed work by its own author and year, not B's", () => {
    expect(formatInText(journalArticle, 'apa')).toBe('(Baldwin, 1971)');
    expect(formatInText(journalArticle, 'apa')).not.toContain('Jung');
  });

  it('uses MLA’s own abbreviations, singular and plural, with a space before the number', () => {
    expect(formatInText(parkReport, 'mla', { label: 'paragraph', value: '5' })).toBe('(Park, par. 5)');
    expect(formatInText(parkReport, 'mla', { label: 'paragraph', value: '5–6' })).toBe('(Park, pars. 5–6)');
    expect(formatInText(jungArticle, 'mla', { label: 'page', value: '140' })).toBe('(Jung 140)');
  });

  it('prints page locators the way each style does', () => {
    expect(formatInText(jungArticle, 'apa', { label: 'page', value: '140' })).toBe('(Jung, 2013, p. 140)');
    expect(formatInText(jungArticle, 'chicago', { label: 'page', value: '140' })).toBe('(Jung 2013, 140)');
    expect(formatInText(jungArticle, 'harvard', { label: 'page', value: '140' })).toBe(
      '(Jung, 2013, p. 140)',
    );
  });

  it('leaves the locator out when none is given', () => {
    for (const style of CITATION_STYLES) expect(formatInText(parkReport, style)).not.toMatch(/para|par\./);
  });
});
