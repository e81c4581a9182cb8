import * as chrono from 'chrono-node';
import { DateTime, IANAZone } from 'luxon';

const FILLER = new Set(['at', 'on', 'the', 'this', 'please', 'for', 'start', 'starting', 'from']);

/**
 * Reads a time a person typed ("tomorrow 19:00", "next friday 6pm", "2026-12-01T18:00", "in 2 hours") as
 * wall-clock time in `timeZone` (IANA), relative to `now`. Returns an error message for the reader when the
 * text is not a time, gives no time of day, or is already past.
 */
export function parseWhen(text: string, timeZone: string, now: Date): Date | { error: string } {
  if (!IANAZone.isValidZone(timeZone)) return { error: `"${timeZone}" is not an IANA time zone.` };
  const input = text.trim();
  if (input === '') return { error: 'Say when, e.g. "tomorrow 19:00" or "next friday 6pm".' };

  const result = parseIso(input, timeZone) ?? parseNatural(input, timeZone, now);
  if ('error' in result) return result;
  if (result.getTime() <= now.getTime()) {
    const shown = DateTime.fromJSDate(result, { zone: timeZone }).toFormat("ccc d LLL yyyy, HH:mm '('z')'");
    return { error: `${shown} is already past. Pick a time in the future.` };
  }
  return result;
}

function parseIso(input: string, timeZone: string): Date | { error: string } | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(input)) return undefined;
  // "2026-02-01 18:30" is how people type ISO times; luxon wants the T.
  const parsed = DateTime.fromISO(input.replace(/^(\d{4}-\d{2}-\d{2}) +(?=\d)/, '$1T'), {
    zone: timeZone,
    setZone: true,
  });
  if (!parsed.isValid)
    return { error: `"${input}" is not a valid date and time (${parsed.invalidExplanation}).` };
  if (!/[T ]\d{1,2}:\d{2}/.test(input))
    return { error: `Add a time of day, e.g. "${input.slice(0, 10)}T18:00".` };
  return parsed.toJSDate();
}

function parseNatural(input: string, timeZone: string, now: Date): Date | { error: string } {
  const unreadable = {
    error: `I could not read "${input}" as a time. Try "tomorrow 19:00" or "next friday 6pm".`,
  };
  // chrono reckons in one fixed offset. Handing it the zone's wall-clock time labelled as UTC makes its
  // "tomorrow", "friday" and "19:00" mean the calendar of `timeZone`; luxon then places that wall-clock
  // time in the zone with the offset valid on that date (DST included).
  const wall = DateTime.fromJSDate(now, { zone: timeZone });
  const wallAsUtc = new Date(
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond),
  );
  const [match] = chrono.parse(input, { instant: wallAsUtc, timezone: 0 }, { forwardDate: true });
  if (!match) return unreadable;
  const leftover = `${input.slice(0, match.index)} ${input.slice(match.index + match.text.length)}`
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !FILLER.has(word));
  if (leftover.length > 0) return unreadable;

  const start = match.start;
  if (!start.isCertain('hour')) return { error: `Add a time of day, e.g. "${input} 18:00".` };
  if (start.isCertain('timezoneOffset')) {
    // The text fixes its own instant ("6pm UTC", "in 2 hours"): read it again against the real clock.
    const [absolute] = chrono.parse(input, { instant: now, timezone: 0 }, { forwardDate: true });
    return absolute ? absolute.start.date() : unreadable;
  }
  const placed = DateTime.fromObject(
    {
      year: start.get('year') ?? wall.year,
      month: start.get('month') ?? wall.month,
      day: start.get('day') ?? wall.day,
      hour: start.get('hour') ?? 0,
      minute: start.get('minute') ?? 0,
      second: start.get('second') ?? 0,
    },
    { zone: timeZone },
  );
  return placed.isValid ? placed.toJSDate() : unreadable;
}
