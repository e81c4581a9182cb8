import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../../src/app/create.js';
import { commandHelp } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { CorpusError } from '../../src/corpus/index.js';
import { capturingLogger } from '../logs.js';
import { dataDirWith } from './helpers.js';

const created: string[] = [];
const withFixtures = (...fixtures: string[]) => {
  const directory = dataDirWith(...fixtures);
  created.push(directory);
  return directory;
};
afterEach(() => {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function startWith(dataDir: string, strict: string | undefined) {
  const { logger, lines: logs } = capturingLogger({ level: 'info' });
  const config = loadConfig({
    DATA_DIR: dataDir,
    DATABASE_PATH: path.join(dataDir, 'state', 'lectern.sqlite'),
    ...(strict === undefined ? {} : { STRICT_DATA: strict }),
  });
  return { start: () => createAppContext(config, logger, commandHelp), logs };
}

describe('start-up with a broken data file', () => {
  it('refuses to start by default, listing every problem and saying how to start anyway', async () => {
    const directory = withFixtures('malformed/many-mistakes.md', 'malformed/second-file.md');
    const { start } = startWith(directory, undefined);
    let thrown: unknown;
    try {
      await (await start()).close();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CorpusError);
    const message = (thrown as CorpusError).message;
    expect(message).toMatch(/^7 problems in 2 files/);
    expect(message).toContain('STRICT_DATA=false');
  });

  it('with STRICT_DATA=false, skips the broken file, logs its problems and serves the rest', async () => {
    const directory = withFixtures('malformed/many-mistakes.md');
    writeFileSync(path.join(directory, 'paper.pdf'), '%PDF-1.4\n');
    const { start, logs } = startWith(directory, 'false');
    const context = await start();
    try {
      expect(context.corpus.documents.map((document) => document.id)).toEqual(['jung-2013', 'park-2013']);
    } finally {
      await context.close();
    }
    const warnings = logs.map((line) => JSON.parse(line) as { level: number; msg: string; file?: string });
    const skipped = (name: string) =>
      warnings.filter((entry) => entry.level === 40 && path.basename(entry.file ?? '') === name);
    expect(warnings.filter((entry) => entry.level === 40)).toHaveLength(2);
    expect(skipped('many-mistakes.md')[0]?.msg).toMatch(/6 problems, skipped/);
    expect(JSON.stringify(skipped('many-mistakes.md'))).toContain('did you mean `fullText`?');
    expect(skipped('paper.pdf')[0]?.msg).toMatch(/not a library document.*\*\.md/);
  });
});

describe('npm run validate-data', () => {
  it('prints every problem of every file in one run and exits 1', () => {
    const directory = withFixtures('malformed/many-mistakes.md', 'malformed/second-file.md');
    writeFileSync(path.join(directory, 'notes.docx'), 'x');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/validate-data.ts', directory], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const problemLines = run.stderr.split('\n').filter((line) => /\.md:\d+: /.test(line));
    expect(problemLines).toHaveLength(7);
    expect(run.stderr).toContain('7 problems in 2 files');
    expect(run.stderr).toMatch(/notes\.docx: not a library document/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
