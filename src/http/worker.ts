import { createAppContext } from '../app/create.js';
import { installShutdown } from '../app/shutdown.js';
import { warmUpCitations } from '../citations/index.js';
import { commandHelp, commands } from '../commands/index.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createHttpBot } from './adapter.js';

/**
 * One process serving HTTP interactions: the whole Lectern (library, database, commands) behind the
 * endpoint. Several of them share one database; each takes no instance lock, since Discord delivers each
 * interaction to one of them only, and what must happen once (timers, thread posts) is claimed in the
 * database.
 */
export async function runHttpWorker(
  config: Config,
  interactions: NonNullable<Config['interactions']>,
  token: string,
  logger: Logger,
): Promise<void> {
  const context = await createAppContext(config, logger, commandHelp, { warmUpCitations: false });
  const stopFatally = async () => {
    await context.close().catch(() => {});
    process.exit(1);
  };
  const bot = createHttpBot(context, commands, {
    token,
    publicKey: interactions.publicKey,
    apiUrl: config.discordApiUrl,
    port: interactions.port,
    host: interactions.host,
    onTokenRejected: () => setImmediate(() => void stopFatally()),
  });
  installShutdown(logger, [() => bot.stop(), () => context.close()]);
  await bot.start();
  warmUpCitations();
  logger.debug({}, 'citation styles compiled');
}
