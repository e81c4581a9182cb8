import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import {
  PostRefused,
  type RefusedPost,
  retryDelayMs,
  type SessionEvent,
  SessionService,
  SessionStore,
} from '../../src/sessions/index.js';
import { AlreadyApplied, applyOnce } from '../../src/state/index.js';
import type { SqlDatabase } from '../../src/state/sql.js';
import { describeEachEngine, openAgain, openTestDatabase } from '../support/engines.js';
import { FakeTimers, ManualClock, passageIds, startInput } from './helpers.js';

const MINUTE = 60_000;

const quietLogger = () =>
  createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

/**
 * A thread as a fake Discord: it shows what it accepted, and fails the next posts as told. `failures`
 * counts every failure it injected.
 */
class FakeThread {
  shown: SessionEvent[] = [];
  failures = 0;
  private plan: Array<'transient' | 'refuse'> = [];
  failNext(kind: 'transient' | 'refuse', count = 1): void {
    for (let i = 0; i < count; i++) this.plan.push(kind);
  }
  post = async (event: SessionEvent): Promise<void> => {
    const failure = this.plan.shift();
    if (failure) {
      this.failures += 1;
      if (failure === 'refuse')
        throw new PostRefused('it is missing the Send Messages in Threads permission');
      throw new Error('503 Service Unavailable');
    }
    this.shown.push(event);
  };
  /** The step a member reading the thread sees last. */
  get lastStep(): number | undefined {
    const steps = this.shown.filter((event) => event.kind === 'step');
    return steps.at(-1)?.session.position;
  }
}

function setup(db: SqlDatabase, clock = new ManualClock()) {
  const timers = new FakeTimers(clock);
  const store = new SessionStore(db, { now: clock.now });
  const service = new SessionService({ store, logger: quietLogger(), clock: timers });
  timers.idle = () => service.settled();
  const thread = new FakeThread();
  service.subscribe(thread.post);
  const refusals: RefusedPost[] = [];
  service.onRefusal((refused) => {
    refusals.push(refused);
  });
  return { clock, timers, db, store, service, thread, refusals };
}

/** The invariant: what the store reports is what the thread shows, and nothing is owed. */
async function expectAgreement(store: SessionStore, thread: FakeThread, sessionId: number): Promise<void> {
  const session = await store.get(sessionId);
  expect(await store.outbox.pending(sessionId)).toEqual([]);
  if (session?.status !== 'ended') expect(thread.lastStep).toBe(session?.position);
}

describeEachEngine('session outbox', (engine) => {
  it('retries a post Discord did not take, with growing waits, until it is shown; the timer waits for it', async () => {
    const { store, service, thread, timers } = setup(await openTestDatabase(engine));
    await service.startTimer();
    const session = await service.start(startInput({ passageIds: passageIds(4), minutes: 1 }));
    await service.attachThread(session.id, 't1');
    thread.failNext('transient', 3);
    await service.next(session.id, { by: 'mod1' });
    expect((await store.get(session.id))?.position).toBe(1);
    expect(thread.lastStep).toBe(0);
    const [owed] = await store.outbox.pending(session.id);
    expect(owed?.attempts).toBe(1);
    // The interval is up, but step 2 is not shown yet, so the timer must not add step 3.
    await timers.advance(retryDelayMs(1));
    expect((await store.get(session.id))?.position).toBe(1);
    await timers.advance(retryDelayMs(2));
    expect((await store.outbox.get(owed?.id ?? 0))?.attempts).toBe(3);
    await timers.advance(retryDelayMs(3));
    expect(thread.failures).toBe(3);
    expect(thread.shown.map((event) => event.kind === 'step' && event.session.position)).toEqual([0, 1]);
    expect((await store.outbox.get(owed?.id ?? 0))?.status).toBe('sent');
    // Once it is shown the timer goes on as usual.
    await timers.advance(MINUTE);
    expect((await store.get(session.id))?.position).toBe(2);
    await expectAgreement(store, thread, session.id);
    service.stopTimer();
  });

  it('pauses at the step the thread shows when Discord refuses a step for good, and tells the one who asked', async () => {
    const { store, service, thread } = setup(await openTestDatabase(engine));
    const session = await service.start(startInput({ passageIds: passageIds(4) }));
    await service.attachThread(session.id, 't1');
    await service.next(session.id, { by: 'mod1' });
    thread.failNext('refuse');
    const refused = service.next(session.id, { by: 'mod1', interactionId: 'i-next' });
    await expect(refused).rejects.toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(
        /Send Messages in Threads.*paused at step 2 of 4, the step the thread shows/,
      ),
    });
    const after = await store.get(session.id);
    expect(after).toMatchObject({ status: 'paused', position: 1, furthestPosition: 1 });
    // The unshown step leaves the log too, so the recap does not claim the group read it.
    expect((await store.steps(session.id)).map((step) => step.position)).toEqual([0, 1]);
    expect((await store.outbox.all(session.id)).map((post) => post.status)).toEqual([
      'sent',
      'sent',
      'refused',
    ]);
    await expectAgreement(store, thread, session.id);
    // Fixed: resume and move on as usual.
    await service.resume(session.id, 'mod1');
    await service.next(session.id, { by: 'mod1' });
    expect(thread.lastStep).toBe(2);
    await expectAgreement(store, thread, session.id);
  });

  it('keeps the recap Discord refused, leaves the session ended, and posts it on /session repost', async () => {
    const { store, service, thread } = setup(await openTestDatabase(engine));
    const session = await service.start(startInput({ passageIds: passageIds(2) }));
    await service.attachThread(session.id, 't1');
    await store.addNote(session.id, { userId: 'u2', text: '📚🧑🏽‍🏫🇰🇷 a note 👩‍👩‍👧‍👦' });
    thread.failNext('refuse');
    await expect(service.end(session.id, 'mod1')).rejects.toMatchObject({
      message: expect.stringMatching(/recap is kept.*\/session repost/),
    });
    expect((await store.get(session.id))?.status).toBe('ended');
    expect((await store.outbox.all(session.id)).at(-1)).toMatchObject({ kind: 'ended', status: 'refused' });
    await service.repost(session.id, 'mod1');
    const recap = thread.shown.at(-1);
    expect(recap?.kind).toBe('ended');
    expect(recap?.kind === 'ended' && recap.recap.notes.map((note) => note.text)).toEqual([
      '📚🧑🏽‍🏫🇰🇷 a note 👩‍👩‍👧‍👦',
    ]);
    await expectAgreement(store, thread, session.id);
  });

  it('pauses a timed session whose timer step is refused and tells the moderators, with nobody waiting', async () => {
    const { store, service, thread, timers, refusals } = setup(await openTestDatabase(engine));
    await service.startTimer();
    const session = await service.start(startInput({ passageIds: passageIds(3), minutes: 5 }));
    await service.attachThread(session.id, 't1');
    thread.failNext('refuse');
    await timers.advance(5 * MINUTE);
    expect(refusals.map((refused) => refused.session.id)).toEqual([session.id]);
    expect(refusals[0]?.message).toMatch(/paused at step 1 of 3/);
    expect(await store.get(session.id)).toMatchObject({ status: 'paused', position: 0 });
    // Paused, so the timer adds nothing more however long it waits.
    await timers.advance(60 * MINUTE);
    expect((await store.get(session.id))?.position).toBe(0);
    await expectAgreement(store, thread, session.id);
    service.stopTimer();
  });

  it('posts on start-up what a previous process committed but never posted', async () => {
    const crashedDb = await openTestDatabase(engine, { onDisk: true });
    const crashed = new SessionStore(crashedDb);
    const session = await crashed.start(startInput({ passageIds: passageIds(3) }));
    await crashed.setThread(session.id, 't1');
    await crashed.next(session.id, { by: 'mod1' });
    const restarted = setup(await openAgain(crashedDb));
    await restarted.service.flushPending();
    expect(restarted.thread.shown.map((event) => event.kind === 'step' && event.session.position)).toEqual([
      0, 1,
    ]);
    await expectAgreement(restarted.store, restarted.thread, session.id);
  });

  it('holds posts while nobody can post them (before the client is ready)', async () => {
    const store = new SessionStore(await openTestDatabase(engine));
    const service = new SessionService({ store, logger: quietLogger() });
    const session = await service.start(startInput());
    await service.attachThread(session.id, 't1');
    expect(await store.outbox.pending(session.id)).toHaveLength(1);
    const thread = new FakeThread();
    service.subscribe(thread.post);
    await service.flushPending();
    await expectAgreement(store, thread, session.id);
  });
});

describeEachEngine('old records are forgotten', (engine) => {
  it('forgets interaction ids and the settled posts of ended sessions older than the cut-off, nothing newer', async () => {
    const clock = new ManualClock();
    const store = new SessionStore(await openTestDatabase(engine), { now: clock.now });
    const ended = await store.start(startInput({ interactionId: 'old-start' }));
    await store.setThread(ended.id, 't1');
    await store.next(ended.id, { by: 'mod1', interactionId: 'old-next' });
    await store.end(ended.id, { by: 'mod1', interactionId: 'old-end' });
    for (const post of await store.outbox.pending(ended.id)) await store.outbox.markSent(post.id, clock.ms);
    clock.advance(2 * 24 * 60 * MINUTE);
    const live = await store.start(startInput({ channelId: 'c2', interactionId: 'new-start' }));
    await store.setThread(live.id, 't2');
    for (const post of await store.outbox.pending(live.id)) await store.outbox.markSent(post.id, clock.ms);
    const postsBefore = (await store.outbox.all(live.id)).length;
    expect(postsBefore).toBeGreaterThan(0);
    expect((await store.outbox.all(ended.id)).length).toBeGreaterThan(0);

    const forgotten = await store.forgetBefore(clock.ms - 24 * 60 * MINUTE);
    expect(forgotten.interactions).toBe(3);
    expect(forgotten.posts).toBeGreaterThan(0);
    expect(await store.outbox.all(ended.id)).toEqual([]);
    expect(await store.outbox.all(live.id)).toHaveLength(postsBefore);
    await expect(store.next(live.id, { by: 'mod1', interactionId: 'new-start' })).rejects.toThrow(
      AlreadyApplied,
    );
  });
});

describeEachEngine('each interaction applied once', (engine) => {
  it('applies a redelivered interaction once across two connections on one database', async () => {
    const firstDb = await openTestDatabase(engine, { onDisk: true });
    const first = new SessionStore(firstDb);
    const second = new SessionStore(await openAgain(firstDb));
    const session = await first.start(startInput({ passageIds: passageIds(5), interactionId: 'start-1' }));
    await expect(second.start(startInput({ channelId: 'c2', interactionId: 'start-1' }))).rejects.toThrow(
      AlreadyApplied,
    );
    await first.setThread(session.id, 't1');

    const deliveries: Array<[string, (store: SessionStore) => Promise<unknown>]> = [
      ['next-1', (store) => store.next(session.id, { by: 'mod1', interactionId: 'next-1' })],
      ['back-1', (store) => store.back(session.id, { by: 'mod1', interactionId: 'back-1' })],
      ['next-2', (store) => store.next(session.id, { by: 'mod1', interactionId: 'next-2' })],
      ['join-1', (store) => store.join(session.id, 'u2', { interactionId: 'join-1' })],
      [
        'note-1',
        (store) => store.addNote(session.id, { userId: 'u2', text: 'once', interactionId: 'note-1' }),
      ],
      ['pause-1', (store) => store.pause(session.id, { by: 'mod1', interactionId: 'pause-1' })],
      ['resume-1', (store) => store.resume(session.id, { by: 'mod1', interactionId: 'resume-1' })],
      ['end-1', (store) => store.end(session.id, { by: 'mod1', interactionId: 'end-1' })],
    ];
    let tried = 0;
    let refusedAsDuplicate = 0;
    for (const [, apply] of deliveries) {
      // Each interaction arrives three times, alternately through each connection.
      for (const store of [first, second, first]) {
        tried += 1;
        try {
          await apply(store);
        } catch (error) {
          if (!(error instanceof AlreadyApplied)) throw error;
          refusedAsDuplicate += 1;
        }
      }
    }
    expect(tried).toBe(24);
    expect(refusedAsDuplicate).toBe(16);
    expect((await first.steps(session.id)).map((step) => step.position)).toEqual([0, 1, 0, 1]);
    expect((await second.notes(session.id)).map((note) => note.text)).toEqual(['once']);
    expect(await second.get(session.id)).toMatchObject({ status: 'ended', position: 1 });
    // One post per applied change: start step, three moves, pause, resume, recap.
    expect((await first.outbox.all(session.id)).map((post) => post.kind)).toEqual([
      'step',
      'step',
      'step',
      'step',
      'paused',
      'resumed',
      'ended',
    ]);
  });

  it('applies each of many deliveries of one interaction, arriving at once on two connections, once', async () => {
    const firstDb = await openTestDatabase(engine, { onDisk: true });
    const first = new SessionStore(firstDb);
    const second = new SessionStore(await openAgain(firstDb));
    const session = await first.start(startInput({ passageIds: passageIds(5) }));
    const outcomes = await Promise.allSettled(
      [first, second, first, second].map((store) =>
        store.next(session.id, { by: 'mod1', interactionId: 'next-at-once' }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(AlreadyApplied);
    }
    expect((await first.get(session.id))?.position).toBe(1);
  });

  it('judges a redelivery afresh when the first delivery was refused (nothing was applied)', async () => {
    const store = new SessionStore(await openTestDatabase(engine));
    const session = await store.start(startInput({ passageIds: passageIds(2) }));
    await store.pause(session.id);
    await expect(store.next(session.id, { interactionId: 'n' })).rejects.toThrow(/paused/);
    await store.resume(session.id);
    expect((await store.next(session.id, { interactionId: 'n' })).moved).toBe(true);
  });

  it('is the store-level helper other features use (e.g. /settings)', async () => {
    const db = await openTestDatabase(engine);
    let applied = 0;
    const change = () => applyOnce(db, 'settings-1', 'settings', async () => ++applied);
    expect(await change()).toBe(1);
    await expect(change()).rejects.toThrow(AlreadyApplied);
    expect(applied).toBe(1);
  });
});
