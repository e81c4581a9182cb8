import { expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type SessionEvent, SessionService, SessionStore } from '../../src/sessions/index.js';
import { CLAIM_LEASE_MS } from '../../src/sessions/outbox.js';
import type { SqlEngine } from '../../src/state/sql.js';
import { describeEachEngine, openAgain, openTestDatabase } from '../support/engines.js';
import { FakeTimers, ManualClock, passageIds, startInput } from './helpers.js';

const MINUTE = 60_000;

/**
 * Two processes' (or hosts') worth of session services (own connection, own timers) on one database. On
 * SQLite the two share one connection in this process (see openSqlite); tests/sessions/processes.test.ts
 * covers separate processes on one file.
 */
async function twoWorkers(engine: SqlEngine) {
  const clock = new ManualClock();
  const logger = createLogger({ level: 'silent' });
  const firstDb = await openTestDatabase(engine, { onDisk: true });
  const databases = [firstDb, await openAgain(firstDb)];
  /** Every worker's posts, in the order they were made. */
  const posted: Array<SessionEvent & { worker: string }> = [];
  const workers = ['a', 'b'].map((name, index) => {
    const db = databases[index];
    if (!db) throw new Error('two databases');
    const store = new SessionStore(db, { now: clock.now });
    const timers = new FakeTimers(clock);
    const service = new SessionService({ store, logger, clock: timers });
    timers.idle = () => service.settled();
    const events: Array<SessionEvent & { worker: string }> = [];
    let hold: Promise<void> | undefined;
    service.subscribe(async (event) => {
      events.push({ ...event, worker: name });
      posted.push({ ...event, worker: name });
      await hold;
    });
    return {
      name,
      db,
      store,
      timers,
      service,
      events,
      holdPosts(until: Promise<void>) {
        hold = until;
      },
    };
  });
  const [a, b] = workers;
  if (!a || !b) throw new Error('two workers');
  return { clock, a, b, all: workers, posted };
}

describeEachEngine('session services of several processes on one database', (engine) => {
  it('fire a session timer once across both, and post each step once', async () => {
    const { a, all, posted, clock } = await twoWorkers(engine);
    const session = await a.service.start(startInput({ passageIds: passageIds(4), minutes: 10 }));
    await a.service.attachThread(session.id, 't1');
    for (const worker of all) await worker.service.startTimer();
    for (let round = 0; round < 3; round++) {
      // Both processes' timers run to the same moment at once: both re-read the schedule every minute and
      // both find the step due at the same instant; each runs its advance against the shared rows.
      // The few seconds past the due time leave room for the timer's retry when it held the step because
      // the previous step's post was still going out (holdUntilPosted), as it would in real time.
      const target = clock.ms + 10 * MINUTE + 10_000;
      await Promise.all(all.map((worker) => worker.timers.advanceTo(target)));
      for (const worker of all) await worker.service.settled();
    }
    const timerSteps = posted.filter((event) => event.kind === 'step' && event.cause === 'timer');
    expect(timerSteps.map((event) => event.session.position)).toEqual([1, 2, 3]);
    expect((await a.store.get(session.id))?.position).toBe(3);
    expect(await a.store.outbox.pending(session.id)).toEqual([]);
    for (const worker of all) worker.service.stopTimer();
  });

  it('take up, unasked, the timed session and the claimed post of a process that died', async () => {
    const { a, b, clock } = await twoWorkers(engine);
    // B is running before the session exists, so nothing it read then says a session is timed.
    await b.service.startTimer();
    await a.service.startTimer();
    const session = await a.service.start(startInput({ passageIds: passageIds(4), minutes: 5 }));
    await a.service.attachThread(session.id, 't1');
    // A dies: its timers never fire, and nothing tells B.
    a.service.stopTimer();
    await b.timers.advance(6 * MINUTE);
    await b.service.settled();
    expect((await b.store.get(session.id))?.position).toBe(1);
    expect(b.events.map((event) => (event.kind === 'step' ? event.cause : event.kind))).toEqual(['timer']);

    // Another process moves the session and claims the post it owes, then dies before sending it; nobody
    // asks B to send anything.
    await b.store.pause(session.id);
    const [post] = await b.store.outbox.pending(session.id);
    expect(post && (await b.store.outbox.claim(post.id, 'dead-process', clock.ms))).toBe(true);
    await b.timers.advance(CLAIM_LEASE_MS + 2 * MINUTE);
    await b.service.settled();
    expect(b.events.map((event) => (event.kind === 'step' ? event.cause : event.kind))).toEqual([
      'timer',
      'paused',
    ]);
    expect(await b.store.outbox.pending(session.id)).toEqual([]);
    b.service.stopTimer();
  });

  it('end the sessions on a reading removed through both at once, each once, and neither fails', async () => {
    const { a, b, all } = await twoWorkers(engine);
    for (const channelId of ['c1', 'c2']) {
      const session = await a.service.start(startInput({ channelId, documentId: 'gone' }));
      await a.service.attachThread(session.id, `t-${channelId}`);
    }
    const results = await Promise.all(
      all.map((worker) => worker.service.endForDocument('g1', 'gone', 'mod1')),
    );
    expect(results.flat().map((session) => session.status)).toEqual(['ended', 'ended']);
    for (const worker of all) await worker.service.settled();
    const recaps = [...a.events, ...b.events].filter((event) => event.kind === 'ended');
    expect(recaps).toHaveLength(2);
    expect(await a.store.listLive('g1')).toEqual([]);
  });

  it('never sends a post another process is sending; a claim whose process died lapses', async () => {
    const { a, b, clock } = await twoWorkers(engine);
    let release!: () => void;
    a.holdPosts(
      new Promise((resolve) => {
        release = resolve;
      }),
    );
    const session = await a.service.start(startInput({ passageIds: passageIds(3) }));
    const attaching = a.service.attachThread(session.id, 't1');
    // A has claimed the start post and is sending it (its listener waits on `hold`).
    await vi.waitFor(() => expect(a.events.map((event) => event.kind)).toEqual(['step']));
    // A is still sending the start post: B's sweep leaves it alone.
    await b.service.flushPending();
    expect(b.events).toEqual([]);
    release();
    await attaching;
    expect(await a.store.outbox.pending(session.id)).toEqual([]);

    // A claims the next post and dies before settling it: once its lease is over, B sends it.
    const moved = await a.store.next(session.id, { by: 'mod1' });
    const [post] = await a.store.outbox.pending(moved.session.id);
    expect(post && (await a.store.outbox.claim(post.id, 'dead-process', clock.ms))).toBe(true);
    await b.service.flushPending();
    expect(b.events).toEqual([]);
    clock.advance(CLAIM_LEASE_MS + 1);
    await b.service.flushPending();
    expect(b.events.map((event) => (event.kind === 'step' ? event.cause : event.kind))).toEqual(['next']);
    expect(await b.store.outbox.pending(session.id)).toEqual([]);
  });

  it('gives a pending post to exactly one of many claims made at once', async () => {
    const { a, b, clock } = await twoWorkers(engine);
    const session = await a.store.start(startInput({ passageIds: passageIds(3) }));
    await a.store.setThread(session.id, 't1');
    const [post] = await a.store.outbox.pending(session.id);
    if (!post) throw new Error('the start post is owed');
    const claims = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        (index % 2 === 0 ? a : b).store.outbox.claim(post.id, `owner-${index}`, clock.ms),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    // Both sweeping at once: the post goes out once, through whichever claimed it.
    const other = await a.store.next(session.id, { by: 'mod1' });
    clock.advance(CLAIM_LEASE_MS + 1);
    await Promise.all([a.service.flushPending(), b.service.flushPending()]);
    const sent = [...a.events, ...b.events].map((event) => event.session.position);
    expect(sent.sort()).toEqual([0, other.session.position]);
    expect(await a.store.outbox.pending(session.id)).toEqual([]);
  });
});
