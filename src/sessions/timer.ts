import type { SessionStore } from './store.js';
import type { MoveResult } from './types.js';

const RETRY_DELAY_MS = 5_000;

export interface TimerClock {
  now(): Date;
  setTimeout(callback: () => void, delayMs: number): unknown;
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
  /** Longest single wait; the schedule is recomputed from the database at least this often. */
  maxDelayMs?: number;
  /**
   * Skip a session while its outbox still holds a post (see SessionStore.advanceIfDue); the service sets
   * it, since it is the one delivering those posts and re-aims the timer once they are sent.
   */
  holdUntilPosted?: boolean;
  /** Whether this process runs a session's timer (a shard runs only its own servers'); default: every one. */
  serves?: (sessionId: number) => boolean;
}

/**
 * Fires timed auto-advances. The schedule lives in the database (last advance + minutes); this class only
 * holds one Node timer for the earliest due time, so a restart loses nothing: start() recomputes and fires
 * every overdue advance at once — once per session, not once per missed interval, because each advance
 * restarts its session's interval.
 */
export class SessionTimer {
  private readonly store: SessionStore;
  private readonly clock: TimerClock;
  private readonly maxDelayMs: number;
  private handle: unknown;
  private running = false;

  constructor(private readonly options: SessionTimerOptions) {
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.maxDelayMs = options.maxDelayMs ?? 60 * 60_000;
  }

  /** Fires overdue advances now, then waits for the next one. */
  start(): MoveResult[] {
    this.running = true;
    return this.tick();
  }

  /** Call after anything that changes a schedule (start, next, back, pause, resume, end). */
  refresh(): void {
    if (this.running) this.tick();
  }

  stop(): void {
    this.running = false;
    this.clearHandle();
  }

  /** Advances every session due now (each checked again under the write lock) and returns what moved. */
  runDue(now: Date = this.clock.now()): MoveResult[] {
    const results: MoveResult[] = [];
    for (const { sessionId } of this.store.dueAdvances(now)) {
      if (this.options.serves && !this.options.serves(sessionId)) continue;
      try {
        const result = this.store.advanceIfDue(sessionId, now, {
          holdUntilPosted: this.options.holdUntilPosted ?? false,
        });
        if (!result?.moved) continue;
        results.push(result);
        const delivered = this.options.onAdvance(result);
        if (delivered instanceof Promise) {
          delivered.catch((error: unknown) => this.options.onError?.(error, sessionId));
        }
      } catch (error) {
        this.options.onError?.(error, sessionId);
      }
    }
    return results;
  }

  /** Runs from a bare Node timer, where a throw would end the process: every failure is reported instead. */
  private tick(): MoveResult[] {
    this.clearHandle();
    const now = this.clock.now();
    let results: MoveResult[] = [];
    try {
      results = this.runDue(now);
    } catch (error) {
      this.options.onError?.(error);
    }
    if (this.running) this.schedule(now);
    return results;
  }

  private schedule(ranAt: Date): void {
    let delay: number;
    try {
      const serves = this.options.serves;
      const next = this.store.upcomingAdvances().find((advance) => !serves || serves(advance.sessionId));
      if (!next) return;
      // Still due as of the run that just happened means its advance failed: retry later instead of spinning.
      delay =
        next.dueAt.getTime() <= ranAt.getTime()
          ? RETRY_DELAY_MS
          : Math.min(Math.max(0, next.dueAt.getTime() - this.clock.now().getTime()), this.maxDelayMs);
    } catch (error) {
      this.options.onError?.(error);
      delay = RETRY_DELAY_MS;
    }
    this.handle = this.clock.setTimeout(() => {
      this.handle = undefined;
      if (this.running) this.tick();
    }, delay);
  }

  private clearHandle(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
