import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { createAppContext } from '../../src/app/create.js';
import { commandHelp } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import type { Bot } from '../../src/discord/client.js';
import { type Standin, type StandinOptions, startStandin } from '../../src/discord-standin/server.js';
import { startBotOnStandin } from '../../src/local/standin-bot.js';
import { createLogger } from '../../src/logger.js';

export interface Harness {
  standin: Standin;
  bot: Bot;
  context: AppContext;
  logs: string[];
  stop(): Promise<void>;
}

/** The real bot, with the real discord.js client, talking to the stand-in over loopback. */
export async function startHarness(
  options: StandinOptions & {
    databaseDir?: string;
    dataDir?: string;
    /** Further environment variables for the bot's configuration (e.g. OPERATOR_IDS). */
    env?: Record<string, string>;
  } = {},
): Promise<Harness> {
  const standin = await startStandin(options);
  const directory = options.databaseDir ?? mkdtempSync(join(tmpdir(), 'lectern-e2e-'));
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, callback) {
        logs.push(String(chunk));
        callback();
      },
    }),
  });
  const config = loadConfig({
    DATABASE_PATH: join(directory, 'lectern.sqlite'),
    LOG_LEVEL: 'debug',
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    ...options.env,
  });
  const context = createAppContext(config, logger, commandHelp);
  const bot = await startBotOnStandin(context, standin);
  return {
    standin,
    bot,
    context,
    logs,
    async stop() {
      await bot.stop();
      context.close();
      await standin.close();
      if (!options.databaseDir) rmSync(directory, { recursive: true, force: true });
    },
  };
}

export const option = (name: string, value: string | number | boolean, focused = false) => ({
  name,
  type: typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : 4,
  value,
  ...(focused ? { focused: true } : {}),
});

/** Whatever a test did, Discord would have accepted every payload and nothing could ping anyone. */
export function expectDiscordAccepted(harness: Harness): void {
  expect(harness.standin.violations).toEqual([]);
  for (const mentions of harness.standin.allowedMentions) expect(mentions).toEqual({ parse: [] });
}

/**
 * One harness for a test file: started before its tests, stopped after them, and checked after each test
 * for payloads Discord would refuse and for anything that could ping.
 */
export function useHarness(options?: Parameters<typeof startHarness>[0]): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness(options);
  });
  afterAll(async () => {
    await started?.stop();
  });
  afterEach(() => {
    if (started) expectDiscordAccepted(started);
  });
  const current = (): Harness => {
    if (!started) throw new Error('the harness starts in beforeAll; use it inside a test');
    return started;
  };
  return {
    get standin() {
      return current().standin;
    },
    get bot() {
      return current().bot;
    },
    get context() {
      return current().context;
    },
    get logs() {
      return current().logs;
    },
    stop: () => current().stop(),
  };
}
