import type { Logger } from '../logger.js';
import type { SessionStore } from './store.js';
import { backgroundClock, SessionTimer, type TimerClock } from './timer.js';
import type {
  AddNoteInput,
  MoveOptions,
  MoveResult,
  ReadingSession,
  SessionNote,
  SessionRecap,
  StartSessionInput,
} from './types.js';

/** Why a step is shown: the session opened, someone moved it, or its timer did. */
export type StepCause = 'start' | 'next' | 'back' | 'timer';

/**
 * What happened to a session, for whoever shows it (the Discord layer posts each in the session's thread).
 * `by` is the user who caused it; null for the timer.
 */
export type SessionEvent =
  | { kind: 'step'; session: ReadingSession; cause: StepCause; by: string | null }
  | { kind: 'paused'; session: ReadingSession; by: string }
  | { kind: 'resumed'; session: ReadingSession; by: string }
  | { kind: 'ended'; session: ReadingSession; by: string; recap: SessionRecap };

/** A listener may return a promise; the operation that emitted the event waits for it (see emit). */
export type SessionListener = (event: SessionEvent) => void | Promise<void>;

/** Runs between a committed move and its announcement. */
export type CommittedMove = (result: MoveResult) => Promise<void>;

export interface SessionServiceOptions {
  store: SessionStore;
  logger: Logger;
  /** The timer's clock; injected so tests control time. Default: the system clock, not holding the process. */
  clock?: TimerClock;
}

/**
 * The one way to change a reading session. Each operation commits through the store, re-aims the timer
 * (the schedule lives in the database, so any change may move the next due advance) and then tells the
 * listeners what happened. One service per application context; nothing here is module-level.
 */
export class SessionService {
  readonly store: SessionStore;
  private readonly logger: Logger;
  private readonly timer: SessionTimer;
  private readonly listeners = new Set<SessionListener>();

  constructor(options: SessionServiceOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.timer = new SessionTimer({
      store: options.store,
      clock: options.clock ?? backgroundClock,
      onAdvance: async (result) => {
        this.logger.info(
          { sessionId: result.session.id, position: result.session.position },
          'reading session moved on by its timer',
        );
        await this.emit({ kind: 'step', session: result.session, cause: 'timer', by: null });
      },
      onError: (error, sessionId) =>
        this.logger.error({ err: error, sessionId }, 'reading session auto-advance failed'),
    });
  }

  /** Registers a listener; the returned function removes it. */
  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Fires overdue advances now and keeps firing them on time until stopTimer. */
  startTimer(): void {
    this.timer.start();
  }

  stopTimer(): void {
    this.timer.stop();
  }

  /**
   * Opens a session; it claims its channel at once (so two starts cannot both open a thread), but its first
   * step is announced only once it has a place to run (attachThread).
   */
  start(input: StartSessionInput): ReadingSession {
    const session = this.store.start(input);
    this.timer.refresh();
    return session;
  }

  /** Links the session to its thread and announces the first step there. */
  async attachThread(sessionId: number, threadId: string): Promise<ReadingSession> {
    const session = this.store.setThread(sessionId, threadId);
    await this.emit({ kind: 'step', session, cause: 'start', by: session.startedBy });
    return session;
  }

  /** Ends a session that never got running (its thread could not be made); announces nothing. */
  abandon(sessionId: number): void {
    this.store.end(sessionId);
    this.timer.refresh();
  }

  /**
   * Moves one step on. `beforeAnnounce` runs after the move is committed and before listeners hear of it,
   * e.g. to answer the button that asked for it within Discord's deadline; the step is announced even if it
   * fails.
   */
  async next(
    sessionId: number,
    options: MoveOptions = {},
    beforeAnnounce?: CommittedMove,
  ): Promise<MoveResult> {
    return this.move(sessionId, 'next', options, beforeAnnounce);
  }

  /** Moves one step back; see next. */
  async back(
    sessionId: number,
    options: MoveOptions = {},
    beforeAnnounce?: CommittedMove,
  ): Promise<MoveResult> {
    return this.move(sessionId, 'back', options, beforeAnnounce);
  }

  async pause(sessionId: number, by: string): Promise<ReadingSession> {
    const session = this.store.pause(sessionId);
    this.timer.refresh();
    await this.emit({ kind: 'paused', session, by });
    return session;
  }

  async resume(sessionId: number, by: string): Promise<ReadingSession> {
    const session = this.store.resume(sessionId);
    this.timer.refresh();
    await this.emit({ kind: 'resumed', session, by });
    return session;
  }

  /** Ends the session; listeners receive its recap. */
  async end(sessionId: number, by: string): Promise<SessionRecap> {
    const session = this.store.end(sessionId);
    this.timer.refresh();
    const recap = this.store.buildRecap(session.id);
    await this.emit({ kind: 'ended', session, by, recap });
    return recap;
  }

  join(sessionId: number, userId: string): { session: ReadingSession; joined: boolean } {
    return this.store.join(sessionId, userId);
  }

  addNote(sessionId: number, input: AddNoteInput): SessionNote {
    return this.store.addNote(sessionId, input);
  }

  private async move(
    sessionId: number,
    direction: 'next' | 'back',
    options: MoveOptions,
    beforeAnnounce: CommittedMove | undefined,
  ): Promise<MoveResult> {
    const result =
      direction === 'next' ? this.store.next(sessionId, options) : this.store.back(sessionId, options);
    if (!result.moved) return result;
    this.timer.refresh();
    try {
      await beforeAnnounce?.(result);
    } finally {
      // The move is committed; the group must see the new step whatever became of the hook.
      await this.emit({ kind: 'step', session: result.session, cause: direction, by: options.by ?? null });
    }
    return result;
  }

  /**
   * Waits for every listener. The change is already committed, so one listener failing does not stop the
   * others; the first failure is passed on to the caller (a command answers with it, the timer logs it).
   */
  private async emit(event: SessionEvent): Promise<void> {
    const outcomes = await Promise.allSettled([...this.listeners].map(async (listener) => listener(event)));
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
  }
}
