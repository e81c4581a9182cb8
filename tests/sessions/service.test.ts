import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type SessionEvent, SessionService, SessionStore } from '../../src/sessions/index.js';
import type { SqlEngine } from '../../src/state/sql.js';
import { describeEachEngine, openTestDatabase } from '../support/engines.js';
import { FakeTimers, ManualClock, passageIds, startInput } from './helpers.js';

const MINUTE = 60_000;

async function setup(engine: SqlEngine) {
  const clock = new ManualClock();
  const timers = new FakeTimers(clock);
  const logged: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk, _encoding, callback) {
        logged.push(JSON.parse(String(chunk)));
        callback();
      },
    }),
  });
  const db = await openTestDatabase(engine);
  const store = new SessionStore(db, { now: clock.now });
  const service = new SessionService({ store, logger, clock: timers });
  timers.idle = () => service.settled();
  const events: SessionEvent[] = [];
  service.subscribe((event) => {
    events.push(event);
  });
  return { clock, timers, logged, db, store, service, events };
}

describeEachEngine('SessionService', (engine) => {
  it('emits one event per change, with the session as committed', async () => {
    const { service, events } = await setup(engine);
    const session = await service.start(startInput({ passageIds: passageIds(3) }));
    expect(events).toEqual([]);
    await service.attachThread(session.id, 't1');
    await service.next(session.id, { by: 'mod1' });
    await service.back(session.id, { by: 'mod1' });
    await service.back(session.id, { by: 'mod1' });
    await service.pause(session.id, 'mod1');
    await service.resume(session.id, 'mod2');
    const recap = await service.end(session.id, 'mod1');
    expect(events.map((event) => (event.kind === 'step' ? `step:${event.cause}` : event.kind))).toEqual([
      'step:start',
      'step:next',
      'step:back',
      'paused',
      'resumed',
      'ended',
    ]);
    expect(events.map((event) => event.session.position)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(events[0]?.session.threadId).toBe('t1');
    expect(events.at(-1)).toMatchObject({ kind: 'ended', by: 'mod1', recap });
    expect(recap.steps.map((step) => step.position)).toEqual([0, 1, 0]);
  });

  it('re-aims the timer after each change and posts the timer’s steps as events', async () => {
    const { service, timers, events } = await setup(engine);
    const causes = () => events.filter((event) => event.kind === 'step').map((event) => event.cause);
    await service.startTimer();
    // Nothing is timed, yet the schedule and the outbox are read again within a minute: another host may
    // time a session or owe a post, and die.
    expect(timers.dueIn()).toEqual([MINUTE, MINUTE]);
    const session = await service.start(startInput({ passageIds: passageIds(3), minutes: 10 }));
    await service.attachThread(session.id, 't1');
    await timers.advance(5 * MINUTE);
    await service.pause(session.id, 'mod1');
    await timers.advance(20 * MINUTE);
    expect(causes()).toEqual(['start']);
    // Resumed, the interval starts again in full.
    await service.resume(session.id, 'mod1');
    await timers.advance(10 * MINUTE - 1);
    expect(causes()).toEqual(['start']);
    await timers.advance(1);
    expect(causes()).toEqual(['start', 'timer']);
    await service.end(session.id, 'mod1');
    await timers.advance(60 * MINUTE);
    expect(causes()).toEqual(['start', 'timer']);
    expect(timers.dueIn()).toEqual([MINUTE, MINUTE]);
    service.stopTimer();
  });

  it('keeps a post a listener failed to deliver pending, committed, and tells the other listeners', async () => {
    const { service, store, events } = await setup(engine);
    service.subscribe(() => Promise.reject(new Error('connection reset')));
    const session = await service.start(startInput());
    await service.attachThread(session.id, 't1');
    await service.next(session.id);
    expect((await store.get(session.id))?.position).toBe(1);
    // At least once: the other listener hears the unaccepted first step again, never the second before it.
    expect(events.map((event) => event.session.position)).toEqual([0, 0]);
    // The first post is still owed, and the second waits behind it so the thread gets them in order.
    expect(
      (await store.outbox.pending(session.id)).map((post) => [post.kind, post.position, post.attempts]),
    ).toEqual([
      ['step', 0, 2],
      ['step', 1, 0],
    ]);
    expect(await service.isCaughtUp(session.id)).toBe(false);
  });

  it('announces nothing for a refused move or an abandoned start', async () => {
    const { service, store, events } = await setup(engine);
    const session = await service.start(startInput({ passageIds: passageIds(1) }));
    const result = await service.next(session.id);
    expect(result).toMatchObject({ moved: false, reason: 'at-end' });
    await service.abandon(session.id);
    expect((await store.get(session.id))?.status).toBe('ended');
    expect(events).toEqual([]);
  });

  it('logs a database failure inside a timer tick instead of throwing out of the Node timer', async () => {
    const { service, timers, db, logged } = await setup(engine);
    await service.startTimer();
    const session = await service.start(startInput({ minutes: 1 }));
    await service.attachThread(session.id, 't1');
    await db.close();
    await expect(timers.advance(2 * MINUTE)).resolves.toBeUndefined();
    expect(logged.some((line) => line.msg === 'reading session auto-advance failed')).toBe(true);
    // It keeps trying rather than giving up for good.
    expect(timers.pending.size).toBe(1);
    service.stopTimer();
  });
});

describeEachEngine('SessionService.next with a hook', (engine) => {
  it('runs the hook after the commit and before the announcement, and announces even if the hook fails', async () => {
    const { service, store, events } = await setup(engine);
    const session = await service.start(startInput({ passageIds: passageIds(3) }));
    const order: string[] = [];
    service.subscribe(() => {
      order.push('announced');
    });
    await service.next(session.id, {}, async (result) => {
      order.push(`hook at ${(await store.get(result.session.id))?.position}`);
    });
    expect(order).toEqual(['hook at 1', 'announced']);
    await expect(
      service.next(session.id, {}, async () => {
        throw new Error('interaction expired');
      }),
    ).rejects.toThrow('interaction expired');
    expect(events.map((event) => event.session.position)).toEqual([1, 2]);
  });
});
