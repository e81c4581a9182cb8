import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { createAppContext } from '../../src/app/create.js';
import { commandHelp, commands as registry } from '../../src/commands/index.js';
import type { Command } from '../../src/commands/types.js';
import { loadConfig } from '../../src/config.js';
import type { Bot } from '../../src/discord/client.js';
import {
  type InteractionRecord,
  type Standin,
  type StandinAttachment,
  type StandinGuild,
  type StandinOptions,
  startStandin,
} from '../../src/discord-standin/server.js';
import { deployToStandinGuild, startBotOnStandin } from '../../src/local/standin-bot.js';
import { capturingLogger } from '../logs.js';
import { until } from './until.js';

export interface Harness {
  standin: Standin;
  bot: Bot;
  context: AppContext;
  logs: string[];
  stop(): Promise<void>;
  /**
   * Another server with the bot in it: its own #reading-room and @everyone, the commands registered there,
   * and resolved once the bot's client has it. Pass `guildId: guild.id` to the stand-in's interactions.
   */
  addGuild(name?: string): Promise<StandinGuild>;
}

export interface HarnessOptions extends StandinOptions {
  databaseDir?: string;
  dataDir?: string;
  /** The commands the bot runs; default: the registry. Tests may add a test-only command. */
  commands?: readonly Command[];
  /** Further environment for loadConfig, e.g. { OPERATOR_IDS: '…' }. */
  env?: Record<string, string>;
}

/** The real bot, with the real discord.js client, talking to the stand-in over loopback. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const standin = await startStandin(options);
  const directory = options.databaseDir ?? mkdtempSync(join(tmpdir(), 'lectern-e2e-'));
  const { logger, lines: logs } = capturingLogger();
  const config = loadConfig({
    DATABASE_PATH: join(directory, 'lectern.sqlite'),
    LOG_LEVEL: 'debug',
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    ...options.env,
  });
  const context = await createAppContext(config, logger, commandHelp);
  const commands = options.commands ?? registry;
  const bot = await startBotOnStandin(context, standin, commands);
  return {
    standin,
    bot,
    context,
    logs,
    async addGuild(name) {
      const guild = standin.addGuild(name);
      await deployToStandinGuild(standin, guild.id, commands);
      await until(() => bot.client.guilds.cache.has(guild.id), `the bot to join ${guild.name}`);
      return guild;
    },
    async stop() {
      await bot.stop();
      await context.close();
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

/** An attachment option (type 11) naming a file given to `standin.upload`; the stand-in resolves it. */
export const attachmentOption = (name: string, attachment: Pick<StandinAttachment, 'id'>) => ({
  name,
  type: 11,
  value: attachment.id,
});

/**
 * 50 % /search, 30 % /cite, 20 % autocomplete, with queries varied so replies differ: answered from the
 * library, no state changed. The load of the multi-process tests (HTTP workers, two hosts).
 */
export function mixedLoad(standin: Standin, count: number): InteractionRecord[] {
  const queries = ['North Korea nuclear', 'Security Council', 'military option', 'sanctions', 'Nunn-Lugar'];
  return Array.from({ length: count }, (_, index) => {
    const query = queries[index % queries.length] ?? 'nuclear';
    if (index % 10 < 5) return standin.command('search', [option('query', query)]);
    if (index % 10 < 8) return standin.command('cite', [option('query', query)]);
    return standin.autocomplete('search', [option('query', query.slice(0, 4), true)]);
  });
}

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
    addGuild: (name) => current().addGuild(name),
  };
}

export interface LecternProcess {
  child: ChildProcessWithoutNullStreams;
  /** stdout and stderr so far, interleaved as they came. */
  output(): string;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** SIGKILL, if it is still running: for a test's finally. */
  kill(): void;
}

/**
 * `npm start` as a child process (src/index.ts through tsx), with only PATH and `env` in its environment and
 * its stdin closed (so local mode, without a token, would quit at once).
 */
export function spawnLectern(env: Record<string, string>): LecternProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
