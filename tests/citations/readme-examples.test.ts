import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CitationStyle, exportItems, STYLE_LABELS } from '../../src/citations/index.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { formatReference, passageCitation } from '../../src/discord/citing.js';
import { TODAY } from './fixtures.js';

/**
 * The README's table of one example per style is a promise to users; each row is re-formatted from the real
 * corpus here, so a style or data change that alters the output cannot leave the README behind.
 */
const corpus = loadCorpus('data');
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

const labelToStyle = new Map<string, CitationStyle>([
  ['APA 7', 'apa'],
  ['MLA 9', 'mla'],
  ['Chicago 17 author-date', 'chicago'],
  ['Harvard (Cite Them Right)', 'harvard'],
]);

const rows = [
  ...readme.matchAll(
    /^\| (APA 7|MLA 9|Chicago 17 author-date|Harvard \(Cite Them Right\)) \| (.+?) \| (.+?) \|$/gm,
  ),
];

function passageFor(documentId: string, locator: string) {
  const passage = corpus.passages.find(
    (candidate) => candidate.documentId === documentId && candidate.locator === locator,
  );
  if (!passage) throw new Error(`no passage ${locator} in ${documentId}`);
  return passage;
}

describe('README citation examples', () => {
  it('shows every style for both documents', () => {
    const styles = rows.map((row) => labelToStyle.get(row[1] as string));
    expect(new Set(styles)).toEqual(new Set(['apa', 'mla', 'chicago', 'harvard']));
    expect(rows.filter((row) => (row[3] as string).startsWith('Park'))).toHaveLength(4);
    expect(rows.filter((row) => (row[3] as string).startsWith('Jung'))).toHaveLength(4);
    for (const style of labelToStyle.values()) expect(STYLE_LABELS[style]).toBeTruthy();
  });

  it.each(rows.map((row) => [row[1], row[2], row[3]] as [string, string, string]))(
    '%s: %s is what Lectern prints',
    (label, inText, reference) => {
      const style = labelToStyle.get(label) as CitationStyle;
      const documentId = reference.startsWith('Park') ? 'park-2013' : 'jung-2013';
      const document = corpus.getDocument(documentId);
      if (!document) throw new Error(documentId);
      const locator = /\(.*?,?\s(?:2013, )?(.+)\)$/.exec(inText)?.[1] ?? '';
      const shown = locator === 'par. 5' ? 'para. 5' : locator;
      expect(passageCitation(document, passageFor(documentId, shown), style, TODAY).inText).toBe(inText);
      expect(formatReference(document.csl, style, TODAY)).toBe(reference);
    },
  );

  const secondaryRows = [
    ...readme.matchAll(
      /^\| (APA 7|MLA 9|Chicago 17 author-date|Harvard \(Cite Them Right\)) \| (\(.+?\)) \|$/gm,
    ),
  ];

  it.each(secondaryRows.map((row) => [row[1], row[2]] as [string, string]))(
    '%s cites reference 12 of Jung (2013) as %s, the work it names through the list',
    (label, inText) => {
      const jung = corpus.getDocument('jung-2013');
      if (!jung) throw new Error('jung-2013');
      const citation = passageCitation(
        jung,
        passageFor('jung-2013', 'reference 12'),
        labelToStyle.get(label) as CitationStyle,
        TODAY,
      );
      expect(citation.inText).toBe(inText);
    },
  );

  it('shows the secondary citation in every style', () => {
    expect(secondaryRows).toHaveLength(4);
  });

  it('shows the BibTeX and RIS exports Lectern attaches', () => {
    const bibtex = /```bibtex\n([\s\S]*?)\n```/.exec(readme)?.[1];
    const ris = /```text\n(TY {2}- [\s\S]*?)\n```/.exec(readme)?.[1];
    const park = corpus.getDocument('park-2013');
    const jung = corpus.getDocument('jung-2013');
    if (!park || !jung) throw new Error('documents missing');
    expect(bibtex).toBe(exportItems([park.csl], 'bibtex'));
    expect(ris).toBe(exportItems([jung.csl], 'ris'));
  });
});
