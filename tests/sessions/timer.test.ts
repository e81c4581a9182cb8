import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MoveResult, SessionStore, SessionTimer, type TimerClock } from '../../src/sessions/index.js';
import { openDatabase } from '../../src/state/index.js';
import { ManualClock, memoryStore, passageIds, startInput } from './helpers.js';

const MINUTE = 60_000;

/** Node-timer stand-in driven by a ManualClock: run() fires what is due, in due order. */
class FakeTimers implements TimerClock {
  private pending: Array<{ id: number; at: number; callback: () => void }> = [];
  private nextId = 1;
  constructor(private readonly clock: ManualClock) {}
  now = (): Date => this.clock.now();
  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, at: this.clock.ms + delayMs, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }
  get count(): number {
    return this.pending.length;
  }
  /** Moves the clock forward, firing timers as their time comes. */
  advance(ms: number): void {
    const target = this.clock.ms + ms;
    for (;;) {
      const due = this.pending
        .filter((timer) => timer.at <= target)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.pending = this.pending.filter((timer) => timer !== due);
      this.clock.ms = Math.max(this.clock.ms, due.at);
      due.callback();
    }
    this.clock.ms = target;
  }
}

describe('dueAdvances', () => {
  it('is computed from the last advance and the interval, excluding paused, manual and finished sessions', () => {
    const { store, clock } = memoryStore();
    const timed = store.start(startInput({ channelId: 'timed', minutes: 10 }));
    const paused = store.start(startInput({ channelId: 'paused', minutes: 5 }));
    store.pause(paused.id);
    store.start(startInput({ channelId: 'manual' }));
    const finished = store.start(
      startInput({ channelId: 'finished', minutes: 1, passageIds: passageIds(1) }),
    );
    expect(finished.atEnd).toBe(true);

    const dueAt = clock.ms + 10 * MINUTE;
    expect(store.upcomingAdvances()).toEqual([{ sessionId: timed.id, dueAt: new Date(dueAt) }]);
    expect(store.dueAdvances(new Date(dueAt - 1))).toEqual([]);
    expect(store.dueAdvances(new Date(dueAt))).toEqual([{ sessionId: timed.id, dueAt: new Date(dueAt) }]);

    clock.advance(4 * MINUTE);
    store.next(timed.id);
    expect(store.upcomingAdvances()[0]?.dueAt.getTime()).toBe(clock.ms + 10 * MINUTE);
  });

  it('restarts the interval in full on resume', () => {
    const { store, clock } = memoryStore();
    const session = store.start(startInput({ minutes: 10 }));
    clock.advance(8 * MINUTE);
    store.pause(session.id);
    clock.advance(30 * MINUTE);
    store.resume(session.id);
    expect(store.dueAdvances(clock.now())).toEqual([]);
    expect(store.upcomingAdvances()[0]?.dueAt.getTime()).toBe(clock.ms + 10 * MINUTE);
  });
});

describe('SessionTimer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lectern-timer-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('after a restart fires an overdue advance once, then keeps the interval', () => {
    const dbPath = path.join(dir, 'state.sqlite');
    const clock = new ManualClock();
    const before = openDatabase(dbPath);
    const session = new SessionStore(before, { now: clock.now }).start(startInput({ minutes: 10 }));
    before.close();

    // The bot was down for 35 minutes: three intervals passed, but readers should see one step, not four.
    clock.advance(35 * MINUTE);
    const db = openDatabase(dbPath);
    const store = new SessionStore(db, { now: clock.now });
    const timers = new FakeTimers(clock);
    const advanced: MoveResult[] = [];
    const timer = new SessionTimer({
      store,
      clock: timers,
      onAdvance: (result) => void advanced.push(result),
    });
    const fired = timer.start();
    expect(fired).toHaveLength(1);
    expect(advanced.map((result) => result.session.position)).toEqual([1]);
    expect(store.get(session.id)?.position).toBe(1);

    timers.advance(10 * MINUTE - 1);
    expect(advanced).toHaveLength(1);
    timers.advance(1);
    expect(advanced.map((result) => result.session.position)).toEqual([1, 2]);
    timer.stop();
    expect(timers.count).toBe(0);
    db.close();
  });

  it('runs a session to its end and then stops scheduling it', () => {
    const clock = new ManualClock();
    const { store } = memoryStore(clock);
    store.start(startInput({ minutes: 2, passageIds: passageIds(3) }));
    const timers = new FakeTimers(clock);
    const positions: number[] = [];
    const timer = new SessionTimer({
      store,
      clock: timers,
      onAdvance: (result) => void positions.push(result.session.position),
    });
    expect(timer.start()).toEqual([]);
    timers.advance(60 * MINUTE);
    expect(positions).toEqual([1, 2]);
    expect(timers.count).toBe(0);
  });

  it('honours a pause and a manual next made after it scheduled (refresh)', () => {
    const clock = new ManualClock();
    const { store } = memoryStore(clock);
    const session = store.start(startInput({ minutes: 10 }));
    const timers = new FakeTimers(clock);
    const positions: number[] = [];
    const timer = new SessionTimer({
      store,
      clock: timers,
      onAdvance: (result) => void positions.push(result.session.position),
    });
    timer.start();
    timers.advance(6 * MINUTE);
    store.next(session.id, { by: 'mod' });
    // Without refresh the old timer still fires at minute 10, but the store re-checks and declines.
    timers.advance(5 * MINUTE);
    expect(positions).toEqual([]);
    timers.advance(5 * MINUTE);
    expect(positions).toEqual([2]);
    store.pause(session.id);
    timer.refresh();
    timers.advance(60 * MINUTE);
    expect(positions).toEqual([2]);
    expect(timers.count).toBe(0);
  });

  it('reports a failing callback and keeps running', async () => {
    const clock = new ManualClock();
    const { store } = memoryStore(clock);
    const session = store.start(startInput({ minutes: 1 }));
    const timers = new FakeTimers(clock);
    const errors: Array<number | undefined> = [];
    const timer = new SessionTimer({
      store,
      clock: timers,
      onAdvance: async () => {
        throw new Error('Discord is down');
      },
      onError: (_error, sessionId) => errors.push(sessionId),
    });
    timer.start();
    timers.advance(2 * MINUTE);
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([session.id, session.id]);
    expect(store.get(session.id)?.position).toBe(2);
  });
});
