import { expect, it } from 'vitest';
import { ScheduledReadingStore, SessionError } from '../../src/sessions/index.js';
import { describeEachEngine, openTestDatabase } from '../support/engines.js';
import { ManualClock } from './helpers.js';

describeEachEngine('ScheduledReadingStore', (engine) => {
  const base = {
    guildId: 'g1',
    documentId: 'park-2013',
    fromPassageId: 'park-2013#p1',
    toPassageId: 'park-2013#p3',
    timeZone: 'Europe/Berlin',
    createdBy: 'mod1',
  };
  const storeAt = async (clock: ManualClock) =>
    new ScheduledReadingStore(await openTestDatabase(engine), { now: clock.now });

  it('stores readings per guild, links a Discord event and lists upcoming ones in order', async () => {
    const clock = new ManualClock();
    const store = await storeAt(clock);
    const later = await store.create({ ...base, startsAt: new Date(clock.ms + 7_200_000) });
    const sooner = await store.create({ ...base, startsAt: new Date(clock.ms + 3_600_000), channelId: 'c1' });
    await store.create({ ...base, guildId: 'g2', startsAt: new Date(clock.ms + 60_000) });
    expect((await store.listUpcoming('g1')).map((reading) => reading.id)).toEqual([sooner.id, later.id]);
    expect((await store.setEventId(later.id, 'evt-1')).discordEventId).toBe('evt-1');
    expect((await store.getByEventId('evt-1'))?.id).toBe(later.id);
    expect((await store.setStatus(sooner.id, 'cancelled')).status).toBe('cancelled');
    await expect(store.setStatus(sooner.id, 'started')).rejects.toThrow(SessionError);
    expect((await store.listUpcoming('g1')).map((reading) => reading.id)).toEqual([later.id]);
  });

  it('refuses a start time in the past', async () => {
    const clock = new ManualClock();
    const store = await storeAt(clock);
    await expect(store.create({ ...base, startsAt: new Date(clock.ms - 1) })).rejects.toThrow(/future/);
  });

  it('refuses a start more than a year ahead, saying how far it may go', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 12, 0));
    const store = await storeAt(clock);
    const inAYear = Date.UTC(2027, 11, 1, 11, 0);
    expect((await store.create({ ...base, startsAt: new Date(inAYear) })).id).toBeGreaterThan(0);
    await expect(
      store.create({ ...base, startsAt: new Date(Date.UTC(2027, 11, 1, 12, 30)) }),
    ).rejects.toThrow(/up to a year ahead.*Wed 1 Dec 2027/);
    await expect(store.create({ ...base, startsAt: new Date(Date.UTC(9999, 0, 1, 18, 0)) })).rejects.toThrow(
      /Fri 1 Jan 9999.*is further/,
    );
    expect(await store.listUpcoming('g1', new Date(0))).toHaveLength(1);
  });
});
