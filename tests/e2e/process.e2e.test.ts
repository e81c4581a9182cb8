import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Standin, startStandin } from '../../src/discord-standin/server.js';
import { freePort } from '../support/ports.js';
import { option } from './harness.js';
import { until } from './until.js';

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
    // Right after READY the bot compiles the citation styles, a second of CPU (far more on a loaded machine)
    // that an interaction would wait behind: count it ready once that is done.
    await until(() => /citation styles compiled/.test(output), 'the bot to be ready', 60_000);
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

interface BotProcess {
  pid: number;
  output(): string;
  exited: Promise<number | null>;
  /** Resolves once the process has printed `text`; rejects if it exits first or the time runs out. */
  printed(text: string, timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

/** Processes a test started and has not seen exit: a failed test must not leave a bot running. */
const running = new Set<ReturnType<typeof spawn>>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

function startBot(env: Record<string, string>, preload: string[] = []): BotProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...preload.flatMap((file) => ['--import', file]), 'src/index.ts'],
    { env: { PATH: process.env.PATH, LOG_LEVEL: 'debug', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const append = (chunk: unknown) => {
    output += String(chunk);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return {
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    kill: (signal) => child.kill(signal),
    async printed(text, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let gone = false;
      void exited.then(() => {
        gone = true;
      });
      while (!output.includes(text)) {
        if (gone) throw new Error(`the bot exited without printing "${text}":\n${output}`);
        if (Date.now() > deadline) throw new Error(`the bot did not print "${text}":\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

const fatalLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message: string } })
    .filter((line) => line.level === 60);

describe('the bot as a process: crashes and refusals', () => {
  const botEnv = (databaseName: string) => ({
    DISCORD_TOKEN: standin.token,
    DISCORD_API_URL: standin.apiUrl,
    DATABASE_PATH: join(directory, databaseName),
  });

  for (const kind of ['exception', 'rejection'] as const) {
    it(`logs an uncaught ${kind} as fatal through pino and exits non-zero`, async () => {
      const bot = startBot({ ...botEnv(`crash-${kind}.sqlite`), LECTERN_TEST_CRASH: kind }, [
        './tests/e2e/crash-on-signal.ts',
      ]);
      await bot.printed('connected to Discord');
      bot.kill('SIGUSR2');
      expect(await bot.exited).toBe(1);
      const [fatal, ...more] = fatalLines(bot.output());
      expect(more).toEqual([]);
      expect(fatal?.msg).toBe(
        kind === 'exception' ? 'uncaught exception: exiting' : 'unhandled promise rejection: exiting',
      );
      expect(fatal?.err?.message).toMatch(/^test fault: /);
      expect(bot.output()).not.toContain(standin.token);
    });
  }

  it('exits non-zero with a fatal line naming the cause when Discord answers 401 to the bot token', async () => {
    const revoking = await startStandin();
    try {
      const bot = startBot({
        DISCORD_TOKEN: revoking.token,
        DISCORD_API_URL: revoking.apiUrl,
        DATABASE_PATH: join(directory, 'revoked.sqlite'),
      });
      await bot.printed('connected to Discord');
      // The token was reset: every request made with it is refused, while the gateway stays connected.
      revoking.failNext(/^(?!\S+ \/(?:interactions|webhooks)\/)/, 401, 1000);
      const channelId = revoking.addChannel('week-1');
      const start = revoking.command(
        'session',
        [{ name: 'start', type: 1, options: [option('document', 'park-2013')] }],
        { channelId, user: revoking.users.moderator },
      );
      start.response.catch(() => undefined);
      expect(await bot.exited).toBe(1);
      const fatal = fatalLines(bot.output());
      expect(fatal).toHaveLength(1);
      expect(fatal[0]?.msg).toMatch(/401 Unauthorized.*DISCORD_TOKEN/);
      expect(revoking.requests.filter((request) => request.status === 401).length).toBeGreaterThanOrEqual(1);
      expect(bot.output()).not.toContain(revoking.token);
    } finally {
      await revoking.close();
    }
  });

  it('refuses a second process on the same database, naming the first, and takes over after a kill -9', async () => {
    const env = botEnv('shared.sqlite');
    const first = startBot(env);
    await first.printed('connected to Discord');
    const second = startBot(env);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(
      new RegExp(
        `Another Lectern is already running on DATABASE_PATH=.*shared\\.sqlite: pid ${first.pid} on host `,
      ),
    );
    expect(second.output()).not.toContain('connected to Discord');
    expect(second.output()).not.toMatch(/\n\s+at /);

    first.kill('SIGKILL');
    await first.exited;
    const third = startBot(env);
    await third.printed('connected to Discord');
    expect(third.output()).toContain('took over the instance lock of a Lectern that is gone');
    third.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 120_000);

  it('fails at start-up on a file that is not a database, naming DATABASE_PATH, not a stack trace', async () => {
    const notADatabase = join(directory, 'reading-notes.txt');
    writeFileSync(notADatabase, 'chapter one: notes, not a database\n'.repeat(100));
    const bot = startBot({ ...botEnv('unused.sqlite'), DATABASE_PATH: notADatabase });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain(`DATABASE_PATH=${notADatabase}: the file is not a Lectern database`);
    expect(bot.output()).not.toMatch(/\n\s+at /);
  });

  it('fails at start-up on a Postgres that refuses, naming DATABASE_URL without its password', async () => {
    const closedPort = await freePort();
    const bot = startBot({
      ...botEnv('unused.sqlite'),
      DATABASE_URL: `postgres://lectern:s3cret-pw@127.0.0.1:${closedPort}/lectern`,
    });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain(`DATABASE_URL=postgres://lectern:***@127.0.0.1:${closedPort}/lectern:`);
    expect(bot.output()).toContain('is the Postgres server running');
    expect(bot.output()).not.toContain('s3cret-pw');
    expect(bot.output()).not.toMatch(/\n\s+at /);
  });
});
