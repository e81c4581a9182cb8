import type { SqlDatabase, SqlQueries } from '../state/sql.js';

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

/**
 * When a pending post may next be tried: its backoff, or later while another process holds it. (A CASE, not
 * the two-argument MAX, which Postgres spells GREATEST.)
 */
const TRY_AT =
  'CASE WHEN claimed_until IS NOT NULL AND claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END';

const FIRST_RETRY_MS = 2_000;
const LONGEST_RETRY_MS = 5 * 60_000;

/** The wait before attempt `attempts + 1`: doubling from 2 s, at most 5 min, so an outage is not hammered. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/**
 * The session outbox (table session_outbox). `add` is called by the session store inside the transaction
 * of the change it announces (its `q`), so a change and its post commit together or not at all; a post is
 * settled (sent or refused) only after Discord has answered. Delivery order is per session, oldest first.
 *
 * Every method takes the queries to run on: the database by default, or the caller's transaction, which
 * must then be passed (inside a transaction the database's own queries wait for it to end).
 */
export class SessionOutbox {
  constructor(private readonly db: SqlDatabase) {}

  /**
   * Deletes the settled posts (sent or refused) of ended sessions settled before `before`: nothing will ask
   * for them again, and keeping them would grow the table with every step ever posted. Returns the count.
   */
  async pruneSettled(before: number, q: SqlQueries = this.db): Promise<number> {
    const { changes } = await q.run(
      `DELETE FROM session_outbox WHERE status <> 'pending' AND settled_at < ?
         AND session_id IN (SELECT id FROM reading_sessions WHERE status = 'ended')`,
      [before],
    );
    return changes;
  }

  async add(post: NewPost, at: number, q: SqlQueries = this.db): Promise<number> {
    const row = await q.get<{ id: number }>(
      `INSERT INTO session_outbox (session_id, kind, cause, position, step_seq, by_user, interaction_id, status,
         attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)
       RETURNING id`,
      [
        post.sessionId,
        post.kind,
        post.cause ?? null,
        post.position,
        post.stepSeq ?? null,
        post.by ?? null,
        post.interactionId ?? null,
        at,
        at,
      ],
    );
    if (!row) throw new Error('the outbox insert returned no id');
    return Number(row.id);
  }

  async get(postId: number, q: SqlQueries = this.db): Promise<OutboxPost | undefined> {
    const row = await q.get<OutboxRow>('SELECT * FROM session_outbox WHERE id = ?', [postId]);
    return row ? toPost(row) : undefined;
  }

  /** A session's posts not yet accepted, oldest first. */
  async pending(sessionId: number, q: SqlQueries = this.db): Promise<OutboxPost[]> {
    const rows = await q.all<OutboxRow>(
      "SELECT * FROM session_outbox WHERE session_id = ? AND status = 'pending' ORDER BY id",
      [sessionId],
    );
    return rows.map(toPost);
  }

  /** Every post of a session, oldest first, whatever its status. */
  async all(sessionId: number, q: SqlQueries = this.db): Promise<OutboxPost[]> {
    const rows = await q.all<OutboxRow>('SELECT * FROM session_outbox WHERE session_id = ? ORDER BY id', [
      sessionId,
    ]);
    return rows.map(toPost);
  }

  /** Sessions whose oldest pending post may be tried at `now` (every session with one, when now is omitted). */
  async sessionsDue(now?: Date, q: SqlQueries = this.db): Promise<number[]> {
    const rows = await q.all<{ session_id: number; next_attempt_at: number }>(
      `SELECT session_id, ${TRY_AT} AS next_attempt_at FROM session_outbox o
       WHERE status = 'pending'
         AND id = (SELECT MIN(id) FROM session_outbox WHERE session_id = o.session_id AND status = 'pending')
       ORDER BY id`,
    );
    return rows
      .filter((row) => now === undefined || row.next_attempt_at <= now.getTime())
      .map((row) => row.session_id);
  }

  /** When the earliest pending post may be tried again, if any is waiting. */
  async nextAttemptAt(q: SqlQueries = this.db): Promise<Date | undefined> {
    const row = await q.get<{ at: number | null }>(
      `SELECT MIN(${TRY_AT}) AS at FROM session_outbox WHERE status = 'pending'`,
    );
    return row?.at == null ? undefined : new Date(row.at);
  }

  async hasPending(sessionId: number, q: SqlQueries = this.db): Promise<boolean> {
    const row = await q.get<{ found: number }>(
      "SELECT 1 AS found FROM session_outbox WHERE session_id = ? AND status = 'pending' LIMIT 1",
      [sessionId],
    );
    return row !== undefined;
  }

  /**
   * Claims a pending post for `owner` to send, unless another process or host holds an unexpired claim on
   * it: of several sharing the database, exactly one sends each post. Settling the post ends the claim.
   *
   * One statement, so the check and the claim cannot be split: SQLite runs it under its write lock; on
   * Postgres the inner SELECT locks the row (skipping it, so answering "not yours", while another host's
   * claim or settlement of it is uncommitted) and re-checks the condition on the row as last committed.
   */
  async claim(
    postId: number,
    owner: string,
    at: number,
    leaseMs = CLAIM_LEASE_MS,
    q: SqlQueries = this.db,
  ): Promise<boolean> {
    const { changes } = await q.run(
      `UPDATE session_outbox SET claimed_by = ?, claimed_until = ?
       WHERE id IN (
         SELECT id FROM session_outbox
         WHERE id = ? AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= ? OR claimed_by = ?)
         ${this.db.dialect.forUpdateSkipLocked}
       )`,
      [owner, at + leaseMs, postId, at, owner],
    );
    return changes === 1;
  }

  async markSent(postId: number, at: number, q: SqlQueries = this.db): Promise<void> {
    await q.run(
      `UPDATE session_outbox SET status = 'sent', attempts = attempts + 1, settled_at = ?, claimed_by = NULL,
         claimed_until = NULL WHERE id = ? AND status = 'pending'`,
      [at, postId],
    );
  }

  /** Records a failed attempt; returns when the next one is due. */
  async markRetry(postId: number, at: number, error: string, q: SqlQueries = this.db): Promise<Date> {
    return q.transaction(async (tx) => {
      const row = await this.get(postId, tx);
      const attempts = (row?.attempts ?? 0) + 1;
      const nextAt = at + retryDelayMs(attempts);
      await tx.run(
        `UPDATE session_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL,
           claimed_until = NULL WHERE id = ? AND status = ?`,
        [attempts, nextAt, error.slice(0, 500), postId, 'pending'],
      );
      return new Date(nextAt);
    });
  }

  /** Settles a post as refused for good (it stays, so nothing is lost and /session repost can try again). */
  async markRefused(postId: number, at: number, error: string, q: SqlQueries = this.db): Promise<void> {
    await q.run(
      `UPDATE session_outbox SET status = 'refused', attempts = attempts + 1, last_error = ?, settled_at = ?,
         claimed_by = NULL, claimed_until = NULL WHERE id = ?`,
      [error.slice(0, 500), at, postId],
    );
  }

  /** The step the thread last accepted, if any step of the session was accepted. */
  async lastSentPosition(sessionId: number, q: SqlQueries = this.db): Promise<number | undefined> {
    const row = await q.get<{ position: number }>(
      `SELECT position FROM session_outbox WHERE session_id = ? AND kind = 'step' AND status = 'sent'
       ORDER BY id DESC LIMIT 1`,
      [sessionId],
    );
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
