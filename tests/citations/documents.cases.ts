import { describe, expect, it } from 'vitest';
import type { CitationStyle } from '../../src/citations/index.js';
import { formatInText, formatReference } from '../../src/discord/citing.js';
import { jungArticle, parkReport, TODAY, TODAY_CITE_THEM_RIGHT } from './fixtures.js';

/*
 * Expected strings written from the manuals' rules: APA 7 (10.4 reports with a series number, sentence-case
 * titles, 8.28 paragraph locators "para."), MLA 9 (5.x core elements, season with year, abbreviated page
 * range "133–57", 6.23 "par."), Chicago 17 author-date (15.9, 14.220 working papers in quotation marks,
 * page range 133–57, "para." locators), Cite Them Right 12th Harvard (sentence case, 'single quotes',
 * "Available at:", pp.). Where CSL's output differs from a manual it is documented in the README.
 */

const PARK_URL = 'https://pacforum.org/publications/pacnet-9a-coercive-engagement-toward-north-korea/';
const JUNG_URL = 'https://kj.accesson.kr/v.53/3/133/8333';

const references: Record<CitationStyle, [string, string]> = {
  apa: [
    `Park, J. (2013). *Coercive engagement toward North Korea* (PacNet No. 9A). Pacific Forum CSIS. ${PARK_URL}`,
    `Jung, H. (2013). Strategies for positive engagement with North Korea. *Korea Journal*, *53*(3), 133–157. ${JUNG_URL}`,
  ],
  mla: [
    `Park, Jinho. *Coercive Engagement toward North Korea*. PacNet, no. 9A, Pacific Forum CSIS, 2013, ${PARK_URL}.`,
    `Jung, Haangsok. “Strategies for Positive Engagement with North Korea.” *Korea Journal*, vol. 53, no. 3, Autumn 2013, pp. 133–57, ${JUNG_URL}.`,
  ],
  chicago: [
    `Park, Jinho. 2013. “Coercive Engagement toward North Korea.” PacNet 9A. Honolulu: Pacific Forum CSIS. ${PARK_URL}.`,
    `Jung, Haangsok. 2013. “Strategies for Positive Engagement with North Korea.” *Korea Journal* 53 (3): 133–57. ${JUNG_URL}.`,
  ],
  harvard: [
    `Park, J. (2013) *Coercive engagement toward North Korea*. PacNet 9A. Honolulu: Pacific Forum CSIS. Available at: ${PARK_URL} (Accessed: ${TODAY_CITE_THEM_RIGHT}).`,
    `Jung, H. (2013) ‘Strategies for positive engagement with North Korea’, *Korea Journal*, 53(3), pp. 133–157. Available at: ${JUNG_URL} (Accessed: ${TODAY_CITE_THEM_RIGHT}).`,
  ],
};

const inText: Record<CitationStyle, [string, string]> = {
  apa: ['(Park, 2013, para. 5)', '(Jung, 2013, abstract)'],
  mla: ['(Park, par. 5)', '(Jung, abstract)'],
  chicago: ['(Park 2013, para. 5)', '(Jung 2013, abstract)'],
  harvard: ['(Park, 2013, para. 5)', '(Jung, 2013, abstract)'],
};

describe.each(Object.keys(references) as CitationStyle[])('%s', (style) => {
  it('formats document A (a numbered PacNet commentary) as its reference-list entry', () => {
    expect(formatReference(parkReport, style, TODAY)).toBe(references[style][0]);
  });

  it('formats document B (a journal article) as its reference-list entry', () => {
    expect(formatReference(jungArticle, style, TODAY)).toBe(references[style][1]);
  });

  it('cites paragraph 5 of document A in the text', () => {
    expect(formatInText(parkReport, style, { label: 'paragraph', value: '5' })).toBe(inText[style][0]);
  });

  it("cites document B's abstract in the text", () => {
    expect(formatInText(jungArticle, style, { literal: 'abstract' })).toBe(inText[style][1]);
  });

  it('adds nothing the metadata lacks: no DOI, no day or month, no "n.d."', () => {
    for (const item of [parkReport, jungArticle]) {
      // The access date Cite Them Right prints is the day the reference is made, not a fact of the work.
      const reference = formatReference(item, style, TODAY).replace(
        ` (Accessed: ${TODAY_CITE_THEM_RIGHT})`,
        '',
      );
      const output = [reference, formatInText(item, style)].join(' ');
      expect(output).not.toMatch(/doi|n\.d\./i);
      expect(output).not.toMatch(
        /\b(January|February|March|April|May|June|July|August|September|October|November|December|(Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec)\.)(?![a-z])|\b2013, \d|\d{1,2} 2013/,
      );
    }
  });
});

it('MLA 9 writes the Number element with its label: "PacNet, no. 9A"', () => {
  expect(formatReference(parkReport, 'mla', TODAY)).toContain('PacNet, no. 9A,');
});

it('Cite Them Right ends an online source "Available at: URL (Accessed: date)", the day of the reference', () => {
  const later = new Date('2027-03-04T23:59:00Z');
  expect(formatReference(parkReport, 'harvard', later)).toMatch(/\/ \(Accessed: 4 March 2027\)\.$/);
  expect(formatReference(parkReport, 'harvard', TODAY)).toContain(`(Accessed: ${TODAY_CITE_THEM_RIGHT})`);
  // The other styles print no access date for a dated work, and the stored item holds none.
  for (const style of ['apa', 'mla', 'chicago'] as const) {
    expect(formatReference(parkReport, style, later)).not.toContain('Accessed');
  }
  expect(parkReport).not.toHaveProperty('accessed');
});

it('MLA is the only style that prints the season of document B', () => {
  expect(formatReference(jungArticle, 'mla', TODAY)).toContain('Autumn 2013');
  for (const style of ['apa', 'chicago', 'harvard'] as const) {
    expect(formatReference(jungArticle, style, TODAY)).not.toMatch(/Autumn|Fall/);
  }
});
