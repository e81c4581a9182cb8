import { applyOnce, forgetAppliedBefore } from '../state/once.js';
import type { SqlDatabase, SqlQueries } from '../state/sql.js';
import { truncateText } from '../text/unicode.js';
import { type OutboxPost, SessionOutbox } from './outbox.js';
import {
  type AddNoteInput,
  type Attendance,
  type ChangeOptions,
  type DueAdvance,
  type MoveOptions,
  type MoveResult,
  type ReadingSession,
  SessionError,
  type SessionNote,
  type SessionRecap,
  type SessionStatus,
  type SessionStep,
  type StartSessionInput,
} from './types.js';

export const MAX_PACE = 50;
export const MAX_MINUTES = 24 * 60;
export const MAX_NOTE_LENGTH = 1_000;
export const MAX_TITLE_LENGTH = 100;

interface SessionRow {
  id: number;
  guild_id: string;
  channel_id: string;
  thread_id: string | null;
  document_id: string;
  title: string;
  passage_ids: string;
  pace: number;
  position: number;
  furthest_position: number;
  status: SessionStatus;
  minutes: number | null;
  spoilers: number;
  started_by: string;
  created_at: number;
  updated_at: number;
  last_advance_at: number;
  ended_at: number | null;
}

interface StepRow {
  seq: number;
  position: number;
  shown_at: number;
  shown_by: string | null;
}

interface NoteRow {
  id: number;
  session_id: number;
  user_id: string;
  passage_id: string;
  text: string;
  created_at: number;
}

export interface SessionStoreOptions {
  /** The clock for timestamps; injected so tests can control time. */
  now?: () => Date;
}

/**
 * Reading sessions, on either engine. Every change runs in its own write transaction: it takes the
 * database's write lock before reading the session, so concurrent operations from any number of
 * connections, processes or hosts apply one after another, each to the state the previous one committed.
 *
 * Concurrent "next": each press is applied exactly once, in lock order, and moves one step from whatever
 * step is current when it gets the lock — two presses at once advance two steps, never skipping or
 * repeating one, and stopping at the last step (reason 'at-end'). A caller that wants "advance only from
 * the step I saw" (a double-clicked stale button) passes expectedPosition and gets reason 'stale' instead.
 */
export class SessionStore {
  private readonly now: () => Date;
  /** The posts each change owes its thread; written in the change's own transaction. */
  readonly outbox: SessionOutbox;

  constructor(
    private readonly db: SqlDatabase,
    options: SessionStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.outbox = new SessionOutbox(db);
  }

  /**
   * Forgets interaction ids applied before `before` and the settled posts of sessions that ended; returns
   * how many rows of each went.
   */
  async forgetBefore(before: number): Promise<{ interactions: number; posts: number }> {
    return {
      interactions: await forgetAppliedBefore(this.db, new Date(before)),
      posts: await this.outbox.pruneSettled(before),
    };
  }

  /** One change, in one write transaction, applied at most once per interaction id (see applyOnce). */
  private change<T>(
    interactionId: string | undefined,
    action: string,
    apply: (tx: SqlQueries) => Promise<T>,
  ): Promise<T> {
    return applyOnce(this.db, interactionId, action, apply, this.now);
  }

  /** Starts a session; refuses (channel-busy) while the channel has a session that has not ended. */
  async start(input: StartSessionInput): Promise<ReadingSession> {
    const clean = validateStart(input);
    return this.change(input.interactionId, 'session start', async (tx) => {
      const live = await liveRowByChannel(tx, input.guildId, input.channelId);
      if (live) {
        // No title here: it is the user's text, and only the Discord layer knows how to show it safely.
        throw new SessionError(
          'channel-busy',
          `This channel already has a ${live.status} reading session. End it before starting another.`,
        );
      }
      const at = this.now().getTime();
      const inserted = await tx.get<{ id: number }>(
        `INSERT INTO reading_sessions (guild_id, channel_id, document_id, title, passage_ids, pace, position,
             furthest_position, status, minutes, spoilers, started_by, created_at, updated_at, last_advance_at)
           VALUES (?, ?, ?, ?, ?, ?, 0, 0, 'active', ?, ?, ?, ?, ?, ?)
           RETURNING id`,
        [
          input.guildId,
          input.channelId,
          input.documentId,
          clean.title,
          JSON.stringify(clean.steps),
          clean.pace,
          clean.minutes,
          clean.spoilers ? 1 : 0,
          input.startedBy,
          at,
          at,
          at,
        ],
      );
      if (!inserted) throw new Error('the session insert returned no id');
      const id = Number(inserted.id);
      await recordStep(tx, id, 0, at, null);
      await insertAttendance(tx, id, input.startedBy, at);
      return requireSession(tx, id);
    });
  }

  /** Moves one step forward (see the class comment for concurrent presses). Refuses when paused or ended. */
  async next(sessionId: number, options: MoveOptions = {}): Promise<MoveResult> {
    return this.change(options.interactionId, 'session next', (tx) =>
      this.announcedMove(tx, sessionId, +1, 'next', options),
    );
  }

  /** Moves one step back; at the first step nothing changes (reason 'at-start'). */
  async back(sessionId: number, options: MoveOptions = {}): Promise<MoveResult> {
    return this.change(options.interactionId, 'session back', (tx) =>
      this.announcedMove(tx, sessionId, -1, 'back', options),
    );
  }

  /**
   * The timer's advance: moves one step only if the session is still active, timed, not at its end and its
   * interval has elapsed at `now` — checked under the write lock, so a press or pause that landed after the
   * timer computed its schedule wins, and of several processes or hosts whose timers fire at once exactly
   * one moves the session. Returns null when nothing was due; with holdUntilPosted, also while a post of
   * the session still waits for Discord, so the timer does not run ahead of what the thread shows.
   */
  async advanceIfDue(
    sessionId: number,
    now: Date,
    options: { holdUntilPosted?: boolean } = {},
  ): Promise<MoveResult | null> {
    return this.db.transaction(async (tx) => {
      const row = await sessionRow(tx, sessionId);
      if (!row) return null;
      const due = dueAt(row);
      if (!due || due > now.getTime()) return null;
      if (options.holdUntilPosted && (await this.outbox.hasPending(sessionId, tx))) return null;
      return this.announcedMove(tx, sessionId, +1, 'timer', { by: null }, now.getTime());
    });
  }

  /** Stops the timer and refuses next/back until resume. */
  async pause(sessionId: number, options: ChangeOptions = {}): Promise<ReadingSession> {
    return this.change(options.interactionId, 'session pause', async (tx) => {
      const row = await requireLiveRow(tx, sessionId);
      if (row.status === 'paused') throw new SessionError('already-paused', 'The session is already paused.');
      const at = this.now().getTime();
      await tx.run('UPDATE reading_sessions SET status = ?, updated_at = ? WHERE id = ?', [
        'paused',
        at,
        sessionId,
      ]);
      await this.outbox.add({ sessionId, kind: 'paused', position: row.position, ...options }, at, tx);
      return requireSession(tx, sessionId);
    });
  }

  /** Resumes a paused session; a timed session's interval starts again in full from now. */
  async resume(sessionId: number, options: ChangeOptions = {}): Promise<ReadingSession> {
    return this.change(options.interactionId, 'session resume', async (tx) => {
      const row = await requireLiveRow(tx, sessionId);
      if (row.status !== 'paused') throw new SessionError('not-paused', 'The session is not paused.');
      const at = this.now().getTime();
      await tx.run(
        "UPDATE reading_sessions SET status = 'active', updated_at = ?, last_advance_at = ? WHERE id = ?",
        [at, at, sessionId],
      );
      await this.outbox.add({ sessionId, kind: 'resumed', position: row.position, ...options }, at, tx);
      return requireSession(tx, sessionId);
    });
  }

  /**
   * Ends the session for good; the channel is then free for a new one. With `announce` (the default) the
   * recap is owed to the thread; a session abandoned before it had a thread announces nothing.
   */
  async end(
    sessionId: number,
    options: ChangeOptions & { announce?: boolean } = {},
  ): Promise<ReadingSession> {
    return this.change(options.interactionId, 'session end', async (tx) => {
      const row = await requireLiveRow(tx, sessionId);
      const at = this.now().getTime();
      await tx.run(
        "UPDATE reading_sessions SET status = 'ended', updated_at = ?, ended_at = ? WHERE id = ?",
        [at, at, sessionId],
      );
      if (options.announce !== false) {
        await this.outbox.add(
          {
            sessionId,
            kind: 'ended',
            position: row.position,
            by: options.by,
            interactionId: options.interactionId,
          },
          at,
          tx,
        );
      }
      return requireSession(tx, sessionId);
    });
  }

  /**
   * Owes the thread the session's current step again (a live session) or its recap (an ended one), for a
   * moderator who finds the thread missing a post.
   */
  async repost(sessionId: number, options: ChangeOptions = {}): Promise<ReadingSession> {
    return this.change(options.interactionId, 'session repost', async (tx) => {
      const session = await requireSession(tx, sessionId);
      await this.outbox.add(
        session.status === 'ended'
          ? { sessionId, kind: 'ended', position: session.position, ...options }
          : { sessionId, kind: 'step', cause: 'repost', position: session.position, ...options },
        this.now().getTime(),
        tx,
      );
      return session;
    });
  }

  /**
   * Discord refused a post for good. The post and every later pending one of the session are settled as
   * refused (kept, not deleted). A refused step, pause or resume pauses the session back at the step the
   * thread last accepted, taking the unshown steps out of the step log, so the store never reports a step
   * the thread does not show. A refused recap leaves the session ended (so a deleted thread cannot block
   * its channel for ever); the recap stays in the outbox for /session repost.
   */
  async holdBack(postId: number, error: string): Promise<{ session: ReadingSession; post: OutboxPost }> {
    return this.db.transaction(async (tx) => {
      const post = await this.outbox.get(postId, tx);
      if (!post) throw new Error(`no outbox post ${postId}`);
      const at = this.now().getTime();
      const refused = (await this.outbox.pending(post.sessionId, tx)).filter((later) => later.id >= post.id);
      for (const each of refused) await this.outbox.markRefused(each.id, at, error, tx);
      const row = await requireRow(tx, post.sessionId);
      if (row.status !== 'ended') {
        for (const each of refused) {
          if (each.kind === 'step' && each.stepSeq !== null) {
            await tx.run('DELETE FROM session_steps WHERE session_id = ? AND seq = ?', [
              post.sessionId,
              each.stepSeq,
            ]);
          }
        }
        const shown = (await this.outbox.lastSentPosition(post.sessionId, tx)) ?? row.position;
        const logged = await tx.get<{ furthest: number | null }>(
          'SELECT MAX(position) AS furthest FROM session_steps WHERE session_id = ?',
          [post.sessionId],
        );
        await tx.run(
          "UPDATE reading_sessions SET status = 'paused', position = ?, updated_at = ?, furthest_position = ? WHERE id = ?",
          [shown, at, Math.max(shown, logged?.furthest ?? 0), post.sessionId],
        );
      }
      return {
        session: await requireSession(tx, post.sessionId),
        post: { ...post, status: 'refused' as const },
      };
    });
  }

  /** Records attendance; joining twice keeps the first join time (joined: false). */
  async join(
    sessionId: number,
    userId: string,
    options: ChangeOptions = {},
  ): Promise<{ session: ReadingSession; joined: boolean }> {
    return this.change(options.interactionId, 'session join', async (tx) => {
      await requireLiveRow(tx, sessionId);
      const joined = await insertAttendance(tx, sessionId, userId, this.now().getTime());
      return { session: await requireSession(tx, sessionId), joined };
    });
  }

  /** Adds a note to a passage of the session. Only joining puts someone on the attendance list. */
  async addNote(sessionId: number, input: AddNoteInput): Promise<SessionNote> {
    return this.change(input.interactionId, 'note', async (tx) => {
      const row = await requireLiveRow(tx, sessionId);
      const session = toSession(row);
      const text = input.text.trim();
      if (text === '') throw new SessionError('invalid-input', 'The note is empty.');
      if (text.length > MAX_NOTE_LENGTH) {
        throw new SessionError('invalid-input', `Notes are limited to ${MAX_NOTE_LENGTH} characters.`);
      }
      const passageId = input.passageId ?? session.currentPassageIds[0];
      if (passageId === undefined || !session.passageIds.includes(passageId)) {
        throw new SessionError('invalid-input', `Passage "${input.passageId}" is not part of this session.`);
      }
      const at = this.now().getTime();
      const inserted = await tx.get<{ id: number }>(
        `INSERT INTO session_notes (session_id, user_id, passage_id, text, created_at) VALUES (?, ?, ?, ?, ?)
         RETURNING id`,
        [sessionId, input.userId, passageId, text, at],
      );
      if (!inserted) throw new Error('the note insert returned no id');
      return {
        id: Number(inserted.id),
        sessionId,
        userId: input.userId,
        passageId,
        text,
        createdAt: new Date(at),
      };
    });
  }

  /** Links the session to the Discord thread it runs in; its first step is then owed to the thread. */
  async setThread(sessionId: number, threadId: string): Promise<ReadingSession> {
    return this.db.transaction(async (tx) => {
      const row = await requireLiveRow(tx, sessionId);
      const owner = await tx.get<{ id: number }>('SELECT id FROM reading_sessions WHERE thread_id = ?', [
        threadId,
      ]);
      if (owner && owner.id !== sessionId) {
        throw new SessionError('thread-taken', 'That thread already belongs to another reading session.');
      }
      await tx.run('UPDATE reading_sessions SET thread_id = ?, updated_at = ? WHERE id = ?', [
        threadId,
        this.now().getTime(),
        sessionId,
      ]);
      const first = await tx.get<{ seq: number | null }>(
        'SELECT MIN(seq) AS seq FROM session_steps WHERE session_id = ?',
        [sessionId],
      );
      await this.outbox.add(
        {
          sessionId,
          kind: 'step',
          cause: 'start',
          position: row.position,
          stepSeq: first?.seq ?? null,
          by: row.started_by,
        },
        this.now().getTime(),
        tx,
      );
      return requireSession(tx, sessionId);
    });
  }

  async get(sessionId: number): Promise<ReadingSession | undefined> {
    const row = await sessionRow(this.db, sessionId);
    return row ? toSession(row) : undefined;
  }

  /** The channel's session that has not ended (active or paused), if any. */
  async getLiveByChannel(guildId: string, channelId: string): Promise<ReadingSession | undefined> {
    const row = await liveRowByChannel(this.db, guildId, channelId);
    return row ? toSession(row) : undefined;
  }

  /** The session running in a thread, whatever its status. */
  async getByThread(threadId: string): Promise<ReadingSession | undefined> {
    // Every /search and /cite asks this (is the channel a session's thread?); both engines prepare a
    // statement once per SQL text, so it is not compiled afresh each time.
    const row = await this.db.get<SessionRow>('SELECT * FROM reading_sessions WHERE thread_id = ?', [
      threadId,
    ]);
    return row ? toSession(row) : undefined;
  }

  /** The session a command issued in `channelId` refers to: one running in that thread, else the channel's live one. */
  async findForChannel(guildId: string, channelId: string): Promise<ReadingSession | undefined> {
    const inThread = await this.getByThread(channelId);
    if (inThread && inThread.guildId === guildId && inThread.status !== 'ended') return inThread;
    return this.getLiveByChannel(guildId, channelId);
  }

  /** Sessions not ended (active and paused), oldest first, optionally for one guild. */
  async listLive(guildId?: string): Promise<ReadingSession[]> {
    const rows =
      guildId === undefined
        ? await this.db.all<SessionRow>("SELECT * FROM reading_sessions WHERE status <> 'ended' ORDER BY id")
        : await this.db.all<SessionRow>(
            "SELECT * FROM reading_sessions WHERE status <> 'ended' AND guild_id = ? ORDER BY id",
            [guildId],
          );
    return rows.map(toSession);
  }

  /** Timed advances due at or before `now`, earliest first, from stored timestamps only. */
  async dueAdvances(now: Date): Promise<DueAdvance[]> {
    return (await this.upcomingAdvances()).filter((advance) => advance.dueAt.getTime() <= now.getTime());
  }

  /** Every pending timed advance (active, timed, not at the last step), earliest first. */
  async upcomingAdvances(): Promise<DueAdvance[]> {
    const rows = await this.db.all<SessionRow>(
      "SELECT * FROM reading_sessions WHERE status = 'active' AND minutes IS NOT NULL ORDER BY id",
    );
    const advances: DueAdvance[] = [];
    for (const row of rows) {
      const due = dueAt(row);
      if (due !== undefined) advances.push({ sessionId: row.id, dueAt: new Date(due) });
    }
    return advances.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.sessionId - b.sessionId);
  }

  async steps(sessionId: number): Promise<SessionStep[]> {
    return steps(this.db, sessionId);
  }

  async attendance(sessionId: number): Promise<Attendance[]> {
    return attendance(this.db, sessionId);
  }

  async notes(sessionId: number): Promise<SessionNote[]> {
    return notes(this.db, sessionId);
  }

  /**
   * Everything a recap shows, read in one snapshot (a transaction: no change lands between its reads).
   * Works for live and ended sessions.
   */
  async buildRecap(sessionId: number): Promise<SessionRecap> {
    return this.db.transaction(async (tx) => {
      const session = await requireSession(tx, sessionId);
      return {
        session,
        passagesCovered: session.coveredPassageIds,
        steps: await steps(tx, sessionId, session),
        attendance: await attendance(tx, sessionId),
        notes: await notes(tx, sessionId),
        startedAt: session.createdAt,
        endedAt: session.endedAt,
      };
    });
  }

  private async announcedMove(
    q: SqlQueries,
    sessionId: number,
    delta: 1 | -1,
    cause: 'next' | 'back' | 'timer',
    options: MoveOptions,
    at?: number,
  ): Promise<MoveResult> {
    const result = await this.move(q, sessionId, delta, options, at);
    if (result.moved) {
      await this.outbox.add(
        {
          sessionId,
          kind: 'step',
          cause,
          position: result.session.position,
          stepSeq: result.seq ?? null,
          by: options.by ?? null,
          interactionId: options.interactionId,
        },
        at ?? this.now().getTime(),
        q,
      );
    }
    return result;
  }

  private async move(
    q: SqlQueries,
    sessionId: number,
    delta: 1 | -1,
    options: MoveOptions,
    at = this.now().getTime(),
  ): Promise<MoveResult> {
    const row = await requireLiveRow(q, sessionId);
    if (row.status === 'paused') {
      throw new SessionError('paused', 'The session is paused. Resume it before moving on.');
    }
    const before = toSession(row);
    const refuse = (reason: MoveResult['reason']): MoveResult => ({
      session: before,
      moved: false,
      reason,
      atEnd: before.atEnd,
      atStart: before.atStart,
    });
    if (options.expectedPosition !== undefined && options.expectedPosition !== row.position)
      return refuse('stale');
    const target = row.position + delta;
    if (target >= before.stepCount) return refuse('at-end');
    if (target < 0) return refuse('at-start');
    // The row was read under the write lock, so its furthest position is still current.
    await q.run(
      `UPDATE reading_sessions SET position = ?, furthest_position = ?, updated_at = ?, last_advance_at = ?
       WHERE id = ?`,
      [target, Math.max(row.furthest_position, target), at, at, sessionId],
    );
    const seq = await recordStep(q, sessionId, target, at, options.by ?? null);
    const session = await requireSession(q, sessionId);
    return { session, moved: true, seq, atEnd: session.atEnd, atStart: session.atStart };
  }
}

async function recordStep(
  q: SqlQueries,
  sessionId: number,
  position: number,
  at: number,
  by: string | null,
): Promise<number> {
  const next = await q.get<{ seq: number }>(
    'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM session_steps WHERE session_id = ?',
    [sessionId],
  );
  const seq = Number(next?.seq ?? 1);
  await q.run(
    'INSERT INTO session_steps (session_id, seq, position, shown_at, shown_by) VALUES (?, ?, ?, ?, ?)',
    [sessionId, seq, position, at, by],
  );
  return seq;
}

async function insertAttendance(
  q: SqlQueries,
  sessionId: number,
  userId: string,
  at: number,
): Promise<boolean> {
  const { changes } = await q.run(
    `INSERT INTO session_attendance (session_id, user_id, joined_at) VALUES (?, ?, ?)
     ON CONFLICT (session_id, user_id) DO NOTHING`,
    [sessionId, userId, at],
  );
  return changes > 0;
}

function sessionRow(q: SqlQueries, sessionId: number): Promise<SessionRow | undefined> {
  return q.get<SessionRow>('SELECT * FROM reading_sessions WHERE id = ?', [sessionId]);
}

function liveRowByChannel(
  q: SqlQueries,
  guildId: string,
  channelId: string,
): Promise<SessionRow | undefined> {
  return q.get<SessionRow>(
    "SELECT * FROM reading_sessions WHERE guild_id = ? AND channel_id = ? AND status <> 'ended'",
    [guildId, channelId],
  );
}

async function requireRow(q: SqlQueries, sessionId: number): Promise<SessionRow> {
  const row = await sessionRow(q, sessionId);
  if (!row) throw new SessionError('not-found', `There is no reading session #${sessionId}.`);
  return row;
}

async function requireLiveRow(q: SqlQueries, sessionId: number): Promise<SessionRow> {
  const row = await requireRow(q, sessionId);
  if (row.status === 'ended') throw new SessionError('ended', 'That reading session has ended.');
  return row;
}

async function requireSession(q: SqlQueries, sessionId: number): Promise<ReadingSession> {
  return toSession(await requireRow(q, sessionId));
}

async function steps(q: SqlQueries, sessionId: number, known?: ReadingSession): Promise<SessionStep[]> {
  const session = known ?? (await requireSession(q, sessionId));
  const rows = await q.all<StepRow>(
    'SELECT seq, position, shown_at, shown_by FROM session_steps WHERE session_id = ? ORDER BY seq',
    [sessionId],
  );
  return rows.map((step) => ({
    seq: step.seq,
    position: step.position,
    passageIds: session.steps[step.position] ?? [],
    shownAt: new Date(step.shown_at),
    shownBy: step.shown_by,
  }));
}

async function attendance(q: SqlQueries, sessionId: number): Promise<Attendance[]> {
  const rows = await q.all<{ user_id: string; joined_at: number }>(
    'SELECT user_id, joined_at FROM session_attendance WHERE session_id = ? ORDER BY joined_at, user_id',
    [sessionId],
  );
  return rows.map((row) => ({ userId: row.user_id, joinedAt: new Date(row.joined_at) }));
}

async function notes(q: SqlQueries, sessionId: number): Promise<SessionNote[]> {
  const rows = await q.all<NoteRow>('SELECT * FROM session_notes WHERE session_id = ? ORDER BY id', [
    sessionId,
  ]);
  return rows.map((row) => ({
    id: row.id,
    sessionId: row.session_id,
    userId: row.user_id,
    passageId: row.passage_id,
    text: row.text,
    createdAt: new Date(row.created_at),
  }));
}

/** The passages step `position` shows when every step holds `pace` passages. */
export function stepPassages(passageIds: readonly string[], pace: number, position: number): string[] {
  return passageIds.slice(position * pace, (position + 1) * pace);
}

/** `pace` passages per step, the last step shorter. */
function uniformSteps(passageIds: readonly string[], pace: number): string[][] {
  const steps: string[][] = [];
  for (let position = 0; position * pace < passageIds.length; position++) {
    steps.push(stepPassages(passageIds, pace, position));
  }
  return steps;
}

function dueAt(row: SessionRow): number | undefined {
  if (row.status !== 'active' || row.minutes === null) return undefined;
  const stepCount = parseSteps(row).length;
  if (row.position >= stepCount - 1) return undefined;
  return row.last_advance_at + row.minutes * 60_000;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((id) => typeof id === 'string');

/**
 * The column holds the step plan (a list of passage-id lists). Rows written before steps could differ in
 * size hold a flat list of ids, read as `pace` passages per step.
 */
function parseSteps(row: SessionRow): string[][] {
  const parsed: unknown = JSON.parse(row.passage_ids);
  if (isStringList(parsed)) return uniformSteps(parsed, row.pace);
  if (Array.isArray(parsed) && parsed.every(isStringList)) return parsed;
  throw new Error('Corrupt reading session: passage_ids is neither a step plan nor a list of ids');
}

function toSession(row: SessionRow): ReadingSession {
  const steps = parseSteps(row);
  const passageIds = steps.flat();
  const stepCount = steps.length;
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    threadId: row.thread_id,
    documentId: row.document_id,
    title: row.title,
    passageIds,
    steps,
    pace: row.pace,
    position: row.position,
    stepCount,
    furthestPosition: row.furthest_position,
    status: row.status,
    minutes: row.minutes,
    spoilers: row.spoilers === 1,
    startedBy: row.started_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    lastAdvanceAt: new Date(row.last_advance_at),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at),
    currentPassageIds: steps[row.position] ?? [],
    coveredPassageIds: steps.slice(0, row.furthest_position + 1).flat(),
    atStart: row.position === 0,
    atEnd: row.position >= stepCount - 1,
  };
}

function validateStart(input: StartSessionInput): {
  steps: string[][];
  pace: number;
  minutes: number | null;
  spoilers: boolean;
  title: string;
} {
  const passageIds = [...input.passageIds];
  const planned = input.steps?.map((step) => [...step]);
  if (planned?.some((step) => step.length === 0)) {
    throw new SessionError('invalid-input', 'Every step of a session needs at least one passage.');
  }
  if (planned && planned.flat().join('\n') !== passageIds.join('\n')) {
    throw new SessionError('invalid-input', 'The steps must hold the session’s passages, in order.');
  }
  if (passageIds.length === 0)
    throw new SessionError('invalid-input', 'A session needs at least one passage.');
  if (new Set(passageIds).size !== passageIds.length || passageIds.some((id) => id.trim() === '')) {
    throw new SessionError('invalid-input', 'Passage ids must be non-empty and distinct.');
  }
  const pace = input.pace ?? 1;
  if (!Number.isInteger(pace) || pace < 1 || pace > MAX_PACE) {
    throw new SessionError('invalid-input', `Pace must be a whole number of passages from 1 to ${MAX_PACE}.`);
  }
  const minutes = input.minutes ?? null;
  if (minutes !== null && (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES)) {
    throw new SessionError(
      'invalid-input',
      `The interval must be a whole number of minutes from 1 to ${MAX_MINUTES}.`,
    );
  }
  const title = truncateText((input.title ?? `Reading: ${input.documentId}`).trim(), MAX_TITLE_LENGTH);
  if (title === '') throw new SessionError('invalid-input', 'The session needs a title.');
  const steps = planned ?? uniformSteps(passageIds, pace);
  return { steps, pace, minutes, spoilers: input.spoilers ?? true, title };
}

/** The session as it was at step `position`: what a step post written then shows. */
export function atPosition(session: ReadingSession, position: number): ReadingSession {
  const clamped = Math.min(Math.max(0, position), session.stepCount - 1);
  return {
    ...session,
    position: clamped,
    currentPassageIds: session.steps[clamped] ?? [],
    atStart: clamped === 0,
    atEnd: clamped >= session.stepCount - 1,
  };
}
