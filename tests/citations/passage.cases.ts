import { describe, expect, it } from 'vitest';
import { CITATION_STYLES, type CitationStyle, citePassage } from '../../src/citations/index.js';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import type { CslItem } from '../../src/corpus/types.js';
import { toPlainText } from '../../src/text/rich-text.js';
import { TODAY } from './fixtures.js';

const corpus = loadCorpus(DATA_DIR);
const jung = corpus.getDocument('jung-2013');
if (!jung) throw new Error('jung-2013 missing from the library');

function referencePassage(number: number) {
  const passage = jung?.passages.find(
    (candidate) => candidate.kind === 'reference' && candidate.ordinal === number,
  );
  if (!passage) throw new Error(`no reference ${number}`);
  return passage;
}

/** The name a style puts first for a work: its first author's or editor's family name, or the literal. */
function leadName(item: CslItem): string {
  const first = item.author?.[0] ?? item.editor?.[0];
  return first?.family ?? first?.literal ?? '';
}

describe('a reference-list entry is cited as the work it names, through the document that lists it', () => {
  const yoon = referencePassage(48);

  it.each([
    [
      'apa',
      'APA 7 (8.6): "(Author, year, as cited in Source, year)"',
      '(Yoon, 2002, as cited in Jung, 2013)',
    ],
    ['mla', 'MLA 9: "qtd. in" before the source consulted', '(Yoon, qtd. in Jung)'],
    ['chicago', 'Chicago 17 (15.52): "quoted in"', '(Yoon 2002, quoted in Jung 2013)'],
    ['harvard', 'Cite Them Right: "cited in"', '(Yoon, 2002, cited in Jung, 2013)'],
  ] as Array<[CitationStyle, string, string]>)('%s, %s', (style, _rule, expected) => {
    const citation = citePassage(jung, yoon, style, { today: TODAY });
    expect(toPlainText(citation.inText)).toBe(expected);
    expect(citation.work.id).toBe('jung-2013-ref-48');
    expect(toPlainText(citation.reference)).toMatch(/^Yoon, Y/);
    expect(citation.listedIn?.work.id).toBe('jung-2013');
    expect(toPlainText(citation.listedIn?.reference ?? [])).toMatch(/^Jung, H/);
  });

  it.each(CITATION_STYLES)(
    'in %s, no entry of the library is attributed to the document that lists it',
    (style) => {
      const entries = corpus.documents.flatMap((document) =>
        document.references.map((entry) => ({ document, entry })),
      );
      expect(entries.length).toBeGreaterThan(40);
      for (const { document, entry } of entries) {
        const passage = document.passages.find(
          (candidate) => candidate.kind === 'reference' && candidate.ordinal === entry.number,
        );
        if (!passage) throw new Error(`${document.id}: no passage for reference ${entry.number}`);
        const inText = toPlainText(citePassage(document, passage, style).inText);
        const listing = leadName(document.csl);
        // The cited work's own name comes first; the listing document follows only after the style's phrase.
        expect(inText.startsWith(`(${leadName(entry.csl)}`), `${entry.csl.id}: ${inText}`).toBe(true);
        expect(inText, entry.csl.id).not.toMatch(/reference \d/);
        expect(inText.indexOf(listing), entry.csl.id).toBeGreaterThan(inText.indexOf(' in '));
      }
    },
  );

  it('cites a paragraph, the abstract and the keywords as the document’s own words, at that place', () => {
    const park = corpus.getDocument('park-2013');
    const paragraph = park?.passages.find((candidate) => candidate.locator === 'para. 5');
    if (!park || !paragraph) throw new Error('park-2013 para. 5');
    expect(toPlainText(citePassage(park, paragraph, 'apa').inText)).toBe('(Park, 2013, para. 5)');
    const abstract = jung.passages.find((candidate) => candidate.kind === 'abstract');
    if (!abstract) throw new Error('abstract');
    const citation = citePassage(jung, abstract, 'chicago');
    expect(toPlainText(citation.inText)).toBe('(Jung 2013, abstract)');
    expect(citation.listedIn).toBeUndefined();
  });
});
