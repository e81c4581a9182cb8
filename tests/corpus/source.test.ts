import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { FIXTURES_DIR, readSeed } from './helpers.js';

// The data files were transcribed from the seeds; these tests keep them from drifting away from the source.
const corpus = loadCorpus(DATA_DIR);

/** Seed A with the page break inside paragraph 5 joined, as the data file joins it. */
function joinedSeedA(): string {
  return readSeed('A').replace(
    'In this respect, any\n\nfuture Security Council',
    'In this respect, any future Security Council',
  );
}

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('data files match the source texts', () => {
  it('the page break is where the data file says it is', () => {
    expect(occurrences(readSeed('A'), 'In this respect, any\n\nfuture Security Council')).toBe(1);
  });

  it('every paragraph of Park (2013) is a whole paragraph of the source, in order', () => {
    const sourceParagraphs = joinedSeedA()
      .split(/\n\s*\n/)
      .map((block) => block.trim())
      .filter(Boolean);
    const paragraphs = corpus.getDocument('park-2013')?.passages.map((passage) => passage.text) ?? [];
    expect(paragraphs).toHaveLength(7);
    for (const paragraph of paragraphs) expect(occurrences(joinedSeedA(), paragraph)).toBe(1);
    const positions = paragraphs.map((paragraph) => sourceParagraphs.indexOf(paragraph));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(Math.min(...positions)).toBeGreaterThan(0);
  });

  it('the byline and disclaimer come from the source', () => {
    const park = corpus.getDocument('park-2013');
    const seed = readSeed('A');
    expect(seed).toContain(`*${park?.disclaimer}*`);
    const bylineTail = park?.authorNote?.replace(/^Jinho Park /, '') ?? '';
    expect(seed).toContain(bylineTail);
  });

  it('the abstract, keywords and every reference of Jung (2013) occur in the source', () => {
    const seed = readSeed('B');
    const lines = seed.split('\n').map((line) => line.trim());
    const jung = corpus.getDocument('jung-2013');
    expect(lines).toContain(corpus.getPassage('jung-2013#abstract')?.text);
    expect(lines).toContain(jung?.keywords.join(' '));
    for (const reference of jung?.references ?? []) expect(lines, reference.raw).toContain(reference.raw);
    const sourceEntries = lines.filter((line) => /^[A-Z][^.]*[.,] .*\b(19|20)\d\d\. /.test(line));
    expect(jung?.references).toHaveLength(sourceEntries.length);
    expect(jung?.references.map((reference) => reference.raw)).toEqual(sourceEntries);
  });

  const sharedSeeds = path.resolve(DATA_DIR, '..', '..', 'shared', 'seeds');
  it.skipIf(!existsSync(sharedSeeds))('the fixture copies of the seeds equal the shared originals', () => {
    for (const file of ['000_48f350c6a961b6ed.txt', '001_2764e67b44e90b13.txt']) {
      expect(readFileSync(path.join(FIXTURES_DIR, 'seeds', file), 'utf8')).toBe(
        readFileSync(path.join(sharedSeeds, file), 'utf8'),
      );
    }
  });
});
