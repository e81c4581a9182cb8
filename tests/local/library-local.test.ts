import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArticlePdf } from '../ingest/build.js';

/**
 * Issue 12's "done when", as a newcomer meets it: `npm start` without a token, a moderator at the terminal
 * adds a PDF from disk and a web page by its address, and /search, /cite (page locators) and /compare work
 * on them; another server never sees them.
 */
const directory = mkdtempSync(path.join(tmpdir(), 'lectern-local-library-'));
const pdfPath = path.join(directory, 'reading in groups.pdf');
let page: Server;
let pageUrl = '';
let child: ChildProcessWithoutNullStreams | undefined;

beforeAll(async () => {
  writeFileSync(pdfPath, await buildArticlePdf());
  const html = readFileSync(new URL('../fixtures/ingest/article.html', import.meta.url));
  page = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/reading-together.html`;
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await new Promise((resolve) => page.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

describe('bringing readings in local mode', () => {
  it('adds a PDF from disk and a web page by address; search, cite and compare use them; a second server does not see them', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      env: {
        PATH: process.env.PATH,
        DATABASE_PATH: path.join(directory, 'lectern.sqlite'),
        // The web page is served on loopback, which a member-typed URL may not reach by default.
        FETCH_PRIVATE_NETWORKS: 'true',
        TZ: 'UTC',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    const running = child;
    /** Types a line and returns what the terminal printed until `done` appears after it. */
    const type = async (line: string, done: RegExp): Promise<string> => {
      const from = output.length;
      running.stdin.write(`${line}\n`);
      const deadline = Date.now() + 30_000;
      while (!done.test(output.slice(from))) {
        if (Date.now() > deadline) throw new Error(`no ${done} after ${line}:\n${output.slice(from)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return output.slice(from);
    };
    while (!/moderator> /.test(output)) await new Promise((resolve) => setTimeout(resolve, 100));

    const pdf = await type(`/library add file: "${pdfPath}"`, /Added\.[\s\S]*moderator> /);
    expect(pdf).toMatch(/Reading in groups/i);
    const web = await type(`/library add url: ${pageUrl}`, /Added\.[\s\S]*moderator> /);
    expect(web).toMatch(/Reading together/i);

    const search = await type('/search query: readers argue about the claim', /moderator> /);
    expect(search).toMatch(/Doe \(n\.d\.\), p\. 2/);
    expect(search).toMatch(/p\. 2/);
    const cite = await type('/cite query: readers argue about the claim', /Switch style ▾[\s\S]*moderator> /);
    expect(cite).toMatch(/\(Doe, \d{4}, p\. 2\)|\(Doe, n\.d\., p\. 2\)/);
    const compare = await type('/compare topic: study groups argue', /moderator> /);
    expect(compare).toMatch(/Park & Kim \(2021\)|Reading together/i);
    expect(compare).not.toMatch(/Something went wrong/);

    // A second server: the readings stay in the first.
    await type('guild 2', /moderator \[Reading Group 2\]> /);
    const elsewhere = await type(
      '/search query: readers argue about the claim',
      /moderator \[Reading Group 2\]> /,
    );
    expect(elsewhere).not.toMatch(/Doe \(n\.d\.\)/);
    const list = await type('/library list', /moderator \[Reading Group 2\]> /);
    expect(list).not.toMatch(/Reading together|Doe \(n\.d\.\)/i);

    running.stdin.write('quit\n');
    const code = await new Promise<number | null>((resolve) => running.on('exit', (exit) => resolve(exit)));
    expect(code).toBe(0);
    expect(output).not.toMatch(/\n\s+at /);
  }, 120_000);
});
