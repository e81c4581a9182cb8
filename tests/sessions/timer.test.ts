import { expect, it } from 'vitest';
import { type MoveResult, SessionStore, SessionTimer } from '../../src/sessions/index.js';
import { describeEachEngine, openAgain, openTestDatabase } from '../support/engines.js';
import { FakeTimers, ManualClock, memoryStore, passageIds, startInput } from './helpers.js';

const MINUTE = 60_000;

/** A timer on `store` driven by FakeTimers that wait for each run (and what it announced) to finish. */
function timerOn(
  store: SessionStore,
  clock: ManualClock,
  onAdvance: (result: MoveResult) => void | Promise<void>,
  onError?: (error: unknown, sessionId?: number) => void,
) {
  const timers = new FakeTimers(clock);
  const timer = new SessionTimer({ store, clock: timers, onAdvance, ...(onError ? { onError } : {}) });
  timers.idle = () => timer.settled();
  return { timers, timer };
}

describeEachEngine('dueAdvances', (engine) => {
  it('is computed from the last advance and the interval, excluding paused, manual and finished sessions', async () => {
    const { store, clock } = await memoryStore(engine);
    const timed = await store.start(startInput({ channelId: 'timed', minutes: 10 }));
    const paused = await store.start(startInput({ channelId: 'paused', minutes: 5 }));
    await store.pause(paused.id);
    await store.start(startInput({ channelId: 'manual' }));
    const finished = await store.start(
      startInput({ channelId: 'finished', minutes: 1, passageIds: passageIds(1) }),
    );
    expect(finished.atEnd).toBe(true);

    const dueAt = clock.ms + 10 * MINUTE;
    expect(await store.upcomingAdvances()).toEqual([{ sessionId: timed.id, dueAt: new Date(dueAt) }]);
    expect(await store.dueAdvances(new Date(dueAt - 1))).toEqual([]);
    expect(await store.dueAdvances(new Date(dueAt))).toEqual([
      { sessionId: timed.id, dueAt: new Date(dueAt) },
    ]);

    clock.advance(4 * MINUTE);
    await store.next(timed.id);
    expect((await store.upcomingAdvances())[0]?.dueAt.getTime()).toBe(clock.ms + 10 * MINUTE);
  });

  it('restarts the interval in full on resume', async () => {
    const { store, clock } = await memoryStore(engine);
    const session = await store.start(startInput({ minutes: 10 }));
    clock.advance(8 * MINUTE);
    await store.pause(session.id);
    clock.advance(30 * MINUTE);
    await store.resume(session.id);
    expect(await store.dueAdvances(clock.now())).toEqual([]);
    expect((await store.upcomingAdvances())[0]?.dueAt.getTime()).toBe(clock.ms + 10 * MINUTE);
  });
});

describeEachEngine('SessionTimer', (engine) => {
  it('after a restart fires an overdue advance once, then keeps the interval', async () => {
    const clock = new ManualClock();
    const before = await openTestDatabase(engine, { onDisk: true });
    const session = await new SessionStore(before, { now: clock.now }).start(startInput({ minutes: 10 }));

    // The bot was down for 35 minutes: three intervals passed, but readers should see one step, not four.
    clock.advance(35 * MINUTE);
    const db = await openAgain(before);
    await before.close();
    const store = new SessionStore(db, { now: clock.now });
    const advanced: MoveResult[] = [];
    const { timers, timer } = timerOn(store, clock, (result) => void advanced.push(result));
    const fired = await timer.start();
    expect(fired).toHaveLength(1);
    expect(advanced.map((result) => result.session.position)).toEqual([1]);
    expect((await store.get(session.id))?.position).toBe(1);

    await timers.advance(10 * MINUTE - 1);
    expect(advanced).toHaveLength(1);
    await timers.advance(1);
    expect(advanced.map((result) => result.session.position)).toEqual([1, 2]);
    timer.stop();
    expect(timers.count).toBe(0);
  });

  it('runs a session to its end and then stops scheduling it', async () => {
    const clock = new ManualClock();
    const { store } = await memoryStore(engine, clock);
    await store.start(startInput({ minutes: 2, passageIds: passageIds(3) }));
    const positions: number[] = [];
    const { timers, timer } = timerOn(store, clock, (result) => void positions.push(result.session.position));
    expect(await timer.start()).toEqual([]);
    await timers.advance(60 * MINUTE);
    expect(positions).toEqual([1, 2]);
    // Only the schedule's own re-read is left (another host may time a session and die).
    expect(timers.dueIn()).toEqual([MINUTE]);
  });

  it('honours a pause and a manual next made after it scheduled (refresh)', async () => {
    const clock = new ManualClock();
    const { store } = await memoryStore(engine, clock);
    const session = await store.start(startInput({ minutes: 10 }));
    const positions: number[] = [];
    const { timers, timer } = timerOn(store, clock, (result) => void positions.push(result.session.position));
    await timer.start();
    await timers.advance(6 * MINUTE);
    await store.next(session.id, { by: 'mod' });
    // Without refresh the old timer still fires at minute 10, but the store re-checks and declines.
    await timers.advance(5 * MINUTE);
    expect(positions).toEqual([]);
    await timers.advance(5 * MINUTE);
    expect(positions).toEqual([2]);
    await store.pause(session.id);
    await timer.refresh();
    await timers.advance(60 * MINUTE);
    expect(positions).toEqual([2]);
    expect(timers.dueIn()).toEqual([MINUTE]);
  });

  it('reports a failing callback and keeps running', async () => {
    const clock = new ManualClock();
    const { store } = await memoryStore(engine, clock);
    const session = await store.start(startInput({ minutes: 1 }));
    const errors: Array<number | undefined> = [];
    const { timers, timer } = timerOn(
      store,
      clock,
      async () => {
        throw new Error('Discord is down');
      },
      (_error, sessionId) => errors.push(sessionId),
    );
    await timer.start();
    await timers.advance(2 * MINUTE);
    expect(errors).toEqual([session.id, session.id]);
    expect((await store.get(session.id))?.position).toBe(2);
  });

  it('runs one at a time however often it is asked: concurrent refreshes advance a due session once', async () => {
    const clock = new ManualClock();
    const { store } = await memoryStore(engine, clock);
    const session = await store.start(startInput({ minutes: 1 }));
    const positions: number[] = [];
    const { timers, timer } = timerOn(store, clock, (result) => void positions.push(result.session.position));
    await timer.start();
    clock.advance(MINUTE);
    await Promise.all([timer.refresh(), timer.refresh(), timer.refresh()]);
    await timer.settled();
    expect(positions).toEqual([1]);
    expect((await store.get(session.id))?.position).toBe(1);
    // One Node timer aimed, not one per run.
    expect(timers.count).toBe(1);
    timer.stop();
  });
});
