import type { Database } from '../state/db.js';

export type PostKind = 'step' | 'paused' | 'resumed' | 'ended';
/** Why a step is shown: the session opened, someone moved it, its timer did, or a moderator asked again. */
export type StepCause = 'start' | 'next' | 'back' | 'timer' | 'repost';
export type PostStatus = 'pending' | 'sent' | 'refused';

/** A post owed to a session's thread, as stored. */
export interface OutboxPost {
  id: number;
  sessionId: number;
  kind: PostKind;
  /** For steps: why it is shown. */
  cause: StepCause | null;
  /** The step the session was at when the post was written; a step post shows this step. */
  position: number;
  /** The step-log entry a step post announces, so a refused post can take it back. */
  stepSeq: number | null;
  by: string | null;
  /** The interaction that caused it; null for the timer. */
  interactionId: string | null;
  status: PostStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
}

export interface NewPost {
  sessionId: number;
  kind: PostKind;
  cause?: StepCause | null;
  position: number;
  stepSeq?: number | null;
  by?: string | null;
  interactionId?: string | null;
}

interface OutboxRow {
  id: number;
  session_id: number;
  kind: PostKind;
  cause: StepCause | null;
  position: number;
  step_seq: number | null;
  by_user: string | null;
  interaction_id: string | null;
  status: PostStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
}

/**
 * How long a claim on a post lasts: well past a post's slowest delivery (discord.js waits out rate limits),
 * so two processes never send one post, and short enough that a post whose sender died goes out soon after.
 */
export const CLAIM_LEASE_MS = 2 * 60_000;

/** When a pending post may next be tried: its backoff, or later while another process holds it. */
const TRY_AT = 'MAX(next_attempt_at, COALESCE(claimed_until, 0))';

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 5 * 60_000;

/** The wait before attempt `attempts + 1`: doubling from 2 s, at most 5 min, so an outage is not hammered. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/**
 * The session outbox (table session_outbox). `add` is called by the session store inside the transaction
 * of the change it announces, so a change and its post commit together or not at all; a post is settled
 * (sent or refused) only after Discord has answered. Delivery order is per session, oldest first.
 */
export class SessionOutbox {
  constructor(private readonly db: Database) {}

  /**
   * Deletes the settled posts (sent or refused) of ended sessions settled before `before`: nothing will ask
   * for them again, and keeping them would grow the table with every step ever posted. Returns the count.
   */
  pruneSettled(before: number): number {
    return this.db
      .prepare(
        `DELETE FROM session_outbox WHERE status != 'pending' AND settled_at < ?
           AND session_id IN (SELECT id FROM reading_sessions WHERE status = 'ended')`,
      )
      .run(before).changes;
  }

  add(post: NewPost, at: number): number {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO session_outbox (session_id, kind, cause, position, step_seq, by_user, interaction_id, status,
           attempts, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
      )
      .run(
        post.sessionId,
        post.kind,
        post.cause ?? null,
        post.position,
        post.stepSeq ?? null,
        post.by ?? null,
        post.interactionId ?? null,
        at,
        at,
      );
    return Number(lastInsertRowid);
  }

  get(postId: number): OutboxPost | undefined {
    const row = this.db.prepare<[number], OutboxRow>('SELECT * FROM session_outbox WHERE id = ?').get(postId);
    return row ? toPost(row) : undefined;
  }

  /** A session's posts not yet accepted, oldest first. */
  pending(sessionId: number): OutboxPost[] {
    return this.db
      .prepare<[number], OutboxRow>(
        "SELECT * FROM session_outbox WHERE session_id = ? AND status = 'pending' ORDER BY id",
      )
      .all(sessionId)
      .map(toPost);
  }

  /** Every post of a session, oldest first, whatever its status. */
  all(sessionId: number): OutboxPost[] {
    return this.db
      .prepare<[number], OutboxRow>('SELECT * FROM session_outbox WHERE session_id = ? ORDER BY id')
      .all(sessionId)
      .map(toPost);
  }

  /** Sessions whose oldest pending post may be tried at `now` (every session with one, when now is omitted). */
  sessionsDue(now?: Date): number[] {
    const rows = this.db
      .prepare<[], { session_id: number; next_attempt_at: number }>(
        `SELECT session_id, ${TRY_AT} AS next_attempt_at FROM session_outbox o
         WHERE status = 'pending'
           AND id = (SELECT MIN(id) FROM session_outbox WHERE session_id = o.session_id AND status = 'pending')
         ORDER BY id`,
      )
      .all();
    return rows
      .filter((row) => now === undefined || row.next_attempt_at <= now.getTime())
      .map((row) => row.session_id);
  }

  /** When the earliest pending post may be tried again, if any is waiting. */
  nextAttemptAt(): Date | undefined {
    const row = this.db
      .prepare<[], { at: number | null }>(
        `SELECT MIN(${TRY_AT}) AS at FROM session_outbox WHERE status = 'pending'`,
      )
      .get();
    return row?.at == null ? undefined : new Date(row.at);
  }

  hasPending(sessionId: number): boolean {
    return (
      this.db
        .prepare<[number], { found: number }>(
          "SELECT 1 AS found FROM session_outbox WHERE session_id = ? AND status = 'pending' LIMIT 1",
        )
        .get(sessionId) !== undefined
    );
  }

  /**
   * Claims a pending post for `owner` to send, unless another process holds an unexpired claim on it: of
   * several processes sharing the database, exactly one sends each post. Settling the post ends the claim.
   */
  claim(postId: number, owner: string, at: number, leaseMs = CLAIM_LEASE_MS): boolean {
    return (
      this.db
        .prepare(
          `UPDATE session_outbox SET claimed_by = ?, claimed_until = ?
           WHERE id = ? AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= ? OR claimed_by = ?)`,
        )
        .run(owner, at + leaseMs, postId, at, owner).changes === 1
    );
  }

  markSent(postId: number, at: number): void {
    this.db
      .prepare(
        "UPDATE session_outbox SET status = 'sent', attempts = attempts + 1, settled_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND status = 'pending'",
      )
      .run(at, postId);
  }

  /** Records a failed attempt; returns when the next one is due. */
  markRetry(postId: number, at: number, error: string): Date {
    const row = this.get(postId);
    const attempts = (row?.attempts ?? 0) + 1;
    const nextAt = at + retryDelayMs(attempts);
    this.db
      .prepare(
        `UPDATE session_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL,
           claimed_until = NULL WHERE id = ? AND status = ?`,
      )
      .run(attempts, nextAt, error.slice(0, 500), postId, 'pending');
    return new Date(nextAt);
  }

  /** Settles a post as refused for good (it stays, so nothing is lost and /session repost can try again). */
  markRefused(postId: number, at: number, error: string): void {
    this.db
      .prepare(
        "UPDATE session_outbox SET status = 'refused', attempts = attempts + 1, last_error = ?, settled_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
      )
      .run(error.slice(0, 500), at, postId);
  }

  /** The step the thread last accepted, if any step of the session was accepted. */
  lastSentPosition(sessionId: number): number | undefined {
    const row = this.db
      .prepare<[number], { position: number }>(
        "SELECT position FROM session_outbox WHERE session_id = ? AND kind = 'step' AND status = 'sent' ORDER BY id DESC LIMIT 1",
      )
      .get(sessionId);
    return row?.position;
  }
}

function toPost(row: OutboxRow): OutboxPost {
  return {
    id: row.id,
    sessionId: row.session_id,
    kind: row.kind,
    cause: row.cause,
    position: row.position,
    stepSeq: row.step_seq,
    by: row.by_user,
    interactionId: row.interaction_id,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
  };
}
