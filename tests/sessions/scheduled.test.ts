import { describe, expect, it } from 'vitest';
import { ScheduledReadingStore, SessionError } from '../../src/sessions/index.js';
import { openDatabase } from '../../src/state/index.js';
import { ManualClock } from './helpers.js';

describe('ScheduledReadingStore', () => {
  const base = {
    guildId: 'g1',
    documentId: 'park-2013',
    fromPassageId: 'park-2013#p1',
    toPassageId: 'park-2013#p3',
    timeZone: 'Europe/Berlin',
    createdBy: 'mod1',
  };

  it('stores readings per guild, links a Discord event and lists upcoming ones in order', () => {
    const clock = new ManualClock();
    const store = new ScheduledReadingStore(openDatabase(':memory:'), { now: clock.now });
    const later = store.create({ ...base, startsAt: new Date(clock.ms + 7_200_000) });
    const sooner = store.create({ ...base, startsAt: new Date(clock.ms + 3_600_000), channelId: 'c1' });
    store.create({ ...base, guildId: 'g2', startsAt: new Date(clock.ms + 60_000) });
    expect(store.listUpcoming('g1').map((reading) => reading.id)).toEqual([sooner.id, later.id]);
    expect(store.setEventId(later.id, 'evt-1').discordEventId).toBe('evt-1');
    expect(store.getByEventId('evt-1')?.id).toBe(later.id);
    expect(store.setStatus(sooner.id, 'cancelled').status).toBe('cancelled');
    expect(() => store.setStatus(sooner.id, 'started')).toThrow(SessionError);
    expect(store.listUpcoming('g1').map((reading) => reading.id)).toEqual([later.id]);
  });

  it('refuses a start time in the past', () => {
    const clock = new ManualClock();
    const store = new ScheduledReadingStore(openDatabase(':memory:'), { now: clock.now });
    expect(() => store.create({ ...base, startsAt: new Date(clock.ms - 1) })).toThrow(/future/);
  });

  it('refuses a start more than a year ahead, saying how far it may go', () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 1, 12, 0));
    const store = new ScheduledReadingStore(openDatabase(':memory:'), { now: clock.now });
    const inAYear = Date.UTC(2027, 11, 1, 11, 0);
    expect(store.create({ ...base, startsAt: new Date(inAYear) }).id).toBeGreaterThan(0);
    expect(() => store.create({ ...base, startsAt: new Date(Date.UTC(2027, 11, 1, 12, 30)) })).toThrow(
      /up to a year ahead.*Wed 1 Dec 2027/,
    );
    expect(() => store.create({ ...base, startsAt: new Date(Date.UTC(9999, 0, 1, 18, 0)) })).toThrow(
      /Fri 1 Jan 9999.*is further/,
    );
    expect(store.listUpcoming('g1', new Date(0))).toHaveLength(1);
  });
});
