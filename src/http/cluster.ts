import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logger.js';

/** The first restart waits this long; each crash soon after the last doubles it, up to the longest wait. */
const FIRST_RESTART_MS = 250;
const LONGEST_RESTART_MS = 30_000;
/** A worker that lived this long had a clean run: its crash starts the backoff afresh. */
const HEALTHY_RUN_MS = 30_000;
/** Workers finish the interactions they hold within this on SIGTERM, or are killed. */
const DRAIN_GRACE_MS = 10_000;

export function restartDelayMs(recentCrashes: number): number {
  return Math.min(FIRST_RESTART_MS * 2 ** Math.max(0, recentCrashes - 1), LONGEST_RESTART_MS);
}

export interface PrimaryOptions {
  workers: number;
  logger: Logger;
  exit?: (code: number) => void;
}

/**
 * The cluster primary of HTTP interactions mode: it forks the workers, which share the one listening port
 * (the primary hands each connection to the next worker in turn), restarts a worker that dies, with
 * backoff, and on SIGTERM or SIGINT lets every worker finish what it holds before exiting. It opens
 * nothing itself: no library, no database.
 */
export function runPrimary(options: PrimaryOptions): void {
  const { logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  let recentCrashes = 0;
  const startedAt = new Map<Worker, number>();

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker, Date.now());
    worker.once('online', () => logger.info({ worker: worker.id, pid: worker.process.pid }, 'worker online'));
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker) ?? Date.now());
    startedAt.delete(worker);
    if (stopping) {
      logger.info({ worker: worker.id, pid: worker.process.pid, code, signal }, 'worker stopped');
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        logger.info('stopped');
        exit(0);
      }
      return;
    }
    recentCrashes = lived >= HEALTHY_RUN_MS ? 1 : recentCrashes + 1;
    const delayMs = restartDelayMs(recentCrashes);
    logger.error(
      { worker: worker.id, pid: worker.process.pid, code, signal, restartInMs: delayMs },
      'worker died: starting another',
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, delayMs);
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: killing the workers now');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      exit(1);
      return;
    }
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    logger.info(
      { signal, workers: workers.length },
      'shutting down: workers finish the interactions they hold',
    );
    if (workers.length === 0) {
      exit(0);
      return;
    }
    for (const worker of workers) worker.process.kill('SIGTERM');
    setTimeout(() => {
      logger.warn({ graceMs: DRAIN_GRACE_MS }, 'workers took too long to stop: killing them');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      exit(1);
    }, DRAIN_GRACE_MS).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  logger.info({ workers: options.workers, pid: process.pid }, 'starting HTTP interaction workers');
  for (let index = 0; index < options.workers; index++) fork();
}
