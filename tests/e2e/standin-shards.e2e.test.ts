import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Events } from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { createAppContext } from '../../src/app/create.js';
import { commandHelp, commands } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import { type Bot, createBot } from '../../src/discord/client.js';
import { recommendedShardCount, servesGuild, shardOfGuild } from '../../src/discord/sharding.js';
import { type Standin, shardOf, startStandin } from '../../src/discord-standin/server.js';
import { createLogger } from '../../src/logger.js';
import { option, spawnLectern } from './harness.js';
import { until } from './until.js';

const directory = mkdtempSync(join(tmpdir(), 'lectern-shards-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/**
 * A bot that runs only shard `id` of `count`, as a ShardingManager's process does: discord.js takes its
 * shard ids from SHARDS and SHARD_COUNT in the environment when the client is made.
 */
function shardBot(context: AppContext, standin: Standin, id: number, count: number): Bot {
  const saved = { SHARDS: process.env.SHARDS, SHARD_COUNT: process.env.SHARD_COUNT };
  process.env.SHARDS = String(id);
  process.env.SHARD_COUNT = String(count);
  try {
    return createBot(context, commands, standin.apiUrl);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('gateway sharding on the stand-in', () => {
  it('routes each guild to the shard (guild_id >> 22) % count says, and each shard answers its own', async () => {
    const standin = await startStandin({ recommendedShards: 2 });
    const onZero = standin.addGuild('Shard zero group', { shard: [0, 2] });
    const onOne = standin.addGuild('Shard one group', { shard: [1, 2] });
    expect(shardOf(onZero.id, 2)).toBe(0);
    expect(shardOf(onOne.id, 2)).toBe(1);
    expect(shardOfGuild(onOne.id, 2)).toBe(shardOf(onOne.id, 2));
    expect(await recommendedShardCount(standin.token, standin.apiUrl)).toBe(2);

    const config = loadConfig({ DATABASE_PATH: join(directory, 'in-process.sqlite'), LOG_LEVEL: 'silent' });
    const logger = createLogger({ level: 'silent' });
    // Two shards share one database, as the processes of a ShardingManager do.
    const contexts = await Promise.all([0, 1].map(() => createAppContext(config, logger, commandHelp)));
    const bots = [0, 1].map((id) => shardBot(contexts[id] as AppContext, standin, id, 2));
    const seen: string[][] = [[], []];
    bots.forEach((bot, id) => {
      bot.client.on(Events.InteractionCreate, (interaction) => seen[id]?.push(interaction.guildId ?? ''));
    });
    try {
      await Promise.all(bots.map((bot) => bot.start(standin.token)));
      expect(standin.connectedShards.sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      const byShard = (id: number) =>
        [...standin.guilds.keys()].filter((guildId) => shardOf(guildId, 2) === id).sort();
      expect([...(bots[0]?.client.guilds.cache.keys() ?? [])].sort()).toEqual(byShard(0));
      expect([...(bots[1]?.client.guilds.cache.keys() ?? [])].sort()).toEqual(byShard(1));
      expect(bots[1] && servesGuild(bots[1].client, onOne.id)).toBe(true);
      expect(bots[1] && servesGuild(bots[1].client, onZero.id)).toBe(false);

      for (const guild of [onZero, onOne, onOne, onZero]) {
        const response = await standin.command('search', [option('query', 'Security Council')], {
          guildId: guild.id,
        }).response;
        expect(response.type).toBe(4);
      }
      expect(seen).toEqual([
        [onZero.id, onZero.id],
        [onOne.id, onOne.id],
      ]);

      // A guild joined later arrives on its own shard only.
      const later = standin.addGuild('Joined later', { shard: [1, 2] });
      await until(() => bots[1]?.client.guilds.cache.has(later.id), 'shard 1 to get the new guild');
      expect(bots[0]?.client.guilds.cache.has(later.id)).toBe(false);
      expect(standin.violations).toEqual([]);
    } finally {
      for (const bot of bots) await bot.stop();
      for (const context of contexts) await context.close();
      await standin.close();
    }
  });

  it('refuses an IDENTIFY for a shard that does not exist (4010), as Discord does', async () => {
    const standin = await startStandin();
    try {
      const { WebSocket } = await import('ws');
      const socket = new WebSocket(standin.gatewayUrl);
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      socket.on('open', () =>
        socket.send(JSON.stringify({ op: 2, d: { token: standin.token, intents: 1, shard: [2, 2] } })),
      );
      expect(await closed).toBe(4010);
      expect(standin.identifyCount).toBe(0);
    } finally {
      await standin.close();
    }
  });
});

describe('reading session timers with shards', () => {
  it('are run by the shard of the session’s server only, so no two processes post the same step', async () => {
    const standin = await startStandin();
    // The first guild may fall on either shard; this one is on shard 1, and shard 0 must leave it alone.
    const onOne = standin.addGuild('Shard one group', { shard: [1, 2] });
    const config = loadConfig({ DATABASE_PATH: join(directory, 'timers.sqlite'), LOG_LEVEL: 'silent' });
    const logger = createLogger({ level: 'silent' });
    const started: Array<{ bot: Bot; context: AppContext }> = [];
    const startShard = async (id: number) => {
      const context = await createAppContext(config, logger, commandHelp);
      const bot = shardBot(context, standin, id, 2);
      started.push({ bot, context });
      await bot.start(standin.token);
      return { bot, context };
    };
    try {
      const first = await startShard(1);
      const channelId = standin.addChannel('timed', onOne.id);
      const reply = await standin.command(
        'session',
        [
          {
            name: 'start',
            type: 1,
            options: [option('document', 'park-2013'), option('title', 'Timed'), option('minutes', 1)],
          },
        ],
        { user: standin.users.moderator, guildId: onOne.id, channelId },
      ).response;
      expect([4, 5]).toContain(reply.type);
      const session = await until(async () => {
        const live = await first.context.sessions.getLiveByChannel(onOne.id, channelId);
        return live?.threadId ? live : undefined;
      }, 'the session thread');
      const threadId = session.threadId ?? '';
      const steps = () =>
        standin
          .messagesIn(threadId)
          .filter((message) => JSON.stringify(message.embeds).includes('Timed · step'));
      await until(() => steps().length === 1, 'the first step');

      // Shard 1 goes away and its session falls overdue.
      await first.bot.stop();
      await first.context.sql.run('UPDATE reading_sessions SET last_advance_at = ? WHERE id = ?', [
        Date.now() - 2 * 60_000,
        session.id,
      ]);
      await first.context.close();

      // Shard 0 starts its timer (fired at once for overdue sessions) but does not serve that server.
      const other = await startShard(0);
      expect((await other.context.sessions.get(session.id))?.position).toBe(0);
      expect(steps()).toHaveLength(1);

      const back = await startShard(1);
      await until(() => steps().length === 2, 'the overdue step, from shard 1');
      expect((await back.context.sessions.get(session.id))?.position).toBe(1);
      expect(standin.violations).toEqual([]);
    } finally {
      for (const { bot, context } of started) {
        if (!context.sql.isOpen) continue;
        await bot.stop();
        await context.close();
      }
      await standin.close();
    }
  });
});

/** `npm start` with a token and SHARDS, against the stand-in. */
function startManager(standin: Standin, shards: string, database: string) {
  const lectern = spawnLectern({
    DISCORD_TOKEN: standin.token,
    DISCORD_API_URL: standin.apiUrl,
    DATABASE_PATH: join(directory, database),
    LOG_LEVEL: 'debug',
    SHARDS: shards,
  });
  const connected = async () => {
    await until(() => standin.connectedShards.length === 2, 'both shard processes to connect', 90_000);
    // Each shard compiles the citation styles right after READY, a second of CPU (far more on a loaded
    // machine) in which an interaction would wait: count the shards ready once that is done.
    await until(
      () => (lectern.output().match(/citation styles compiled/g) ?? []).length === 2,
      'both shards ready',
      60_000,
    );
  };
  return { ...lectern, connected };
}

describe('SHARDS in production (npm start with a token)', () => {
  it('starts one process per shard through the ShardingManager; each answers its guilds; SIGTERM stops all', async () => {
    const standin = await startStandin({ recommendedShards: 2 });
    const onZero = standin.addGuild('Shard zero group', { shard: [0, 2] });
    const onOne = standin.addGuild('Shard one group', { shard: [1, 2] });
    const manager = startManager(standin, 'auto', 'processes.sqlite');
    try {
      await manager.connected();
      expect(standin.connectedShards.sort()).toEqual([
        [0, 2],
        [1, 2],
      ]);
      for (const guild of [onZero, onOne]) {
        const response = await standin.command('search', [option('query', 'Security Council')], {
          guildId: guild.id,
        }).response;
        expect(response.type).toBe(4);
      }
      manager.child.kill('SIGTERM');
      expect(await manager.exited).toBe(0);
      await until(() => standin.connectedShards.length === 0, 'both shards to disconnect', 20_000);
      const output = manager.output();
      expect(output.match(/"msg":"starting shard"/g)?.length).toBe(2);
      expect(output).toContain('"totalShards":2');
      expect(output).not.toContain(standin.token);
    } finally {
      manager.kill();
      await standin.close();
    }
  }, 180_000);

  it('leaves no shard running when the manager is killed outright', async () => {
    const standin = await startStandin();
    standin.addGuild('Shard one group', { shard: [1, 2] });
    const manager = startManager(standin, '2', 'killed.sqlite');
    try {
      await manager.connected();
      manager.child.kill('SIGKILL');
      await manager.exited;
      // Orphaned shards would go on answering beside a restarted manager's: each must notice and stop.
      await until(() => standin.connectedShards.length === 0, 'the orphaned shards to stop', 30_000);
    } finally {
      manager.kill();
      await standin.close();
    }
  }, 180_000);
});
