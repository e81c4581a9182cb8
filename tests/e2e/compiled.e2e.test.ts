import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Standin, startStandin } from '../../src/discord-standin/server.js';
import { option } from './harness.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

let standin: Standin;
let directory: string;
beforeAll(async () => {
  standin = await startStandin();
  directory = mkdtempSync(join(tmpdir(), 'lectern-compiled-'));
});
afterAll(async () => {
  await standin.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('the compiled bot (what npm start runs)', () => {
  it('builds, connects from dist/, answers /search from the data/ it finds, and exits 0 on SIGTERM', async () => {
    // The same step as `prestart`; incremental, so a second run costs little.
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
    // Started from another folder, so the data/ it answers from was found by walking up from dist/src/.
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'index.js')], {
      cwd: directory,
      env: {
        PATH: process.env.PATH,
        DISCORD_TOKEN: standin.token,
        DISCORD_API_URL: standin.apiUrl,
        DATABASE_PATH: join(directory, 'lectern.sqlite'),
        LOG_LEVEL: 'info',
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
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    await standin.waitForIdentify(30_000);
    await new Promise((done) => setTimeout(done, 300));
    const response = await standin.command('search', [option('query', 'Security Council')]).response;
    expect(response.type).toBe(4);
    expect(JSON.stringify(response.data)).toContain('Security Council');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('connected to Discord');
  }, 120_000);
});
