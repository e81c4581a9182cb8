import type { Logger } from '../logger.js';

/**
 * On SIGINT/SIGTERM: run the close steps in order (finish replies, disconnect, close the database) and exit
 * 0. A second signal, or a step hanging past the grace period, exits at once.
 */
export function installShutdown(
  logger: Logger,
  steps: Array<() => Promise<void> | void>,
  options: { graceMs?: number; exit?: (code: number) => void } = {},
): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing replies in flight');
    const timer = setTimeout(() => {
      logger.warn({ graceMs: options.graceMs ?? 8000 }, 'shutdown took too long: exiting');
      exit(1);
    }, options.graceMs ?? 8000);
    timer.unref();
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        logger.error({ err: error }, 'shutdown step failed');
      }
    }
    clearTimeout(timer);
    logger.info('stopped');
    exit(0);
  };
  process.once('SIGINT', (signal) => void shutdown(signal));
  process.once('SIGTERM', (signal) => void shutdown(signal));
}
