import { type Client, REST, Routes, ShardingManager } from 'discord.js';
import { z } from 'zod';
import type { Logger } from '../logger.js';

/**
 * Gateway sharding. Discord requires it from 2,500 servers on: each gateway connection (shard) then carries
 * the events of the servers with (guild_id >> 22) % shard_count == shard_id. With SHARDS set, a manager
 * process starts one process per shard (discord.js's ShardingManager), each running the normal bot; the
 * manager holds the instance lock, the shards share the database.
 */

/** The shard that carries a server's events. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** True in a process that a ShardingManager started (discord.js marks it in the environment). */
export function isShardProcess(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SHARDING_MANAGER === 'true';
}

/**
 * Whether this client's gateway connections carry a server's events: always, unless it runs only some
 * shards (a shard process, or a client given `shards` and `shardCount`).
 */
export function servesGuild(client: Client, guildId: string): boolean {
  const { shards, shardCount } = client.options;
  if (!Array.isArray(shards) || typeof shardCount !== 'number' || shardCount <= 1) return true;
  return shards.includes(shardOfGuild(guildId, shardCount));
}

/** The servers this client serves, when it runs only some shards; undefined when it serves every one. */
export function shardScope(client: Client): ((guildId: string) => boolean) | undefined {
  const { shards, shardCount } = client.options;
  if (!Array.isArray(shards) || typeof shardCount !== 'number' || shardCount <= 1) return undefined;
  if (shards.length >= shardCount) return undefined;
  return (guildId) => servesGuild(client, guildId);
}

const gatewayBotSchema = z.object({ shards: z.number().int().min(1) });

/** The shard count Discord recommends for this bot (GET /gateway/bot), asked of DISCORD_API_URL if set. */
export async function recommendedShardCount(token: string, apiUrl?: string): Promise<number> {
  const rest = new REST(apiUrl ? { api: apiUrl } : {}).setToken(token);
  return gatewayBotSchema.parse(await rest.get(Routes.gatewayBot())).shards;
}

const STOP_MESSAGE = { lecternStop: true } as const;

/**
 * In a shard process: shut down the normal way (as on SIGTERM) when the manager asks or goes away, unless
 * a signal has already started the shutdown. A shard never runs on without its manager, which holds the
 * instance lock.
 */
export function stopWithManager(): void {
  let stopping = false;
  const started = () => {
    stopping = true;
  };
  process.once('SIGTERM', started);
  process.once('SIGINT', started);
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.kill(process.pid, 'SIGTERM');
  };
  process.on('message', (message) => {
    if (typeof message === 'object' && message !== null && 'lecternStop' in message) stop();
  });
  process.once('disconnect', stop);
}

export interface ShardManagerOptions {
  /** The script each shard process runs: Lectern's own entry point. */
  entry: string;
  token: string;
  shards: 'auto' | number;
  apiUrl?: string | undefined;
  logger: Logger;
  /** Node flags for the shard processes (e.g. a TypeScript loader); default: this process's own. */
  execArgv?: readonly string[];
  /** Wait between starting shards; Discord allows one IDENTIFY per 5 s per bucket. Default: 5.5 s. */
  spawnDelayMs?: number;
}

export interface RunningShards {
  manager: ShardingManager;
  totalShards: number;
  /** Resolves when every shard is connected (or stop was called first); rejects if one cannot start. */
  ready: Promise<void>;
  /** Stops every shard process gracefully (each finishes its replies) and waits for them. */
  stop(): Promise<void>;
}

/**
 * Starts one process per shard, one after another, and keeps them running: a shard that dies is started
 * again. Resolves once the count is known and the first shard is on its way; `ready` says when all are up.
 */
export async function startShards(options: ShardManagerOptions): Promise<RunningShards> {
  const { logger } = options;
  // discord.js would ask discord.com itself for 'auto'; asking through the configured API keeps a REST
  // proxy (DISCORD_API_URL) in the path and lets the stand-in answer in tests.
  const totalShards =
    options.shards === 'auto' ? await recommendedShardCount(options.token, options.apiUrl) : options.shards;
  const manager = new ShardingManager(options.entry, {
    token: options.token,
    totalShards,
    mode: 'process',
    respawn: true,
    execArgv: [...(options.execArgv ?? process.execArgv)],
  });
  let stopped = false;
  logger.info({ totalShards, requested: options.shards }, 'starting the shards');
  const spawnAll = async () => {
    for (let id = 0; id < totalShards && !stopped; id++) {
      if (id > 0) await new Promise((resolve) => setTimeout(resolve, options.spawnDelayMs ?? 5500));
      if (stopped) break;
      const shard = manager.createShard(id);
      logger.info({ shardId: id, totalShards }, 'starting shard');
      shard.on('death', (child) => {
        const exitCode = 'exitCode' in child ? child.exitCode : undefined;
        if (manager.respawn) logger.warn({ shardId: id, exitCode }, 'shard process exited: restarting it');
      });
      shard.on('error', (error) => logger.error({ err: error, shardId: id }, 'shard error'));
      await shard.spawn(120_000);
    }
    if (!stopped) logger.info({ totalShards }, 'every shard is connected');
  };
  const ready = spawnAll();
  ready.catch(() => undefined);
  return {
    manager,
    totalShards,
    ready,
    async stop() {
      stopped = true;
      manager.respawn = false;
      await Promise.all(
        manager.shards.map(
          (shard) =>
            new Promise<void>((resolve) => {
              const child = shard.process;
              if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              // Asked, not signalled: a shard that a supervisor already sent SIGTERM (systemd signals the
              // whole group) must not take ours as a second signal, which means "exit now".
              shard.send(STOP_MESSAGE).catch(() => child.kill('SIGTERM'));
            }),
        ),
      );
    },
  };
}
