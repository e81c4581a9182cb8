import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Standin, startStandin } from '../../src/discord-standin/server.js';
import { option } from './harness.js';

let standin: Standin;
let directory: string;
beforeAll(async () => {
  standin = await startStandin();
  directory = mkdtempSync(join(tmpdir(), 'lectern-process-'));
});
afterAll(async () => {
  await standin.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the bot as a process (npm start with a token)', () => {
  it('connects with DISCORD_TOKEN and DISCORD_API_URL, answers, never logs the token, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: standin.token,
        DISCORD_API_URL: standin.apiUrl,
        DATABASE_PATH: join(directory, 'lectern.sqlite'),
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await standin.waitForIdentify(30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const response = await standin.command('search', [option('query', 'Security Council')]).response;
    expect(response.type).toBe(4);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('connected to Discord');
    expect(output).toContain('shutting down');
    expect(output).not.toContain(standin.token);
  });

  it('fails at start-up on bad configuration with the variable named, not a stack trace', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: { PATH: process.env.PATH, DISCORD_TOKEN: standin.token, LOG_LEVEL: 'shouty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on('exit', (exitCode) => resolve(exitCode)),
    );
    expect(code).toBe(1);
    expect(output).toContain('LOG_LEVEL');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('fails at start-up on a malformed data file, naming the file and the field', async () => {
    const dataDir = join(directory, 'bad-data');
    mkdirSync(dataDir);
    writeFileSync(
      join(dataDir, 'broken.md'),
      '---\nid: broken\nshortTitle: Broken (2020)\nfullText: true\ncsl:\n  type: report\n  issued:\n    date-parts: [[2020]]\n---\n\n## Text\n\nA paragraph.\n',
    );
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: { PATH: process.env.PATH, DISCORD_TOKEN: standin.token, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const code = await new Promise<number | null>((resolve) =>
      child.on('exit', (exitCode) => resolve(exitCode)),
    );
    expect(code).toBe(1);
    expect(output).toContain('broken.md');
    expect(output).toContain('csl.title');
    expect(output).not.toMatch(/\n\s+at /);
  });
});
