import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { libraryEmbed } from '../../src/commands/library/list.js';
import { corpusOf } from '../../src/corpus/corpus.js';
import { loadCorpus } from '../../src/corpus/index.js';
import { embedLength } from '../../src/discord/markdown.js';

// Thirty small readings: more whole entries than one embed holds.
const directory = mkdtempSync(path.join(tmpdir(), 'lectern-library-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const fixture = readFileSync(new URL('../fixtures/corpus/extra/doe-2021.md.txt', import.meta.url), 'utf8');
for (let index = 1; index <= 30; index++) {
  const id = `doe-2021-${index}`;
  writeFileSync(
    path.join(directory, `${id}.md`),
    fixture
      .replace('id: doe-2021', `id: ${id}`)
      .replace('shortTitle: Doe (2021)', `shortTitle: Doe (2021) ${index}`),
  );
}
const corpus = loadCorpus(directory);

describe('/library on a large library', () => {
  it('shows whole entries within Discord’s limits and names every other document', () => {
    expect(corpus.documents).toHaveLength(30);
    const embed = libraryEmbed({ corpus });
    expect(embed.title).toBe('The library: 30 documents');
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    const listed = embed.fields ?? [];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.length).toBeLessThan(30);
    for (const field of listed) expect(field.value).not.toMatch(/…$/);
    const named = corpus.documents.slice(listed.length).map((document) => document.id);
    for (const id of named) expect(embed.description).toContain(`\`${id}\``);
  });
});

describe('/library list for a server', () => {
  it('puts the server’s own readings first, marked, and counts the two layers apart', () => {
    const [first, ...others] = corpus.documents;
    if (!first) throw new Error('no documents');
    const own = {
      ...first,
      id: 'own-2024',
      shortTitle: 'Own (2024)',
      origin: {
        guildId: 'g1',
        format: 'pdf' as const,
        sha256: 'a'.repeat(64),
        addedBy: 'u1',
        addedAt: 1_800_000_000_000,
        pages: 12,
      },
    };
    const embed = libraryEmbed({ corpus: corpusOf([...others.slice(0, 2), own]) }, 'g1');
    expect(embed.title).toBe('The library: 3 documents (1 added here, 2 shared)');
    expect(embed.fields?.[0]?.name).toBe('Own (2024) · added here');
    expect(embed.fields?.[0]?.value).toContain('Added <t:1800000000:D> from a PDF (12 pages)');
    // Another server sees the same document as nothing of its own.
    const elsewhere = libraryEmbed({ corpus: corpusOf([own]) }, 'g2');
    expect(elsewhere.fields?.[0]?.name).toBe('Own (2024)');
  });

  it('says how to add a reading when the library is empty', () => {
    const embed = libraryEmbed({ corpus: corpusOf([]) }, 'g1');
    expect(embed.title).toBe('The library is empty');
    expect(embed.description).toContain('/library add');
  });
});
