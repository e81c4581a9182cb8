import { describe, expect, it } from 'vitest';
import { parseWhen, type WhenReadings } from '../../src/sessions/index.js';

// Thursday 2026-01-15 10:00 UTC (11:00 in Berlin, 05:00 in New York).
const NOW = new Date('2026-01-15T10:00:00Z');

function read(
  text: string,
  zone: string,
  now = NOW,
): { readings: string[]; ambiguities: WhenReadings['ambiguities'] } {
  const result = parseWhen(text, zone, now);
  return { readings: result.readings.map((date) => date.toISOString()), ambiguities: result.ambiguities };
}

function instant(text: string, zone: string, now = NOW): string {
  const { readings, ambiguities } = read(text, zone, now);
  expect(ambiguities, text).toEqual([]);
  expect(readings, text).toHaveLength(1);
  return readings[0] ?? '';
}

function errorOf(text: string, zone = 'Europe/Berlin'): string | undefined {
  try {
    parseWhen(text, zone, NOW);
    return undefined;
  } catch (error) {
    expect(error).toMatchObject({ name: 'SessionError', code: 'invalid-input' });
    return (error as Error).message;
  }
}

describe('parseWhen', () => {
  it('reads ISO times in the zone unless they carry an offset', () => {
    expect(instant('2026-02-01T18:30', 'Europe/Berlin')).toBe('2026-02-01T17:30:00.000Z');
    expect(instant('2026-02-01T18:30:00Z', 'Europe/Berlin')).toBe('2026-02-01T18:30:00.000Z');
    expect(instant('2026-07-01 18:30', 'Europe/Berlin')).toBe('2026-07-01T16:30:00.000Z');
    expect(instant('2026-02-01T18', 'Europe/Berlin')).toBe('2026-02-01T17:00:00.000Z');
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
    expect(instant('friday 6pm', 'Europe/Berlin')).toBe('2026-01-16T17:00:00.000Z');
    // Saturday: the Friday a week before next Friday is gone, so "next friday" has one meaning.
    expect(instant('next friday 6pm', 'Europe/Berlin', new Date('2026-01-17T10:00:00Z'))).toBe(
      '2026-01-23T17:00:00.000Z',
    );
    // Berlin moves to summer time on 2026-03-29: the same wall time is an hour earlier in UTC.
    expect(instant('2026-03-30T18:00', 'Europe/Berlin')).toBe('2026-03-30T16:00:00.000Z');
    expect(instant('in 2 hours', 'Asia/Tokyo')).toBe('2026-01-15T12:00:00.000Z');
  });

  it('gives both weeks when a weekday could mean either', () => {
    // Thursday: "next friday" is tomorrow to some, a week later to others.
    expect(read('next friday 18:00', 'Europe/London')).toEqual({
      readings: ['2026-01-16T18:00:00.000Z', '2026-01-23T18:00:00.000Z'],
      ambiguities: ['weekday'],
    });
    // "Friday" on a Friday: today, or in a week.
    const friday = new Date('2026-01-16T10:00:00Z');
    expect(read('friday 19:00', 'Europe/London', friday)).toEqual({
      readings: ['2026-01-16T19:00:00.000Z', '2026-01-23T19:00:00.000Z'],
      ambiguities: ['weekday'],
    });
    // Once today's 19:00 is past, only next week's remains.
    expect(instant('friday 19:00', 'Europe/London', new Date('2026-01-16T19:30:00Z'))).toBe(
      '2026-01-23T19:00:00.000Z',
    );
    // The weekday is today in the server's zone, not in UTC: 23:30 UTC Thursday is Friday in Tokyo.
    expect(read('friday 20:00', 'Asia/Tokyo', new Date('2026-01-15T23:30:00Z')).ambiguities).toEqual([
      'weekday',
    ]);
  });

  it('gives day-first and month-first readings of a numeric date when they differ', () => {
    expect(read('12/11 19:00', 'Europe/London')).toEqual({
      readings: ['2026-11-12T19:00:00.000Z', '2026-12-11T19:00:00.000Z'],
      ambiguities: ['day-month-order'],
    });
    expect(instant('13/11 19:00', 'Europe/London')).toBe('2026-11-13T19:00:00.000Z');
    expect(instant('11/11 19:00', 'Europe/London')).toBe('2026-11-11T19:00:00.000Z');
    expect(instant('12 November 19:00', 'Europe/London')).toBe('2026-11-12T19:00:00.000Z');
  });

  it('places a date without a time of day at the assumed evening hour, to be confirmed', () => {
    expect(read('tomorrow', 'Europe/Berlin')).toEqual({
      readings: ['2026-01-16T18:00:00.000Z'],
      ambiguities: ['no-time-of-day'],
    });
    expect(read('2026-02-01', 'Europe/Berlin')).toEqual({
      readings: ['2026-02-01T18:00:00.000Z'],
      ambiguities: ['no-time-of-day'],
    });
    expect(read('friday', 'Europe/London', new Date('2026-01-16T10:00:00Z'))).toEqual({
      readings: ['2026-01-16T19:00:00.000Z', '2026-01-23T19:00:00.000Z'],
      ambiguities: ['weekday', 'no-time-of-day'],
    });
  });

  it('rejects the past, garbage and unknown zones with a SessionError', () => {
    expect(errorOf('2025-12-01T10:00')).toMatch(/already past/);
    expect(errorOf('today 08:00')).toMatch(/already past/);
    expect(errorOf('purple elephants')).toMatch(/could not read/);
    expect(errorOf('banana tomorrow 19:00')).toMatch(/could not read/);
    expect(errorOf('2026-02-30T18:00')).toMatch(/not a valid date/);
    expect(errorOf('')).toBeDefined();
    expect(errorOf('tomorrow 19:00', 'Not/AZone')).toMatch(/time zone/);
  });
});
