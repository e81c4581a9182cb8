import type { Passage, PassageKind } from '../../src/corpus/types.js';
import type { StartSessionInput, TimerClock } from '../../src/sessions/index.js';
import { SessionError, SessionStore } from '../../src/sessions/index.js';
import type { SqlDatabase, SqlEngine } from '../../src/state/sql.js';
import { openTestDatabase } from '../support/engines.js';

/** A controllable clock: tests move time explicitly. */
export class ManualClock {
  constructor(public ms = Date.UTC(2026, 0, 10, 12, 0, 0)) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

export function passageIds(count: number, documentId = 'doc'): string[] {
  return Array.from({ length: count }, (_, index) => `${documentId}#p${index + 1}`);
}

/** A session store on a fresh database of `engine` (closed after the test by describeEachEngine). */
export async function memoryStore(
  engine: SqlEngine,
  clock = new ManualClock(),
): Promise<{ store: SessionStore; clock: ManualClock; db: SqlDatabase }> {
  const db = await openTestDatabase(engine);
  return { store: new SessionStore(db, { now: clock.now }), clock, db };
}

/** The SessionError reason `action` rejects with, or undefined when it resolves. */
export async function codeOf(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    if (error instanceof SessionError) return error.reason;
    throw error;
  }
  return undefined;
}

export function startInput(overrides: Partial<StartSessionInput> = {}): StartSessionInput {
  return {
    guildId: 'g1',
    channelId: 'c1',
    documentId: 'doc',
    passageIds: passageIds(5),
    startedBy: 'mod1',
    ...overrides,
  };
}

/** A passage with sentences split at sentence-final punctuation: enough for hand-written test text. */
export function testPassage(
  kind: PassageKind,
  ordinal: number,
  text: string,
  locator = `${kind} ${ordinal}`,
): Passage {
  const sentences: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const match of text.matchAll(/[.!?](?=\s|$)/g)) {
    sentences.push({ start, end: match.index + 1 });
    start = match.index + 2;
  }
  return { id: `doc#${kind}${ordinal}`, documentId: 'doc', kind, ordinal, locator, text, sentences };
}

/**
 * Timers fired by hand against a ManualClock: `advance` runs every timer due on the way, in due order,
 * waiting after each for what it started (its returned promise, then `idle`, e.g. a service's settled()),
 * since on either engine a query takes real turns of the event loop.
 */
export class FakeTimers implements TimerClock {
  pending = new Map<number, { at: number; callback: () => unknown }>();
  /** Awaited after each timer fires; set it to what tells when the fired work is done. */
  idle: () => Promise<void> = settle;
  private nextId = 1;
  constructor(private readonly clock: ManualClock) {}
  now = (): Date => this.clock.now();
  setTimeout(callback: () => unknown, delayMs: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.clock.ms + delayMs, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    if (typeof handle === 'number') this.pending.delete(handle);
  }
  get count(): number {
    return this.pending.size;
  }
  /** How long from now each pending timer waits, shortest first. */
  dueIn(): number[] {
    return [...this.pending.values()].map((timer) => timer.at - this.clock.ms).sort((a, b) => a - b);
  }
  /** The earliest pending timer's due time, or undefined. */
  get nextAt(): number | undefined {
    return Math.min(...[...this.pending.values()].map((timer) => timer.at));
  }
  /** Moves the clock forward, firing timers as their time comes. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.clock.ms + ms);
  }
  /**
   * Moves the clock to `target`, firing timers as their time comes. Several FakeTimers on one clock (two
   * processes' timers) advanced to the same target at once fire in step, each at its own timers' times.
   */
  async advanceTo(target: number): Promise<void> {
    for (let due = this.takeNextDue(target); due; due = this.takeNextDue(target)) {
      this.clock.ms = Math.max(this.clock.ms, due.at);
      await due.callback();
      await this.idle();
    }
    this.clock.ms = Math.max(this.clock.ms, target);
  }
  private takeNextDue(target: number): { at: number; callback: () => unknown } | undefined {
    const [id, due] =
      [...this.pending.entries()]
        .filter(([, timer]) => timer.at <= target)
        .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0] ?? [];
    if (id === undefined || !due) return undefined;
    this.pending.delete(id);
    return due;
  }
}

/** Lets a few rounds of pending promises and immediates run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await new Promise((resolve) => setImmediate(resolve));
}
