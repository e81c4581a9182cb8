import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { createAppContext, openConfiguredDatabase } from './app/create.js';
import { installShutdown } from './app/shutdown.js';
import { warmUpCitations } from './citations/index.js';
import { commandHelp, commands } from './commands/index.js';
import { type Config, ConfigError, loadConfig, loadDotEnv } from './config.js';
import { CorpusError } from './corpus/index.js';
import { createBot } from './discord/client.js';
import { isShardProcess, startShards, stopWithManager } from './discord/sharding.js';
import { createLogger, type Logger } from './logger.js';
import {
  acquireInstanceLock,
  DatabaseOpenError,
  type InstanceLock,
  InstanceLockError,
  SchemaVersionError,
} from './state/db.js';
import { DatabaseConnectError, secretsOfDatabaseUrl } from './state/index.js';
import type { SqlDatabase } from './state/sql.js';

/** Start-up failures that are configuration or data problems: their message says which, a stack would not. */
const EXPLAINED_FAILURES = [
  ConfigError,
  CorpusError,
  DatabaseOpenError,
  DatabaseConnectError,
  SchemaVersionError,
  InstanceLockError,
];

/**
 * After an uncaught exception or an unhandled rejection nothing says the process is sound: log it as fatal
 * and exit non-zero, so a supervisor restarts it instead of leaving a half-working bot connected.
 */
function exitOnCrash(logger: Logger): void {
  process.on('uncaughtException', (error, origin) => {
    logger.fatal({ err: error, origin }, 'uncaught exception: exiting');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection: exiting');
    process.exit(1);
  });
}

/** Set once the configuration is read; from then on failures are logged, masked, through pino. */
let startupLogger: Logger | undefined;

/**
 * A gateway bot receives every event of its guilds: a second process on the same database (on Postgres, on
 * any host) would apply every command twice. With shards, the manager holds the lock for all of its shard
 * processes.
 */
async function holdInstanceLock(sql: SqlDatabase, config: Config, logger: Logger): Promise<InstanceLock> {
  const lock = await acquireInstanceLock(sql, {
    databasePath: config.databasePath,
    onLost: () => {
      logger.fatal(
        { database: sql.location, cause: 'instance lock lost' },
        'another Lectern took over this database (our heartbeat had stopped): exiting',
      );
      process.exit(1);
    },
  });
  if (lock.tookOverFrom) {
    logger.warn({ previous: lock.tookOverFrom }, 'took over the instance lock of a Lectern that is gone');
  }
  return lock;
}

/** SHARDS set: this process only manages; each shard is a process running this same entry point. */
async function runShardManager(
  config: Config & { discordToken: string; shards: 'auto' | number },
  logger: Logger,
) {
  // Migrating here, once, means the shard processes never race to bring the schema up to date.
  const sql = await openConfiguredDatabase(config, logger);
  let lock: InstanceLock;
  try {
    lock = await holdInstanceLock(sql, config, logger);
  } catch (error) {
    await sql.close();
    throw error;
  }
  const shards = await startShards({
    entry: fileURLToPath(import.meta.url),
    token: config.discordToken,
    shards: config.shards,
    apiUrl: config.discordApiUrl,
    logger,
  });
  installShutdown(logger, [() => shards.stop(), () => lock.release(), () => sql.close()], {
    graceMs: 15_000,
  });
  await shards.ready;
}

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.discordToken, ...secretsOfDatabaseUrl(config.databaseUrl)],
  });
  startupLogger = logger;
  exitOnCrash(logger);
  if (!config.discordToken) {
    const { runLocalMode } = await import('./local/local-mode.js');
    await runLocalMode(config);
    return;
  }
  if (config.interactions) {
    const { interactions } = config;
    if (interactions.workers > 1 && cluster.isPrimary) {
      const { runPrimary } = await import('./http/cluster.js');
      runPrimary({ workers: interactions.workers, logger });
      return;
    }
    const { runHttpWorker } = await import('./http/worker.js');
    await runHttpWorker(config, interactions, config.discordToken, logger);
    return;
  }
  if (config.shards !== undefined && !isShardProcess()) {
    await runShardManager({ ...config, discordToken: config.discordToken, shards: config.shards }, logger);
    return;
  }
  const context = await createAppContext(config, logger, commandHelp, { warmUpCitations: false });
  let lock: InstanceLock | undefined;
  if (isShardProcess()) {
    // The manager holds the instance lock for its shards.
    stopWithManager();
  } else {
    try {
      lock = await holdInstanceLock(context.sql, config, logger);
    } catch (error) {
      await context.close();
      throw error;
    }
  }
  const stopFatally = async () => {
    await lock?.release().catch(() => {});
    await context.close().catch(() => {});
    process.exit(1);
  };
  const bot = createBot(context, commands, config.discordApiUrl, {
    onTokenRejected: () => setImmediate(() => void stopFatally()),
  });
  installShutdown(logger, [() => bot.stop(), () => lock?.release(), () => context.close()]);
  await bot.start(config.discordToken);
  // Compiling the four CSL styles takes about a second; done once READY, the bot connects that much sooner
  // and an interaction arriving meanwhile waits at most that second, well inside Discord's three.
  warmUpCitations();
  logger.debug({}, 'citation styles compiled');
}

main().catch((error: unknown) => {
  if (EXPLAINED_FAILURES.some((kind) => error instanceof kind)) {
    console.error((error as Error).message);
  } else if (startupLogger) {
    startupLogger.fatal({ err: error }, 'Lectern could not start');
  } else {
    console.error('Lectern could not start:', error);
  }
  process.exit(1);
});
