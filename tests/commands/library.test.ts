import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { libraryEmbed } from '../../src/commands/library/list.js';
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
