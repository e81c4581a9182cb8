import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_DIR } from '../../src/corpus/index.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/corpus/', import.meta.url));
export const REAL_DATA_FILES = ['park-2013.md', 'jung-2013.md'];

/**
 * A temporary data directory holding the real data files plus the named fixture files. Fixtures are
 * stored as `*.md.txt` (Biome would reformat `*.md` front matter) and copied in as `*.md`.
 */
export function dataDirWith(...fixtures: string[]): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'lectern-corpus-'));
  for (const file of REAL_DATA_FILES) copyFileSync(path.join(DATA_DIR, file), path.join(directory, file));
  for (const fixture of fixtures) {
    copyFileSync(path.join(FIXTURES_DIR, `${fixture}.txt`), path.join(directory, path.basename(fixture)));
  }
  return directory;
}

export function readSeed(name: 'A' | 'B'): string {
  const file = name === 'A' ? '000_48f350c6a961b6ed.txt' : '001_2764e67b44e90b13.txt';
  return readFileSync(path.join(FIXTURES_DIR, 'seeds', file), 'utf8');
}
