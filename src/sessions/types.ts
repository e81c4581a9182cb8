import { UserError, type UserErrorCode } from '../errors.js';
export type SessionStatus = 'active' | 'paused' | 'ended';

/** A reading session as stored, plus what follows from it (current step, covered passages). */
export interface ReadingSession {
  id: number;
  guildId: string;
  /** The channel where the session was started. */
  channelId: string;
  /** The thread the session runs in, once the Discord layer has created it. */
  threadId: string | null;
  documentId: string;
  title: string;
  /** Every passage to read, in reading order. */
  passageIds: readonly string[];
  /** The passages each step shows, in order; together they are passageIds. */
  steps: readonly (readonly string[])[];
  /** The most passages a step shows, as asked for at the start. */
  pace: number;
  /** The current step, from 0; it shows steps[position]. */
  position: number;
  /** steps.length; the last step is stepCount - 1. */
  stepCount: number;
  /** The furthest step ever shown (back does not lower it). */
  furthestPosition: number;
  status: SessionStatus;
  /** Auto-advance interval in minutes; null for manual sessions. */
  minutes: number | null;
  /** When false, search during the session is limited to coveredPassageIds. */
  spoilers: boolean;
  startedBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** When the current step was shown (or the session resumed); auto-advance is due `minutes` after it. */
  lastAdvanceAt: Date;
  endedAt: Date | null;
  /** The passages of the current step. */
  currentPassageIds: readonly string[];
  /** Every passage shown so far (steps 0 … furthestPosition), in reading order. */
  coveredPassageIds: readonly string[];
  atStart: boolean;
  atEnd: boolean;
}

export interface StartSessionInput {
  guildId: string;
  channelId: string;
  documentId: string;
  /** Non-empty, without duplicates, in reading order (see resolvePassageRange). */
  passageIds: readonly string[];
  /**
   * The steps, when they differ in size (see planSteps); they must flatten to `passageIds`. Without it every
   * step shows `pace` passages.
   */
  steps?: readonly (readonly string[])[];
  startedBy: string;
  title?: string;
  /** Passages per step; default 1. */
  pace?: number;
  /** Auto-advance interval in whole minutes (1–1440); default none. */
  minutes?: number | null;
  /** Default true (search is not limited). */
  spoilers?: boolean;
  /** The Discord interaction asking; a second delivery of it changes nothing (see applyOnce). */
  interactionId?: string;
}

/** Who changed a session and through which interaction; a second delivery of one changes nothing. */
export interface ChangeOptions {
  by?: string | null;
  interactionId?: string;
}

export interface MoveOptions extends ChangeOptions {
  /** Who pressed; null/undefined for the timer. */
  by?: string | null;
  /**
   * The step the presser saw when pressing (e.g. carried in the button's custom id). When given and the
   * session has since moved, nothing changes and the result has reason 'stale'.
   */
  expectedPosition?: number;
}

export type MoveRefusal = 'at-end' | 'at-start' | 'stale';

export interface MoveResult {
  session: ReadingSession;
  /** True when this call changed the step (and recorded it). */
  moved: boolean;
  /** Why nothing moved; undefined when moved. */
  reason?: MoveRefusal;
  /** The step recorded by this call (1-based sequence number in the session's step log). */
  seq?: number;
  atEnd: boolean;
  atStart: boolean;
}

export interface SessionStep {
  /** 1, 2, 3 … in the order shown. */
  seq: number;
  position: number;
  passageIds: readonly string[];
  shownAt: Date;
  /** User who moved to it; null for the start and timer advances. */
  shownBy: string | null;
}

export interface Attendance {
  userId: string;
  joinedAt: Date;
}

export interface SessionNote {
  id: number;
  sessionId: number;
  userId: string;
  passageId: string;
  text: string;
  createdAt: Date;
}

export interface AddNoteInput {
  userId: string;
  text: string;
  /** Default: the first passage of the current step. Must belong to the session. */
  passageId?: string;
  /** The /note interaction; a second delivery of it adds no second note. */
  interactionId?: string;
}

export interface SessionRecap {
  session: ReadingSession;
  /** Passages shown at least once, in reading order. */
  passagesCovered: readonly string[];
  /** Every step shown, in order, including revisits after back. */
  steps: readonly SessionStep[];
  attendance: readonly Attendance[];
  notes: readonly SessionNote[];
  startedAt: Date;
  endedAt: Date | null;
}

export interface DueAdvance {
  sessionId: number;
  dueAt: Date;
}

export type SessionErrorCode =
  | 'not-found'
  | 'channel-busy'
  | 'invalid-input'
  | 'ended'
  | 'paused'
  | 'already-paused'
  | 'not-paused'
  | 'thread-taken'
  | 'post-refused';

const USER_ERROR_CODE: Readonly<Record<SessionErrorCode, UserErrorCode>> = {
  'not-found': 'not-found',
  'channel-busy': 'conflict',
  'invalid-input': 'invalid-input',
  ended: 'conflict',
  paused: 'conflict',
  'already-paused': 'conflict',
  'not-paused': 'conflict',
  'thread-taken': 'conflict',
  'post-refused': 'forbidden',
};

/** A refused operation; `message` is written for the person who asked, `reason` says which refusal. */
export class SessionError extends UserError {
  override name = 'SessionError';
  constructor(
    readonly reason: SessionErrorCode,
    message: string,
  ) {
    super(message, USER_ERROR_CODE[reason]);
  }
}
