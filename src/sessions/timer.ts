import type { SessionStore } from './store.js';
import type { DueAdvance, MoveResult } from './types.js';

const RETRY_DELAY_MS = 5_000;

export interface TimerClock {
  now(): Date;
  /** `callback` may return a promise (the timer's run); a test clock may wait for it, Node's ignores it. */
  setTimeout(callback: () => unknown, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: TimerClock = {
  now: () => new Date(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The system clock whose timers do not keep the process alive: a pending advance must not block shutdown. */
export const backgroundClock: TimerClock = {
  ...systemClock,
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
};

export interface SessionTimerOptions {
  store: SessionStore;
  /** Called after each committed auto-advance, e.g. to post the next passage. */
  onAdvance: (result: MoveResult) => void | Promise<void>;
  /**
   * Failures of an advance or of onAdvance (with the session), or of reading the schedule itself (without);
   * the timer keeps running. Default: ignore.
   */
  onError?: (error: unknown, sessionId?: number) => void;
  clock?: TimerClock;
  /**
   * Longest single wait (default a minute); the schedule is recomputed from the database at least this
   * often, even with nothing due here, so a session another process or host timed, and that process died,
   * still advances.
   */
  maxDelayMs?: number;
  /**
   * Skip a session while its outbox still holds a post (see SessionStore.advanceIfDue); the service sets
   * it, since it is the one delivering those posts and re-aims the timer once they are sent.
   */
  holdUntilPosted?: boolean;
  /** Whether this process runs a session's timer (a shard runs only its own servers'); default: every one. */
  serves?: (sessionId: number) => boolean | Promise<boolean>;
}

/**
 * Fires timed auto-advances. The schedule lives in the database (last advance + minutes); this class only
 * holds one Node timer for the earliest due time, so a restart loses nothing: start() recomputes and fires
 * every overdue advance at once — once per session, not once per missed interval, because each advance
 * restarts its session's interval. Runs (from start, refresh or the Node timer) go one at a time, so two
 * never aim the Node timer against each other.
 */
export class SessionTimer {
  private readonly store: SessionStore;
  private readonly clock: TimerClock;
  private readonly maxDelayMs: number;
  private handle: unknown;
  private running = false;
  /** The last run queued; the next waits for it. */
  private lastRun: Promise<unknown> = Promise.resolve();
  /** A run queued and not yet begun: whoever asks for a run meanwhile gets that one, which reads afresh. */
  private queuedRun: Promise<MoveResult[]> | undefined;
  /** Runs and announcements not yet finished (see settled). */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: SessionTimerOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.maxDelayMs = options.maxDelayMs ?? 60_000;
  }

  /** Fires overdue advances now, then waits for the next one. */
  start(): Promise<MoveResult[]> {
    this.running = true;
    return this.tick();
  }

  /** Call after anything that changes a schedule (start, next, back, pause, resume, end). */
  async refresh(): Promise<void> {
    if (this.running) await this.tick();
  }

  stop(): void {
    this.running = false;
    this.clearHandle();
  }

  /** Resolves once no run and no announcement (onAdvance) it started is still going, e.g. before closing. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Advances every session due now (each checked again under the write lock) and returns what moved. */
  private async runDue(now: Date): Promise<MoveResult[]> {
    const results: MoveResult[] = [];
    for (const { sessionId } of await this.store.dueAdvances(now)) {
      if (this.options.serves && !(await this.options.serves(sessionId))) continue;
      try {
        const result = await this.store.advanceIfDue(sessionId, now, {
          holdUntilPosted: this.options.holdUntilPosted ?? false,
        });
        if (!result?.moved) continue;
        results.push(result);
        // Not awaited: a run must not wait on Discord, and the announcement may itself ask for a run.
        this.track(
          (async () => this.options.onAdvance(result))().catch((error: unknown) =>
            this.options.onError?.(error, sessionId),
          ),
        );
      } catch (error) {
        this.options.onError?.(error, sessionId);
      }
    }
    return results;
  }

  private tick(): Promise<MoveResult[]> {
    if (this.queuedRun) return this.queuedRun;
    const run = this.lastRun.then(() => {
      this.queuedRun = undefined;
      return this.tickNow();
    });
    this.queuedRun = run;
    this.lastRun = run.catch(() => undefined);
    this.track(run);
    return run;
  }

  /** Runs from a bare Node timer, where a throw would end the process: every failure is reported instead. */
  private async tickNow(): Promise<MoveResult[]> {
    this.clearHandle();
    const now = this.clock.now();
    let results: MoveResult[] = [];
    try {
      results = await this.runDue(now);
    } catch (error) {
      this.options.onError?.(error);
    }
    if (this.running) await this.schedule(now);
    return results;
  }

  private async schedule(ranAt: Date): Promise<void> {
    let delay: number;
    try {
      const serves = this.options.serves;
      let next: DueAdvance | undefined;
      for (const advance of await this.store.upcomingAdvances()) {
        if (!serves || (await serves(advance.sessionId))) {
          next = advance;
          break;
        }
      }
      // Nothing timed here now; another host may start one and die before it is due.
      // Still due as of the run that just happened means its advance failed: retry later instead of spinning.
      // Nothing timed here: read again later all the same, since another host may time one and die.
      delay = !next
        ? this.maxDelayMs
        : next.dueAt.getTime() <= ranAt.getTime()
          ? RETRY_DELAY_MS
          : Math.min(Math.max(0, next.dueAt.getTime() - this.clock.now().getTime()), this.maxDelayMs);
    } catch (error) {
      this.options.onError?.(error);
      delay = RETRY_DELAY_MS;
    }
    // Stopped while reading the schedule: aim nothing.
    if (!this.running) return;
    this.clearHandle();
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      return this.running ? this.tick() : undefined;
    }, delay);
  }

  private track(work: Promise<unknown>): void {
    const done = work.then(
      () => {},
      () => {},
    );
    this.inFlight.add(done);
    void done.then(() => this.inFlight.delete(done));
  }

  private clearHandle(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
