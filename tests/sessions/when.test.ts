import { describe, expect, it } from 'vitest';
import { parseWhen } from '../../src/sessions/index.js';

// Thursday 2026-01-15 10:00 UTC (11:00 in Berlin, 05:00 in New York).
const NOW = new Date('2026-01-15T10:00:00Z');

function instant(text: string, zone: string, now = NOW): string {
  const result = parseWhen(text, zone, now);
  if (!(result instanceof Date)) throw new Error(`expected a date for "${text}", got: ${result.error}`);
  return result.toISOString();
}

describe('parseWhen', () => {
  it('reads ISO times in the zone unless they carry an offset', () => {
    expect(instant('2026-02-01T18:30', 'Europe/Berlin')).toBe('2026-02-01T17:30:00.000Z');
    expect(instant('2026-02-01T18:30:00Z', 'Europe/Berlin')).toBe('2026-02-01T18:30:00.000Z');
    expect(instant('2026-07-01 18:30', 'Europe/Berlin')).toBe('2026-07-01T16:30:00.000Z');
  });

  it('reads "tomorrow 19:00" on the calendar of the given zone', () => {
    expect(instant('tomorrow 19:00', 'Europe/Berlin')).toBe('2026-01-16T18:00:00.000Z');
    expect(instant('tomorrow 19:00', 'America/New_York')).toBe('2026-01-17T00:00:00.000Z');
    // 23:30 UTC is already the 16th in Seoul, so "tomorrow" there is the 17th.
    expect(instant('tomorrow 19:00', 'Asia/Seoul', new Date('2026-01-15T23:30:00Z'))).toBe(
      '2026-01-17T10:00:00.000Z',
    );
  });

  it('reads weekday phrases forward, with the offset valid on that date', () => {
    expect(instant('next friday 6pm', 'Europe/Berlin')).toBe('2026-01-23T17:00:00.000Z');
    // Berlin moves to summer time on 2026-03-29: the same wall time is an hour earlier in UTC.
    expect(instant('2026-03-30T18:00', 'Europe/Berlin')).toBe('2026-03-30T16:00:00.000Z');
    expect(instant('in 2 hours', 'Asia/Tokyo')).toBe('2026-01-15T12:00:00.000Z');
  });

  it('rejects the past, garbage, missing times and unknown zones with a message', () => {
    const errorOf = (text: string, zone = 'Europe/Berlin') => {
      const result = parseWhen(text, zone, NOW);
      return result instanceof Date ? undefined : result.error;
    };
    expect(errorOf('2025-12-01T10:00')).toMatch(/already past/);
    expect(errorOf('today 08:00')).toMatch(/already past/);
    expect(errorOf('purple elephants')).toMatch(/could not read/);
    expect(errorOf('banana tomorrow 19:00')).toMatch(/could not read/);
    expect(errorOf('')).toBeDefined();
    expect(errorOf('friday')).toMatch(/time of day/);
    expect(errorOf('tomorrow 19:00', 'Not/AZone')).toMatch(/time zone/);
  });
});
