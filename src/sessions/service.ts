import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { APPLIED_INTERACTION_MEMORY_MS } from '../state/once.js';
import type { OutboxPost, StepCause } from './outbox.js';
import { atPosition, type SessionStore } from './store.js';
import { backgroundClock, SessionTimer, type TimerClock } from './timer.js';
import {
  type AddNoteInput,
  type ChangeOptions,
  type MoveOptions,
  type MoveResult,
  type ReadingSession,
  SessionError,
  type SessionNote,
  type SessionRecap,
  type StartSessionInput,
} from './types.js';

export type { StepCause } from './outbox.js';

/**
 * What happened to a session, for whoever shows it (the Discord layer posts each in the session's thread).
 * `by` is the user who caused it; null for the timer.
 */
export type SessionEvent =
  | { kind: 'step'; session: ReadingSession; cause: StepCause; by: string | null }
  | { kind: 'paused'; session: ReadingSession; by: string }
  | { kind: 'resumed'; session: ReadingSession; by: string }
  | { kind: 'ended'; session: ReadingSession; by: string; recap: SessionRecap };

/**
 * Posts an event. Resolving means Discord accepted it; throwing PostRefused means Discord refused it for
 * good; any other failure is retried.
 */
export type SessionListener = (event: SessionEvent) => void | Promise<void>;

/**
 * Thrown by a listener when Discord will not take the post however often it is tried (missing access or
 * permission, the thread deleted). `missing` completes "Lectern cannot post in the session's thread: …".
 */
export class PostRefused extends Error {
  override name = 'PostRefused';
  constructor(
    readonly missing: string,
    options?: { cause?: unknown },
  ) {
    super(`Discord refused the post: ${missing}`, options);
  }
}

/** A post Discord refused for good, after the session was held back to what the thread shows. */
export interface RefusedPost {
  session: ReadingSession;
  post: OutboxPost;
  missing: string;
  /** Written for the moderator: what failed, where the session now stands, what to do. */
  message: string;
}

/** Told of a refused post nobody is waiting for (a timer step, a retry), e.g. to tell the moderators. */
export type RefusalListener = (refused: RefusedPost) => void | Promise<void>;

/** Runs between a committed move and its announcement. */
export type CommittedMove = (result: MoveResult) => Promise<void>;

export interface SessionServiceOptions {
  store: SessionStore;
  logger: Logger;
  /** The timer's clock; injected so tests control time. Default: the system clock, not holding the process. */
  clock?: TimerClock;
}

/**
 * The one way to change a reading session. Each operation commits through the store together with the
 * posts it owes the thread (the outbox), re-aims the timer, then delivers the session's pending posts in
 * order. A post is settled only when Discord has answered: accepted (sent), refused for good (the session
 * is held back to what the thread shows, see SessionStore.holdBack) or anything else (retried with backoff,
 * and again after a restart). So the database and the thread never disagree for longer than Discord is
 * unreachable, and nothing owed to the thread is lost.
 */
/** The outbox is read at least this often, so a post a dead host claimed or owed is sent by another. */
const OUTBOX_RECHECK_MS = 60_000;

export class SessionService {
  readonly store: SessionStore;
  private readonly logger: Logger;
  private readonly clock: TimerClock;
  private readonly timer: SessionTimer;
  private readonly listeners = new Set<SessionListener>();
  private readonly refusalListeners = new Set<RefusalListener>();
  /** Each session's delivery in progress, so its posts go out one at a time and in order. */
  private readonly deliveries = new Map<number, Promise<RefusedPost | undefined>>();
  private retryHandle: unknown;
  /** Bumped by each scheduleRetry, so an older one that finishes reading later does not aim the timer. */
  private retryAiming = 0;
  private running = false;
  /** Work started without anyone awaiting it (sweeps, retries), for settled. */
  private readonly inFlight = new Set<Promise<void>>();
  /** The servers whose timers and retries this process runs (see startTimer); undefined: all of them. */
  private servesGuild: ((guildId: string) => boolean) | undefined;
  /** Names this service's claims on outbox posts; unique per process and per service. */
  private readonly claimOwner = `${process.pid}:${randomBytes(6).toString('hex')}`;

  constructor(options: SessionServiceOptions) {
    this.store = options.store;
    this.logger = options.logger;
    this.clock = options.clock ?? backgroundClock;
    this.timer = new SessionTimer({
      store: options.store,
      clock: this.clock,
      holdUntilPosted: true,
      onAdvance: async (result) => {
        this.logger.info(
          { sessionId: result.session.id, position: result.session.position },
          'reading session moved on by its timer',
        );
        await this.deliverUnattended(result.session.id);
      },
      onError: (error, sessionId) =>
        this.logger.error({ err: error, sessionId }, 'reading session auto-advance failed'),
      serves: (sessionId) => this.serves(sessionId),
    });
  }

  /** Registers a poster; the returned function removes it. Posts wait in the outbox while there is none. */
  subscribe(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Registers who hears of refusals nobody is waiting for; the returned function removes it. */
  onRefusal(listener: RefusalListener): () => void {
    this.refusalListeners.add(listener);
    return () => {
      this.refusalListeners.delete(listener);
    };
  }

  /**
   * Sends every pending post now (those left by a restart included), then fires overdue advances and
   * keeps both going on time until stopTimer. `servesGuild` limits both to some servers: a shard process
   * runs its own servers' sessions, so that no two processes deliver the same post.
   */
  async startTimer(scope: { servesGuild?: (guildId: string) => boolean } = {}): Promise<void> {
    this.servesGuild = scope.servesGuild;
    this.running = true;
    await this.forgetOldRecords();
    this.track(this.flushPending());
    await this.timer.start();
  }

  /** What redeliveries and reposts no longer need: old interaction ids and ended sessions' settled posts. */
  private async forgetOldRecords(): Promise<void> {
    try {
      await this.store.forgetBefore(this.clock.now().getTime() - APPLIED_INTERACTION_MEMORY_MS);
    } catch (error) {
      this.logger.error({ err: error }, 'forgetting old reading session records failed');
    }
  }

  /**
   * Resolves once nothing this service started is still going: timer runs, deliveries, retries. Call after
   * stopTimer before closing the database, so no query of theirs meets a closed one; tests use it to wait.
   */
  async settled(): Promise<void> {
    for (;;) {
      await this.timer.settled();
      const going = [...this.inFlight, ...this.deliveries.values()];
      if (going.length === 0) return;
      await Promise.allSettled(going);
    }
  }

  private track(work: Promise<void>): void {
    const done = work.catch((error: unknown) =>
      this.logger.error({ err: error }, 'reading session background work failed'),
    );
    this.inFlight.add(done);
    void done.then(() => this.inFlight.delete(done));
  }

  stopTimer(): void {
    this.running = false;
    this.timer.stop();
    if (this.retryHandle !== undefined) this.clock.clearTimeout(this.retryHandle);
    this.retryHandle = undefined;
  }

  /** Tries every session's pending posts now, whatever their backoff says. */
  async flushPending(): Promise<void> {
    await this.retryDue(undefined);
  }

  /** True when the thread has every post the session owes it. */
  async isCaughtUp(sessionId: number): Promise<boolean> {
    return !(await this.store.outbox.hasPending(sessionId));
  }

  /**
   * Opens a session; it claims its channel at once (so two starts cannot both open a thread), but its first
   * step is announced only once it has a place to run (attachThread).
   */
  async start(input: StartSessionInput): Promise<ReadingSession> {
    const session = await this.store.start(input);
    await this.timer.refresh();
    return session;
  }

  /** Links the session to its thread and announces the first step there. */
  async attachThread(sessionId: number, threadId: string): Promise<ReadingSession> {
    await this.store.setThread(sessionId, threadId);
    await this.deliverFor(sessionId);
    return this.requireSession(sessionId);
  }

  /** Ends a session that never got running (its thread could not be made); announces nothing. */
  async abandon(sessionId: number): Promise<void> {
    await this.store.end(sessionId, { announce: false });
    await this.timer.refresh();
  }

  /**
   * Moves one step on. `beforeAnnounce` runs after the move is committed and before it is posted, e.g. to
   * answer the button that asked for it within Discord's deadline; the step is posted even if it fails.
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

  async pause(sessionId: number, by: string, options: ChangeOptions = {}): Promise<ReadingSession> {
    await this.store.pause(sessionId, { ...options, by });
    await this.timer.refresh();
    await this.deliverFor(sessionId);
    return this.requireSession(sessionId);
  }

  async resume(sessionId: number, by: string, options: ChangeOptions = {}): Promise<ReadingSession> {
    await this.store.resume(sessionId, { ...options, by });
    await this.timer.refresh();
    await this.deliverFor(sessionId);
    return this.requireSession(sessionId);
  }

  /** Ends the session; its recap is posted in the thread. */
  async end(sessionId: number, by: string, options: ChangeOptions = {}): Promise<SessionRecap> {
    const session = await this.store.end(sessionId, { ...options, by });
    await this.timer.refresh();
    await this.deliverFor(session.id);
    return this.store.buildRecap(session.id);
  }

  /**
   * Ends every live session of the server on this reading (before the reading leaves the library), each
   * with its recap posted as a normal end; returns the sessions that were ended.
   */
  async endForDocument(guildId: string, documentId: string, by: string): Promise<ReadingSession[]> {
    const ended: ReadingSession[] = [];
    for (const session of await this.store.listLive(guildId)) {
      if (session.documentId !== documentId) continue;
      try {
        await this.end(session.id, by);
      } catch (error) {
        // Another process or host removing the same reading ended it first: it posts that recap.
        if (error instanceof SessionError && error.reason === 'ended') continue;
        throw error;
      }
      ended.push(await this.requireSession(session.id));
    }
    return ended;
  }

  /** Posts the current step again, or the recap of an ended session. */
  async repost(sessionId: number, by: string, options: ChangeOptions = {}): Promise<ReadingSession> {
    await this.store.repost(sessionId, { ...options, by });
    await this.deliverFor(sessionId);
    return this.requireSession(sessionId);
  }

  async join(
    sessionId: number,
    userId: string,
    options: ChangeOptions = {},
  ): Promise<{ session: ReadingSession; joined: boolean }> {
    return this.store.join(sessionId, userId, options);
  }

  async addNote(sessionId: number, input: AddNoteInput): Promise<SessionNote> {
    return this.store.addNote(sessionId, input);
  }

  private async move(
    sessionId: number,
    direction: 'next' | 'back',
    options: MoveOptions,
    beforeAnnounce: CommittedMove | undefined,
  ): Promise<MoveResult> {
    const result =
      direction === 'next'
        ? await this.store.next(sessionId, options)
        : await this.store.back(sessionId, options);
    if (!result.moved) return result;
    await this.timer.refresh();
    let hookFailure: unknown;
    try {
      await beforeAnnounce?.(result);
    } catch (error) {
      hookFailure = error;
    }
    // The move is committed; the group must see the new step whatever became of the hook.
    await this.deliverFor(sessionId);
    if (hookFailure !== undefined) throw hookFailure;
    return result;
  }

  private async requireSession(sessionId: number): Promise<ReadingSession> {
    const session = await this.store.get(sessionId);
    if (!session) throw new SessionError('not-found', `There is no reading session #${sessionId}.`);
    return session;
  }

  /** Delivers for someone waiting on the answer (a command): a refusal is theirs to hear, as a UserError. */
  private async deliverFor(sessionId: number): Promise<void> {
    const refused = await this.deliver(sessionId);
    if (refused) throw new SessionError('post-refused', refused.message);
  }

  /** Delivers where nobody waits (timer, retry): a refusal goes to the refusal listeners; nothing throws. */
  private async deliverUnattended(sessionId: number): Promise<void> {
    try {
      const refused = await this.deliver(sessionId);
      if (refused) await this.tellRefusal(refused);
    } catch (error) {
      this.logger.error({ err: error, sessionId }, 'delivering reading session posts failed');
    }
  }

  private async tellRefusal(refused: RefusedPost): Promise<void> {
    const outcomes = await Promise.allSettled(
      [...this.refusalListeners].map(async (listener) => listener(refused)),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') {
        this.logger.error(
          { err: outcome.reason, sessionId: refused.session.id },
          'could not tell the moderators that a reading session post was refused',
        );
      }
    }
  }

  private deliver(sessionId: number): Promise<RefusedPost | undefined> {
    const previous = this.deliveries.get(sessionId);
    const run = (previous ?? Promise.resolve(undefined)).then(
      () => this.deliverNow(sessionId),
      () => this.deliverNow(sessionId),
    );
    this.deliveries.set(sessionId, run);
    const forget = () => {
      if (this.deliveries.get(sessionId) === run) this.deliveries.delete(sessionId);
    };
    run.then(forget, forget);
    return run;
  }

  /** Sends the session's pending posts oldest first, stopping at the first that Discord does not accept. */
  private async deliverNow(sessionId: number): Promise<RefusedPost | undefined> {
    // Nobody to post to yet (before the client is ready): the posts wait in the outbox.
    if (this.listeners.size === 0) return undefined;
    let sent = false;
    try {
      // Read afresh after each post: another process may have added one while it waited on this one's claim.
      for (let post = await this.oldestPending(sessionId); post; post = await this.oldestPending(sessionId)) {
        // Held by another process or host sharing the database: it sends this and what follows.
        if (!(await this.store.outbox.claim(post.id, this.claimOwner, this.clock.now().getTime()))) {
          // Should that process die holding the claim, this one sends it when the lease lapses.
          await this.scheduleRetry();
          return undefined;
        }
        try {
          await this.publish(await this.eventOf(post));
        } catch (error) {
          if (error instanceof PostRefused) return await this.refuse(post, error);
          const retryAt = await this.store.outbox.markRetry(
            post.id,
            this.clock.now().getTime(),
            error instanceof Error ? error.message : String(error),
          );
          this.logger.warn(
            { err: error, sessionId, postId: post.id, retryAt },
            'a reading session post was not accepted; it will be retried',
          );
          await this.scheduleRetry();
          return undefined;
        }
        await this.store.outbox.markSent(post.id, this.clock.now().getTime());
        sent = true;
      }
    } finally {
      // A timed session waits for its posts before moving on (advanceIfDue), so sending may free it.
      if (sent) await this.timer.refresh();
    }
    return undefined;
  }

  private async oldestPending(sessionId: number): Promise<OutboxPost | undefined> {
    return (await this.store.outbox.pending(sessionId))[0];
  }

  private async refuse(post: OutboxPost, error: PostRefused): Promise<RefusedPost> {
    const { session } = await this.store.holdBack(post.id, error.message);
    await this.timer.refresh();
    this.logger.warn(
      { sessionId: session.id, postId: post.id, kind: post.kind, err: error.cause ?? error },
      'Discord refused a reading session post for good; the session is held at what its thread shows',
    );
    return { session, post, missing: error.missing, message: refusalMessage(session, post, error.missing) };
  }

  /** Every listener is told; the post counts as accepted only when all accepted it. */
  private async publish(event: SessionEvent): Promise<void> {
    const outcomes = await Promise.allSettled([...this.listeners].map(async (listener) => listener(event)));
    const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    const refusal = failures.find((failure) => failure instanceof PostRefused);
    if (refusal) throw refusal;
    if (failures.length > 0) throw failures[0];
  }

  /** The event a stored post announces, rebuilt from the database as it is now. */
  private async eventOf(post: OutboxPost): Promise<SessionEvent> {
    const session = await this.requireSession(post.sessionId);
    const by = post.by ?? session.startedBy;
    switch (post.kind) {
      case 'step':
        return {
          kind: 'step',
          session: atPosition(session, post.position),
          cause: post.cause ?? 'next',
          by: post.by,
        };
      case 'paused':
        return { kind: 'paused', session, by };
      case 'resumed':
        return { kind: 'resumed', session: atPosition(session, post.position), by };
      case 'ended':
        return { kind: 'ended', session, by, recap: await this.store.buildRecap(session.id) };
    }
  }

  private async serves(sessionId: number): Promise<boolean> {
    if (!this.servesGuild) return true;
    const session = await this.store.get(sessionId);
    return session !== undefined && this.servesGuild(session.guildId);
  }

  /** When the earliest pending post of a served session may be tried again. */
  private async nextAttemptAt(): Promise<Date | undefined> {
    if (!this.servesGuild) return this.store.outbox.nextAttemptAt();
    let next: Date | undefined;
    for (const sessionId of await this.store.outbox.sessionsDue()) {
      if (!(await this.serves(sessionId))) continue;
      const at = (await this.store.outbox.pending(sessionId))[0]?.nextAttemptAt;
      if (at && (!next || at.getTime() < next.getTime())) next = at;
    }
    return next;
  }

  private async retryDue(now: Date | undefined): Promise<void> {
    try {
      for (const sessionId of await this.store.outbox.sessionsDue(now)) {
        if (await this.serves(sessionId)) await this.deliverUnattended(sessionId);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'reading the session outbox failed');
    }
    await this.scheduleRetry();
  }

  private async scheduleRetry(): Promise<void> {
    if (!this.running) return;
    const aiming = ++this.retryAiming;
    let nextAt: Date | undefined;
    try {
      nextAt = await this.nextAttemptAt();
    } catch (error) {
      this.logger.error({ err: error }, 'reading the session outbox failed');
      return;
    }
    // A later call read the outbox after this one, or the timer stopped meanwhile: that one aims.
    if (aiming !== this.retryAiming || !this.running) return;
    if (this.retryHandle !== undefined) this.clock.clearTimeout(this.retryHandle);
    this.retryHandle = undefined;
    // Nothing owed now: look again later, since another host may owe a post and die before sending it.
    const delay = nextAt
      ? Math.min(Math.max(0, nextAt.getTime() - this.clock.now().getTime()), OUTBOX_RECHECK_MS)
      : OUTBOX_RECHECK_MS;
    this.retryHandle = this.clock.setTimeout(() => {
      this.retryHandle = undefined;
      if (!this.running) return undefined;
      const retry = this.retryDue(this.clock.now());
      this.track(retry);
      return retry;
    }, delay);
  }
}

function refusalMessage(session: ReadingSession, post: OutboxPost, missing: string): string {
  const problem = `Lectern cannot post in the session’s thread: ${missing}.`;
  if (post.kind === 'ended') {
    return `${problem} The session has ended, and its recap is kept: once that is fixed, run /session repost in the thread to post it.`;
  }
  if (post.cause === 'start') return `${problem} The session was not started.`;
  return `${problem} The session is paused at step ${session.position + 1} of ${session.stepCount}, the step the thread shows. Once that is fixed, run /session resume.`;
}
