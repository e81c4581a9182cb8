import * as chrono from 'chrono-node';
import { DateTime, IANAZone } from 'luxon';
import { SessionError } from './types.js';

const FILLER = new Set(['at', 'on', 'the', 'this', 'please', 'for', 'start', 'starting', 'from']);

/**
 * The time of day a reading is placed at when the text gives only a date. Reading groups meet in the
 * evening; the guess is always put to the person to confirm, never used silently.
 */
export const ASSUMED_TIME_OF_DAY = { hour: 19, minute: 0 } as const;

/** Why a text needs the person to choose or confirm before it becomes one instant. */
export type WhenAmbiguity =
  /** A weekday reaches only within a week: today or next week's, this week's or the one after. */
  | 'weekday'
  /** "12/11" is 12 November day-first and 11 December month-first. */
  | 'day-month-order'
  /** Only a date was given; the readings are at ASSUMED_TIME_OF_DAY. */
  | 'no-time-of-day';

export interface WhenReadings {
  /** Every future instant the text can mean, earliest first. */
  readings: Date[];
  /** Empty when the text means exactly one instant. */
  ambiguities: WhenAmbiguity[];
}

/**
 * Reads a time a person typed ("tomorrow 19:00", "next friday 6pm", "2026-12-01T18:00", "in 2 hours") as
 * wall-clock time in `timeZone` (IANA), relative to `now`. A text that can mean more than one instant
 * gives every future one; a text that is not a time, or only past, throws a SessionError for the reader.
 */
export function parseWhen(text: string, timeZone: string, now: Date): WhenReadings {
  if (!IANAZone.isValidZone(timeZone)) throw invalid(`"${timeZone}" is not an IANA time zone.`);
  const input = text.trim();
  if (input === '') throw invalid('Say when, e.g. "tomorrow 19:00" or "next friday 6pm".');

  const read = parseIso(input, timeZone) ?? parseNatural(input, timeZone, now);
  const readings = distinct(read.readings).sort((a, b) => a.getTime() - b.getTime());
  const ahead = readings.filter((reading) => reading.getTime() > now.getTime());
  const latest = readings.at(-1);
  if (ahead.length === 0 || !latest) {
    throw invalid(`${shownTime(latest ?? now, timeZone)} is already past. Pick a time in the future.`);
  }
  // A reading that is already past is no reading: if one remains, the text is not ambiguous on that count.
  const ambiguities = read.ambiguities.filter(
    (ambiguity) => ambiguity === 'no-time-of-day' || ahead.length > 1,
  );
  return { readings: ahead, ambiguities };
}

function invalid(message: string): SessionError {
  return new SessionError('invalid-input', message);
}

function shownTime(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat("ccc d LLL yyyy, HH:mm '('z')'");
}

function distinct(dates: readonly Date[]): Date[] {
  return [...new Map(dates.map((date) => [date.getTime(), date])).values()];
}

function parseIso(input: string, timeZone: string): WhenReadings | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(input)) return undefined;
  const hasTime = /^\d{4}-\d{2}-\d{2}[T ]\d/.test(input);
  // "2026-02-01 18:30" is how people type ISO times; luxon wants the T.
  const parsed = DateTime.fromISO(input.replace(/^(\d{4}-\d{2}-\d{2}) +(?=\d)/, '$1T'), {
    zone: timeZone,
    setZone: true,
  });
  if (!parsed.isValid)
    throw invalid(`"${input}" is not a valid date and time (${parsed.invalidExplanation}).`);
  if (hasTime) return { readings: [parsed.toJSDate()], ambiguities: [] };
  return { readings: [parsed.set(ASSUMED_TIME_OF_DAY).toJSDate()], ambiguities: ['no-time-of-day'] };
}

/**
 * The day-first and the month-first reading of the text. Where they disagree ("12/11"), the text is
 * ambiguous; where one of them cannot read it ("13/11"), the other decides.
 */
const PARSERS = [chrono.en.GB, chrono.en.casual] as const;

function parseNatural(input: string, timeZone: string, now: Date): WhenReadings {
  const unreadable = invalid(
    `I could not read "${input}" as a time. Try "tomorrow 19:00" or "next friday 6pm".`,
  );
  // chrono reckons in one fixed offset. Handing it the zone's wall-clock time labelled as UTC makes its
  // "tomorrow", "friday" and "19:00" mean the calendar of `timeZone`; luxon then places that wall-clock
  // time in the zone with the offset valid on that date (DST included).
  const wall = DateTime.fromJSDate(now, { zone: timeZone });
  const wallAsUtc = new Date(
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond),
  );
  const matches = PARSERS.flatMap((parser) => {
    const [match] = parser.parse(input, { instant: wallAsUtc, timezone: 0 }, { forwardDate: true });
    return match && coversWholeText(input, match) ? [match] : [];
  });
  const [first] = matches;
  if (!first) throw unreadable;

  if (first.start.isCertain('timezoneOffset')) {
    // The text fixes its own instant ("6pm UTC", "in 2 hours"): read it again against the real clock.
    const [absolute] = chrono.parse(input, { instant: now, timezone: 0 }, { forwardDate: true });
    if (!absolute) throw unreadable;
    return { readings: [absolute.start.date()], ambiguities: [] };
  }

  const ambiguities: WhenAmbiguity[] = [];
  const days = distinctDays(matches.map((match) => calendarDay(match.start, wall)));
  if (days.length > 1) ambiguities.push('day-month-order');
  const start = first.start;
  if (start.isCertain('weekday') && !start.isCertain('day')) {
    const [day] = days;
    if (day) {
      const alternative = otherWeekOf(day, wall, start, timeZone);
      if (alternative) {
        days.push(alternative);
        ambiguities.push('weekday');
      }
    }
  }
  const timed = start.isCertain('hour');
  if (!timed) ambiguities.push('no-time-of-day');
  const time = timed
    ? { hour: start.get('hour') ?? 0, minute: start.get('minute') ?? 0, second: start.get('second') ?? 0 }
    : { ...ASSUMED_TIME_OF_DAY, second: 0 };
  const readings = days.map((day) => DateTime.fromObject({ ...day, ...time }, { zone: timeZone }));
  if (readings.some((reading) => !reading.isValid)) throw unreadable;
  return { readings: readings.map((reading) => reading.toJSDate()), ambiguities };
}

interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

function coversWholeText(input: string, match: chrono.ParsedResult): boolean {
  return `${input.slice(0, match.index)} ${input.slice(match.index + match.text.length)}`
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .every((word) => word === '' || FILLER.has(word));
}

function calendarDay(start: chrono.ParsedComponents, wall: DateTime): CalendarDay {
  return {
    year: start.get('year') ?? wall.year,
    month: start.get('month') ?? wall.month,
    day: start.get('day') ?? wall.day,
  };
}

function distinctDays(days: readonly CalendarDay[]): CalendarDay[] {
  return [...new Map(days.map((day) => [`${day.year}-${day.month}-${day.day}`, day])).values()];
}

/**
 * A weekday fixes the day only up to a week. chrono picks one week; the other is as likely meant when
 * the same weekday a week earlier is still ahead ("next Friday" on a Monday: this week's or the one
 * after), or when the day picked is today ("Friday" on a Friday: today or in a week).
 */
function otherWeekOf(
  day: CalendarDay,
  wall: DateTime,
  start: chrono.ParsedComponents,
  timeZone: string,
): CalendarDay | undefined {
  const picked = DateTime.fromObject(day, { zone: timeZone });
  const today = wall.startOf('day');
  if (picked.hasSame(today, 'day')) return toDay(picked.plus({ weeks: 1 }));
  const weekEarlier = picked.minus({ weeks: 1 });
  const timeOfDay = start.isCertain('hour')
    ? { hour: start.get('hour') ?? 0, minute: start.get('minute') ?? 0 }
    : ASSUMED_TIME_OF_DAY;
  return weekEarlier.set(timeOfDay) > wall ? toDay(weekEarlier) : undefined;
}

function toDay(date: DateTime): CalendarDay {
  return { year: date.year, month: date.month, day: date.day };
}
