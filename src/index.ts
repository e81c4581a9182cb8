import { createAppContext } from './app/create.js';
import { installShutdown } from './app/shutdown.js';
import { commandHelp, commands } from './commands/index.js';
import { ConfigError, loadConfig, loadDotEnv } from './config.js';
import { CorpusError } from './corpus/index.js';
import { createBot } from './discord/client.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  if (!config.discordToken) {
    const { runLocalMode } = await import('./local/local-mode.js');
    await runLocalMode(config);
    return;
  }
  const logger = createLogger({ level: config.logLevel });
  const context = createAppContext(config, logger, commandHelp);
  const bot = createBot(context, commands, config.discordApiUrl);
  installShutdown(logger, [() => bot.stop(), () => context.close()]);
  await bot.start(config.discordToken);
}

main().catch((error: unknown) => {
  // Start-up failures are configuration or data problems: say which, without a stack trace.
  if (error instanceof ConfigError || error instanceof CorpusError) {
    console.error(error.message);
  } else {
    console.error('Lectern could not start:', error);
  }
  process.exit(1);
});
