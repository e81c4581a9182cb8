import { describe, expect, it } from 'vitest';
import { CITATION_STYLES, formatReferenceEntries } from '../../src/citations/index.js';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { formatInText } from '../../src/discord/citing.js';
import { toPlainText } from '../../src/text/rich-text.js';

/** Every work in the real library, formatted in every style: nothing throws, nothing is added. */
describe('the real corpus', () => {
  const corpus = loadCorpus(DATA_DIR);
  const items = corpus.documents.flatMap((document) => [
    document.csl,
    ...document.references.map((r) => r.csl),
  ]);

  it('holds both documents and their reference entries', () => {
    expect(corpus.getDocument('park-2013')).toBeDefined();
    expect(items.length).toBeGreaterThan(40);
  });

  it.each(CITATION_STYLES)('formats every item in %s without inventing fields', (style) => {
    const entries = new Map(
      formatReferenceEntries(items, style).map((entry) => [entry.id, toPlainText(entry.reference)]),
    );
    expect(entries.size).toBe(items.length);
    for (const item of items) {
      const reference = entries.get(item.id) ?? '';
      expect(reference.length, item.id).toBeGreaterThan(10);
      expect(reference, item.id).not.toMatch(/doi\.org|\bdoi:/i);
      if (item.issued) expect(reference, item.id).not.toMatch(/\bn\.d\./);
      if (!item.URL) expect(reference, item.id).not.toMatch(/https?:\/\//);
      if (!item.page) expect(reference, item.id).not.toMatch(/\bpp?\. \d/);
      if (!item.publisher) expect(reference, item.id).not.toMatch(/Press|Publishing/);
      expect(reference, item.id).not.toContain('In .');
    }
  });

  it('cites every item by its own first author or editor', () => {
    for (const item of items) {
      const family = item.author?.[0]?.family ?? item.editor?.[0]?.family ?? item.author?.[0]?.literal;
      if (family) expect(formatInText(item, 'apa'), item.id).toContain(family);
    }
  });
});
