import { expect, it } from 'vitest';
import { describeEachEngine } from '../support/engines.js';
import { codeOf, memoryStore, passageIds, startInput } from './helpers.js';

describeEachEngine('SessionStore lifecycle', (engine) => {
  it('runs start → next → pause → resume → back → end and records every step', async () => {
    const { store, clock } = await memoryStore(engine);
    const started = await store.start(startInput({ title: 'Week 1' }));
    expect(started).toMatchObject({
      status: 'active',
      position: 0,
      stepCount: 5,
      atStart: true,
      atEnd: false,
    });
    expect(started.currentPassageIds).toEqual(['doc#p1']);

    clock.advance(1000);
    const second = await store.next(started.id, { by: 'mod1' });
    expect(second).toMatchObject({ moved: true, seq: 2, atStart: false });
    expect(second.session.currentPassageIds).toEqual(['doc#p2']);
    expect(second.session.lastAdvanceAt.getTime()).toBe(clock.ms);

    expect((await store.pause(started.id)).status).toBe('paused');
    expect(await codeOf(() => store.next(started.id))).toBe('paused');
    expect(await codeOf(() => store.pause(started.id))).toBe('already-paused');
    expect((await store.resume(started.id)).status).toBe('active');
    expect(await codeOf(() => store.resume(started.id))).toBe('not-paused');

    const back = await store.back(started.id, { by: 'mod2' });
    expect(back.session.position).toBe(0);
    expect(back.session.coveredPassageIds).toEqual(['doc#p1', 'doc#p2']);

    const ended = await store.end(started.id);
    expect(ended.status).toBe('ended');
    expect(ended.endedAt?.getTime()).toBe(clock.ms);
    expect(await codeOf(() => store.next(started.id))).toBe('ended');
    expect(await codeOf(() => store.join(started.id, 'u1'))).toBe('ended');
    expect((await store.steps(started.id)).map((step) => [step.seq, step.position, step.shownBy])).toEqual([
      [1, 0, null],
      [2, 1, 'mod1'],
      [3, 0, 'mod2'],
    ]);
  });

  it('stays at the first step on back, and at the last step on next, reporting why', async () => {
    const { store } = await memoryStore(engine);
    const session = await store.start(startInput({ passageIds: passageIds(2) }));
    expect(await store.back(session.id)).toMatchObject({ moved: false, reason: 'at-start', atStart: true });
    expect(await store.next(session.id)).toMatchObject({ moved: true, atEnd: true });
    const overflow = await store.next(session.id);
    expect(overflow).toMatchObject({ moved: false, reason: 'at-end', atEnd: true });
    expect(overflow.session.position).toBe(1);
    expect(overflow.session.status).toBe('active');
    expect(await store.steps(session.id)).toHaveLength(2);
  });

  it('shows `pace` passages per step, with a short last step', async () => {
    const { store } = await memoryStore(engine);
    const session = await store.start(startInput({ passageIds: passageIds(5), pace: 2 }));
    expect(session.stepCount).toBe(3);
    expect(session.currentPassageIds).toEqual(['doc#p1', 'doc#p2']);
    expect((await store.next(session.id)).session.currentPassageIds).toEqual(['doc#p3', 'doc#p4']);
    const last = await store.next(session.id);
    expect(last.session.currentPassageIds).toEqual(['doc#p5']);
    expect(last.atEnd).toBe(true);
    expect(last.session.coveredPassageIds).toEqual(passageIds(5));
    expect((await store.steps(session.id)).map((step) => step.passageIds)).toEqual([
      ['doc#p1', 'doc#p2'],
      ['doc#p3', 'doc#p4'],
      ['doc#p5'],
    ]);
  });

  it('refuses a moved-on expected position as stale without changing anything', async () => {
    const { store } = await memoryStore(engine);
    const session = await store.start(startInput());
    expect((await store.next(session.id, { expectedPosition: 0 })).moved).toBe(true);
    const stale = await store.next(session.id, { expectedPosition: 0 });
    expect(stale).toMatchObject({ moved: false, reason: 'stale' });
    expect(stale.session.position).toBe(1);
    expect((await store.back(session.id, { expectedPosition: 1 })).session.position).toBe(0);
  });

  it('allows one live session per channel, counting paused ones, and frees the channel on end', async () => {
    const { store } = await memoryStore(engine);
    const first = await store.start(startInput());
    await store.pause(first.id);
    expect(await codeOf(() => store.start(startInput()))).toBe('channel-busy');
    expect((await store.start(startInput({ channelId: 'c2' }))).channelId).toBe('c2');
    expect((await store.start(startInput({ guildId: 'g2' }))).guildId).toBe('g2');
    await store.end(first.id);
    const again = await store.start(startInput());
    expect(again.id).not.toBe(first.id);
    expect((await store.getLiveByChannel('g1', 'c1'))?.id).toBe(again.id);
    expect((await store.listLive('g1')).map((s) => s.channelId).sort()).toEqual(['c1', 'c2']);
    expect(await store.listLive()).toHaveLength(3);
  });

  it('validates the start input', async () => {
    const { store } = await memoryStore(engine);
    expect(await codeOf(() => store.start(startInput({ passageIds: [] })))).toBe('invalid-input');
    expect(await codeOf(() => store.start(startInput({ passageIds: ['a', 'a'] })))).toBe('invalid-input');
    expect(await codeOf(() => store.start(startInput({ pace: 0 })))).toBe('invalid-input');
    expect(await codeOf(() => store.start(startInput({ minutes: 2.5 })))).toBe('invalid-input');
    expect(await store.listLive()).toHaveLength(0);
  });

  it('records attendance idempotently, and only from joining: a note is not attendance', async () => {
    const { store, clock } = await memoryStore(engine);
    const session = await store.start(startInput());
    expect((await store.join(session.id, 'u1')).joined).toBe(true);
    const firstJoin = clock.ms;
    clock.advance(5000);
    expect((await store.join(session.id, 'u1')).joined).toBe(false);
    await store.addNote(session.id, { userId: 'u2', text: 'interesting' });
    const attendance = await store.attendance(session.id);
    expect(attendance.map((a) => a.userId).sort()).toEqual(['mod1', 'u1']);
    expect(attendance.find((a) => a.userId === 'u1')?.joinedAt.getTime()).toBe(firstJoin);
  });

  it('attaches notes to the current passage by default and refuses foreign passages or empty text', async () => {
    const { store } = await memoryStore(engine);
    const session = await store.start(startInput());
    await store.next(session.id);
    expect(await store.addNote(session.id, { userId: 'u1', text: '  why now?  ' })).toMatchObject({
      passageId: 'doc#p2',
      text: 'why now?',
    });
    expect(
      (await store.addNote(session.id, { userId: 'u1', text: 'back to the start', passageId: 'doc#p1' }))
        .passageId,
    ).toBe('doc#p1');
    expect(
      await codeOf(() => store.addNote(session.id, { userId: 'u1', text: 'x', passageId: 'other#p1' })),
    ).toBe('invalid-input');
    expect(await codeOf(() => store.addNote(session.id, { userId: 'u1', text: '   ' }))).toBe(
      'invalid-input',
    );
    expect(await store.notes(session.id)).toHaveLength(2);
  });

  it('links a thread, finds the session from it, and refuses a thread taken by another session', async () => {
    const { store } = await memoryStore(engine);
    const a = await store.start(startInput());
    const b = await store.start(startInput({ channelId: 'c2' }));
    expect((await store.setThread(a.id, 't1')).threadId).toBe('t1');
    expect((await store.getByThread('t1'))?.id).toBe(a.id);
    expect((await store.findForChannel('g1', 't1'))?.id).toBe(a.id);
    expect((await store.findForChannel('g1', 'c2'))?.id).toBe(b.id);
    expect(await store.findForChannel('g2', 't1')).toBeUndefined();
    expect(await codeOf(() => store.setThread(b.id, 't1'))).toBe('thread-taken');
    expect(await codeOf(() => store.next(999))).toBe('not-found');
  });

  it('builds a recap of covered passages, steps, attendance and notes', async () => {
    const { store, clock } = await memoryStore(engine);
    const session = await store.start(startInput({ passageIds: passageIds(6), pace: 2 }));
    await store.join(session.id, 'u1');
    await store.next(session.id, { by: 'mod1' });
    await store.addNote(session.id, { userId: 'u1', text: 'key claim' });
    await store.back(session.id, { by: 'mod1' });
    clock.advance(60_000);
    await store.end(session.id);
    const recap = await store.buildRecap(session.id);
    expect(recap.passagesCovered).toEqual(['doc#p1', 'doc#p2', 'doc#p3', 'doc#p4']);
    expect(recap.steps.map((step) => step.position)).toEqual([0, 1, 0]);
    expect(recap.attendance.map((a) => a.userId)).toEqual(['mod1', 'u1']);
    expect(recap.notes.map((note) => [note.userId, note.passageId, note.text])).toEqual([
      ['u1', 'doc#p3', 'key claim'],
    ]);
    expect((recap.endedAt?.getTime() ?? 0) - recap.startedAt.getTime()).toBe(60_000);
  });
});
