import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { type SessionEvent, SessionService, SessionStore } from '../../src/sessions/index.js';
import { CLAIM_LEASE_MS } from '../../src/sessions/outbox.js';
import { openDatabase } from '../../src/state/index.js';
import { FakeTimers, ManualClock, passageIds, startInput } from './helpers.js';

const MINUTE = 60_000;
const settle = async () => {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
};

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Two processes' worth of session services (own connection, own timers) on one database file. */
function twoWorkers() {
  const directory = mkdtempSync(join(tmpdir(), 'lectern-shared-'));
  directories.push(directory);
  const path = join(directory, 'lectern.sqlite');
  const clock = new ManualClock();
  const logger = createLogger({ level: 'silent' });
  const workers = ['a', 'b'].map((name) => {
    const db = openDatabase(path);
    const store = new SessionStore(db, { now: clock.now });
    const timers = new FakeTimers(clock);
    const service = new SessionService({ store, logger, clock: timers });
    const events: Array<SessionEvent & { worker: string }> = [];
    let hold: Promise<void> | undefined;
    service.subscribe(async (event) => {
      events.push({ ...event, worker: name });
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
  return { clock, a, b, all: workers };
}

describe('session services of several processes on one database', () => {
  it('fire a session timer once across both, and post each step once', async () => {
    const { a, b, all } = twoWorkers();
    const session = a.service.start(startInput({ passageIds: passageIds(4), minutes: 10 }));
    await a.service.attachThread(session.id, 't1');
    for (const worker of all) worker.service.startTimer();
    for (let round = 0; round < 3; round++) {
      // Both timers are due at the same instant; each runs its advance against the shared rows.
      a.timers.advance(10 * MINUTE);
      b.timers.advance(0);
      await settle();
    }
    const timerSteps = [...a.events, ...b.events].filter(
      (event) => event.kind === 'step' && event.cause === 'timer',
    );
    expect(timerSteps.map((event) => event.session.position)).toEqual([1, 2, 3]);
    expect(a.store.get(session.id)?.position).toBe(3);
    expect(a.store.outbox.pending(session.id)).toEqual([]);
    for (const worker of all) worker.service.stopTimer();
  });

  it('never sends a post another process is sending; a claim whose process died lapses', async () => {
    const { a, b, clock } = twoWorkers();
    let release!: () => void;
    a.holdPosts(
      new Promise((resolve) => {
        release = resolve;
      }),
    );
    const session = a.service.start(startInput({ passageIds: passageIds(3) }));
    const attaching = a.service.attachThread(session.id, 't1');
    await settle();
    expect(a.events.map((event) => event.kind)).toEqual(['step']);
    // A is still sending the start post: B's sweep leaves it alone.
    await b.service.flushPending();
    expect(b.events).toEqual([]);
    release();
    await attaching;
    expect(a.store.outbox.pending(session.id)).toEqual([]);

    // A claims the next post and dies before settling it: once its lease is over, B sends it.
    const moved = a.store.next(session.id, { by: 'mod1' });
    const [post] = a.store.outbox.pending(moved.session.id);
    expect(post && a.store.outbox.claim(post.id, 'dead-process', clock.ms)).toBe(true);
    await b.service.flushPending();
    expect(b.events).toEqual([]);
    clock.advance(CLAIM_LEASE_MS + 1);
    await b.service.flushPending();
    expect(b.events.map((event) => (event.kind === 'step' ? event.cause : event.kind))).toEqual(['next']);
    expect(b.store.outbox.pending(session.id)).toEqual([]);
  });
});
