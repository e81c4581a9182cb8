import type { Statement } from 'better-sqlite3';
import type { Database } from '../state/db.js';
import { applyOnce, forgetAppliedBefore } from '../state/once.js';
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
 * Reading sessions in SQLite. Every operation runs in its own BEGIN IMMEDIATE transaction: it takes the
 * database's write lock before reading the session, so concurrent operations from any number of
 * connections or processes apply one after another, each to the state the previous one committed.
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
  private byThread: Statement<[string], SessionRow> | undefined;

  constructor(
    private readonly db: Database,
    options: SessionStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.outbox = new SessionOutbox(db);
  }

  /**
   * Forgets interaction ids applied before `before` and the settled posts of sessions that ended; returns
   * how many rows of each went.
   */
  forgetBefore(before: number): { interactions: number; posts: number } {
    return {
      interactions: forgetAppliedBefore(this.db, new Date(before)),
      posts: this.outbox.pruneSettled(before),
    };
  }

  /** One change, applied at most once per interaction id (see applyOnce). */
  private change<T>(interactionId: string | undefined, action: string, apply: () => T): T {
    return applyOnce(this.db, interactionId, action, apply, this.now);
  }

  /** Starts a session; refuses (channel-busy) while the channel has a session that has not ended. */
  start(input: StartSessionInput): ReadingSession {
    const clean = validateStart(input);
    return this.change(input.interactionId, 'session start', () => {
      const live = this.liveRowByChannel(input.guildId, input.channelId);
      if (live) {
        // No title here: it is the user's text, and only the Discord layer knows how to show it safely.
        throw new SessionError(
          'channel-busy',
          `This channel already has a ${live.status} reading session. End it before starting another.`,
        );
      }
      const at = this.now().getTime();
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO reading_sessions (guild_id, channel_id, document_id, title, passage_ids, pace, position,
               furthest_position, status, minutes, spoilers, started_by, created_at, updated_at, last_advance_at)
             VALUES (?, ?, ?, ?, ?, ?, 0, 0, 'active', ?, ?, ?, ?, ?, ?)`,
        )
        .run(
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
        );
      const id = Number(lastInsertRowid);
      this.recordStep(id, 0, at, null);
      this.insertAttendance(id, input.startedBy, at);
      return this.requireSession(id);
    });
  }

  /** Moves one step forward (see the class comment for concurrent presses). Refuses when paused or ended. */
  next(sessionId: number, options: MoveOptions = {}): MoveResult {
    return this.change(options.interactionId, 'session next', () =>
      this.announcedMove(sessionId, +1, 'next', options),
    );
  }

  /** Moves one step back; at the first step nothing changes (reason 'at-start'). */
  back(sessionId: number, options: MoveOptions = {}): MoveResult {
    return this.change(options.interactionId, 'session back', () =>
      this.announcedMove(sessionId, -1, 'back', options),
    );
  }

  /**
   * The timer's advance: moves one step only if the session is still active, timed, not at its end and its
   * interval has elapsed at `now` — checked under the write lock, so a press or pause that landed after the
   * timer computed its schedule wins. Returns null when nothing was due; with holdUntilPosted, also while a
   * post of the session still waits for Discord, so the timer does not run ahead of what the thread shows.
   */
  advanceIfDue(sessionId: number, now: Date, options: { holdUntilPosted?: boolean } = {}): MoveResult | null {
    return this.db
      .transaction(() => {
        const row = this.row(sessionId);
        if (!row) return null;
        const due = dueAt(row);
        if (!due || due > now.getTime()) return null;
        if (options.holdUntilPosted && this.outbox.hasPending(sessionId)) return null;
        return this.announcedMove(sessionId, +1, 'timer', { by: null }, now.getTime());
      })
      .immediate();
  }

  /** Stops the timer and refuses next/back until resume. */
  pause(sessionId: number, options: ChangeOptions = {}): ReadingSession {
    return this.change(options.interactionId, 'session pause', () => {
      const row = this.requireLiveRow(sessionId);
      if (row.status === 'paused') throw new SessionError('already-paused', 'The session is already paused.');
      const at = this.now().getTime();
      this.setStatus(sessionId, 'paused', at);
      this.owePost({ sessionId, kind: 'paused', position: row.position, ...options }, at);
      return this.requireSession(sessionId);
    });
  }

  /** Resumes a paused session; a timed session's interval starts again in full from now. */
  resume(sessionId: number, options: ChangeOptions = {}): ReadingSession {
    return this.change(options.interactionId, 'session resume', () => {
      const row = this.requireLiveRow(sessionId);
      if (row.status !== 'paused') throw new SessionError('not-paused', 'The session is not paused.');
      const at = this.now().getTime();
      this.db
        .prepare(
          "UPDATE reading_sessions SET status = 'active', updated_at = ?, last_advance_at = ? WHERE id = ?",
        )
        .run(at, at, sessionId);
      this.owePost({ sessionId, kind: 'resumed', position: row.position, ...options }, at);
      return this.requireSession(sessionId);
    });
  }

  /**
   * Ends the session for good; the channel is then free for a new one. With `announce` (the default) the
   * recap is owed to the thread; a session abandoned before it had a thread announces nothing.
   */
  end(sessionId: number, options: ChangeOptions & { announce?: boolean } = {}): ReadingSession {
    return this.change(options.interactionId, 'session end', () => {
      const row = this.requireLiveRow(sessionId);
      const at = this.now().getTime();
      this.db
        .prepare("UPDATE reading_sessions SET status = 'ended', updated_at = ?, ended_at = ? WHERE id = ?")
        .run(at, at, sessionId);
      if (options.announce !== false) {
        this.owePost(
          {
            sessionId,
            kind: 'ended',
            position: row.position,
            by: options.by,
            interactionId: options.interactionId,
          },
          at,
        );
      }
      return this.requireSession(sessionId);
    });
  }

  /**
   * Owes the thread the session's current step again (a live session) or its recap (an ended one), for a
   * moderator who finds the thread missing a post.
   */
  repost(sessionId: number, options: ChangeOptions = {}): ReadingSession {
    return this.change(options.interactionId, 'session repost', () => {
      const session = this.requireSession(sessionId);
      this.owePost(
        session.status === 'ended'
          ? { sessionId, kind: 'ended', position: session.position, ...options }
          : { sessionId, kind: 'step', cause: 'repost', position: session.position, ...options },
        this.now().getTime(),
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
  holdBack(postId: number, error: string): { session: ReadingSession; post: OutboxPost } {
    return this.db
      .transaction(() => {
        const post = this.outbox.get(postId);
        if (!post) throw new Error(`no outbox post ${postId}`);
        const at = this.now().getTime();
        const refused = this.outbox.pending(post.sessionId).filter((later) => later.id >= post.id);
        for (const each of refused) this.outbox.markRefused(each.id, at, error);
        const row = this.requireRow(post.sessionId);
        if (row.status !== 'ended') {
          for (const each of refused) {
            if (each.kind === 'step' && each.stepSeq !== null) {
              this.db
                .prepare('DELETE FROM session_steps WHERE session_id = ? AND seq = ?')
                .run(post.sessionId, each.stepSeq);
            }
          }
          const shown = this.outbox.lastSentPosition(post.sessionId) ?? row.position;
          this.db
            .prepare(
              `UPDATE reading_sessions SET status = 'paused', position = ?, updated_at = ?,
                 furthest_position = MAX(?, COALESCE((SELECT MAX(position) FROM session_steps WHERE session_id = ?), 0))
               WHERE id = ?`,
            )
            .run(shown, at, shown, post.sessionId, post.sessionId);
        }
        return {
          session: this.requireSession(post.sessionId),
          post: { ...post, status: 'refused' as const },
        };
      })
      .immediate();
  }

  /** Records attendance; joining twice keeps the first join time (joined: false). */
  join(
    sessionId: number,
    userId: string,
    options: ChangeOptions = {},
  ): { session: ReadingSession; joined: boolean } {
    return this.change(options.interactionId, 'session join', () => {
      this.requireLiveRow(sessionId);
      const joined = this.insertAttendance(sessionId, userId, this.now().getTime());
      return { session: this.requireSession(sessionId), joined };
    });
  }

  /** Adds a note to a passage of the session. Only joining puts someone on the attendance list. */
  addNote(sessionId: number, input: AddNoteInput): SessionNote {
    return this.change(input.interactionId, 'note', () => {
      const row = this.requireLiveRow(sessionId);
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
      const { lastInsertRowid } = this.db
        .prepare(
          'INSERT INTO session_notes (session_id, user_id, passage_id, text, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(sessionId, input.userId, passageId, text, at);
      return {
        id: Number(lastInsertRowid),
        sessionId,
        userId: input.userId,
        passageId,
        text,
        createdAt: new Date(at),
      };
    });
  }

  /** Links the session to the Discord thread it runs in; its first step is then owed to the thread. */
  setThread(sessionId: number, threadId: string): ReadingSession {
    return this.db
      .transaction(() => {
        const row = this.requireLiveRow(sessionId);
        const owner = this.db
          .prepare<[string], { id: number }>('SELECT id FROM reading_sessions WHERE thread_id = ?')
          .get(threadId);
        if (owner && owner.id !== sessionId) {
          throw new SessionError('thread-taken', 'That thread already belongs to another reading session.');
        }
        this.db
          .prepare('UPDATE reading_sessions SET thread_id = ?, updated_at = ? WHERE id = ?')
          .run(threadId, this.now().getTime(), sessionId);
        const first = this.db
          .prepare<[number], { seq: number }>(
            'SELECT MIN(seq) AS seq FROM session_steps WHERE session_id = ?',
          )
          .get(sessionId);
        this.owePost(
          {
            sessionId,
            kind: 'step',
            cause: 'start',
            position: row.position,
            stepSeq: first?.seq ?? null,
            by: row.started_by,
          },
          this.now().getTime(),
        );
        return this.requireSession(sessionId);
      })
      .immediate();
  }

  get(sessionId: number): ReadingSession | undefined {
    const row = this.row(sessionId);
    return row ? toSession(row) : undefined;
  }

  /** The channel's session that has not ended (active or paused), if any. */
  getLiveByChannel(guildId: string, channelId: string): ReadingSession | undefined {
    const row = this.liveRowByChannel(guildId, channelId);
    return row ? toSession(row) : undefined;
  }

  /** The session running in a thread, whatever its status. */
  getByThread(threadId: string): ReadingSession | undefined {
    // Every /search and /cite asks this (is the channel a session's thread?); better-sqlite3 compiles the
    // SQL afresh on each prepare, so the statement is prepared once per store.
    this.byThread ??= this.db.prepare<[string], SessionRow>(
      'SELECT * FROM reading_sessions WHERE thread_id = ?',
    );
    const row = this.byThread.get(threadId);
    return row ? toSession(row) : undefined;
  }

  /** The session a command issued in `channelId` refers to: one running in that thread, else the channel's live one. */
  findForChannel(guildId: string, channelId: string): ReadingSession | undefined {
    const inThread = this.getByThread(channelId);
    if (inThread && inThread.guildId === guildId && inThread.status !== 'ended') return inThread;
    return this.getLiveByChannel(guildId, channelId);
  }

  /** Sessions not ended (active and paused), oldest first, optionally for one guild. */
  listLive(guildId?: string): ReadingSession[] {
    const rows =
      guildId === undefined
        ? this.db
            .prepare<[], SessionRow>("SELECT * FROM reading_sessions WHERE status <> 'ended' ORDER BY id")
            .all()
        : this.db
            .prepare<[string], SessionRow>(
              "SELECT * FROM reading_sessions WHERE status <> 'ended' AND guild_id = ? ORDER BY id",
            )
            .all(guildId);
    return rows.map(toSession);
  }

  /** Timed advances due at or before `now`, earliest first, from stored timestamps only. */
  dueAdvances(now: Date): DueAdvance[] {
    return this.upcomingAdvances().filter((advance) => advance.dueAt.getTime() <= now.getTime());
  }

  /** Every pending timed advance (active, timed, not at the last step), earliest first. */
  upcomingAdvances(): DueAdvance[] {
    const rows = this.db
      .prepare<[], SessionRow>(
        "SELECT * FROM reading_sessions WHERE status = 'active' AND minutes IS NOT NULL ORDER BY id",
      )
      .all();
    const advances: DueAdvance[] = [];
    for (const row of rows) {
      const due = dueAt(row);
      if (due !== undefined) advances.push({ sessionId: row.id, dueAt: new Date(due) });
    }
    return advances.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.sessionId - b.sessionId);
  }

  steps(sessionId: number): SessionStep[] {
    const session = this.requireSession(sessionId);
    return this.db
      .prepare<[number], StepRow>(
        'SELECT seq, position, shown_at, shown_by FROM session_steps WHERE session_id = ? ORDER BY seq',
      )
      .all(sessionId)
      .map((step) => ({
        seq: step.seq,
        position: step.position,
        passageIds: session.steps[step.position] ?? [],
        shownAt: new Date(step.shown_at),
        shownBy: step.shown_by,
      }));
  }

  attendance(sessionId: number): Attendance[] {
    return this.db
      .prepare<[number], { user_id: string; joined_at: number }>(
        'SELECT user_id, joined_at FROM session_attendance WHERE session_id = ? ORDER BY joined_at, user_id',
      )
      .all(sessionId)
      .map((row) => ({ userId: row.user_id, joinedAt: new Date(row.joined_at) }));
  }

  notes(sessionId: number): SessionNote[] {
    return this.db
      .prepare<[number], NoteRow>('SELECT * FROM session_notes WHERE session_id = ? ORDER BY id')
      .all(sessionId)
      .map((row) => ({
        id: row.id,
        sessionId: row.session_id,
        userId: row.user_id,
        passageId: row.passage_id,
        text: row.text,
        createdAt: new Date(row.created_at),
      }));
  }

  /** Everything a recap shows, read in one snapshot. Works for live and ended sessions. */
  buildRecap(sessionId: number): SessionRecap {
    return this.db.transaction(() => {
      const session = this.requireSession(sessionId);
      return {
        session,
        passagesCovered: session.coveredPassageIds,
        steps: this.steps(sessionId),
        attendance: this.attendance(sessionId),
        notes: this.notes(sessionId),
        startedAt: session.createdAt,
        endedAt: session.endedAt,
      };
    })();
  }

  private announcedMove(
    sessionId: number,
    delta: 1 | -1,
    cause: 'next' | 'back' | 'timer',
    options: MoveOptions,
    at?: number,
  ): MoveResult {
    const result = this.move(sessionId, delta, options, at);
    if (result.moved) {
      this.owePost(
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
      );
    }
    return result;
  }

  private owePost(post: Parameters<SessionOutbox['add']>[0], at: number): void {
    this.outbox.add(post, at);
  }

  private move(
    sessionId: number,
    delta: 1 | -1,
    options: MoveOptions,
    at = this.now().getTime(),
  ): MoveResult {
    const row = this.requireLiveRow(sessionId);
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
    this.db
      .prepare(
        `UPDATE reading_sessions SET position = ?, furthest_position = MAX(furthest_position, ?), updated_at = ?,
           last_advance_at = ? WHERE id = ?`,
      )
      .run(target, target, at, at, sessionId);
    const seq = this.recordStep(sessionId, target, at, options.by ?? null);
    const session = this.requireSession(sessionId);
    return { session, moved: true, seq, atEnd: session.atEnd, atStart: session.atStart };
  }

  private recordStep(sessionId: number, position: number, at: number, by: string | null): number {
    const { seq } = this.db
      .prepare<[number], { seq: number }>(
        'SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM session_steps WHERE session_id = ?',
      )
      .get(sessionId) as { seq: number };
    this.db
      .prepare(
        'INSERT INTO session_steps (session_id, seq, position, shown_at, shown_by) VALUES (?, ?, ?, ?, ?)',
      )
      .run(sessionId, seq, position, at, by);
    return seq;
  }

  private insertAttendance(sessionId: number, userId: string, at: number): boolean {
    const { changes } = this.db
      .prepare('INSERT OR IGNORE INTO session_attendance (session_id, user_id, joined_at) VALUES (?, ?, ?)')
      .run(sessionId, userId, at);
    return changes > 0;
  }

  private setStatus(sessionId: number, status: SessionStatus, at: number): void {
    this.db
      .prepare('UPDATE reading_sessions SET status = ?, updated_at = ? WHERE id = ?')
      .run(status, at, sessionId);
  }

  private row(sessionId: number): SessionRow | undefined {
    return this.db
      .prepare<[number], SessionRow>('SELECT * FROM reading_sessions WHERE id = ?')
      .get(sessionId);
  }

  private liveRowByChannel(guildId: string, channelId: string): SessionRow | undefined {
    return this.db
      .prepare<[string, string], SessionRow>(
        "SELECT * FROM reading_sessions WHERE guild_id = ? AND channel_id = ? AND status <> 'ended'",
      )
      .get(guildId, channelId);
  }

  private requireRow(sessionId: number): SessionRow {
    const row = this.row(sessionId);
    if (!row) throw new SessionError('not-found', `There is no reading session #${sessionId}.`);
    return row;
  }

  private requireLiveRow(sessionId: number): SessionRow {
    const row = this.requireRow(sessionId);
    if (row.status === 'ended') throw new SessionError('ended', 'That reading session has ended.');
    return row;
  }

  private requireSession(sessionId: number): ReadingSession {
    return toSession(this.requireRow(sessionId));
  }
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
