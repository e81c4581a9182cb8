import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const directory = mkdtempSync(path.join(tmpdir(), 'lectern-local-mode-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  // A test that failed half-way must not leave its bot running.
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(directory, { recursive: true, force: true });
});

/** `npm start` with no token: the stand-in, the real bot and the terminal, in a child process. */
function startLocalMode(): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    env: { PATH: process.env.PATH, DATABASE_PATH: path.join(directory, 'lectern.sqlite'), TZ: 'UTC' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    output += String(chunk);
  });
  return { child, output: () => output };
}

/** Resolves once the output holds `pattern`; the test's own timeout bounds the wait. */
async function waitForOutput(output: () => string, pattern: RegExp): Promise<string> {
  while (!pattern.test(output())) await new Promise((resolve) => setTimeout(resolve, 100));
  return output();
}

describe('local mode (npm start without a token)', () => {
  it('answers /cite query: military option with the Switch style menu and its options, then quits with 0', async () => {
    const { child, output } = startLocalMode();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitForOutput(output, /moderator> /);
    child.stdin.write('/cite query: military option\n');
    const shown = await waitForOutput(output, /Switch style ▾.*\n/);
    const reply = shown.slice(shown.indexOf('== APA 7'));
    expect(reply).toContain('== APA 7: Park (2013), para. 5 ==');
    expect(reply).toMatch(/In text:\*? \(Park, 2013, para\. 5\)/);
    const menu = /Switch style ▾ (.*)/.exec(reply)?.[1] ?? '';
    for (const label of [
      'APA 7 ✓',
      'MLA 9',
      'Chicago 17 (author-date)',
      'Harvard (Cite Them Right)',
      'BibTeX',
      'RIS',
    ])
      expect(menu).toContain(label);
    expect(menu.match(/\[\d+\]/g)).toHaveLength(6);
    // The README shows this reply as local mode prints it; it must not drift from the real output.
    const readme = readFileSync('README.md', 'utf8');
    const example = /`\/cite query: military option`[^\n]*\n[^`]*```text\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    expect(reply.slice(0, reply.indexOf('\n', reply.indexOf('Switch style ▾')))).toBe(example);
    child.stdin.write('quit\n');
    expect(await exited).toBe(0);
    expect(output()).not.toMatch(/\n\s+at /);
  }, 60_000);

  it('exits 0 on Ctrl-C as on quit', async () => {
    const { child, output } = startLocalMode();
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitForOutput(output, /moderator> /);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 60_000);
});
