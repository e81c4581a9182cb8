import { DateTime } from 'luxon';
import type { Database } from '../state/db.js';
import { SessionError } from './types.js';

export type ScheduledReadingStatus = 'scheduled' | 'cancelled' | 'started';

export interface ScheduledReading {
  id: number;
  guildId: string;
  /** Where the session should start; null when the scheduler chose none. */
  channelId: string | null;
  documentId: string;
  fromPassageId: string;
  toPassageId: string;
  startsAt: Date;
  /** The zone the time was given in, for showing it back. */
  timeZone: string;
  /** The Discord guild scheduled event, once created. */
  discordEventId: string | null;
  status: ScheduledReadingStatus;
  createdBy: string;
  createdAt: Date;
}

export interface ScheduleReadingInput {
  guildId: string;
  channelId?: string | null;
  documentId: string;
  fromPassageId: string;
  toPassageId: string;
  startsAt: Date;
  timeZone: string;
  createdBy: string;
}

interface ScheduledRow {
  id: number;
  guild_id: string;
  channel_id: string | null;
  document_id: string;
  from_passage_id: string;
  to_passage_id: string;
  starts_at: number;
  time_zone: string;
  discord_event_id: string | null;
  status: ScheduledReadingStatus;
  created_by: string;
  created_at: number;
}

/** How far ahead a reading may be planned: further than this is a typo (a year 9999), not a plan. */
export const MAX_SCHEDULE_AHEAD = { years: 1 } as const;

const SHOWN_DATE = "ccc d LLL yyyy, HH:mm '('z')'";

/** Readings planned for later (the Discord layer mirrors each as a guild scheduled event). */
export class ScheduledReadingStore {
  private readonly now: () => Date;

  constructor(
    private readonly db: Database,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  create(input: ScheduleReadingInput): ScheduledReading {
    const at = this.now();
    if (input.startsAt.getTime() <= at.getTime()) {
      throw new SessionError('invalid-input', 'A reading can only be scheduled in the future.');
    }
    const latest = DateTime.fromJSDate(at, { zone: input.timeZone }).plus(MAX_SCHEDULE_AHEAD);
    if (input.startsAt.getTime() > latest.toMillis()) {
      const asked = DateTime.fromJSDate(input.startsAt, { zone: input.timeZone }).toFormat(SHOWN_DATE);
      throw new SessionError(
        'invalid-input',
        `Readings can be scheduled up to a year ahead, until ${latest.toFormat(SHOWN_DATE)}; ${asked} is further. Pick an earlier date.`,
      );
    }
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO scheduled_readings (guild_id, channel_id, document_id, from_passage_id, to_passage_id,
           starts_at, time_zone, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?)`,
      )
      .run(
        input.guildId,
        input.channelId ?? null,
        input.documentId,
        input.fromPassageId,
        input.toPassageId,
        input.startsAt.getTime(),
        input.timeZone,
        input.createdBy,
        at.getTime(),
      );
    return this.require(Number(lastInsertRowid));
  }

  get(id: number): ScheduledReading | undefined {
    const row = this.db
      .prepare<[number], ScheduledRow>('SELECT * FROM scheduled_readings WHERE id = ?')
      .get(id);
    return row ? toScheduled(row) : undefined;
  }

  getByEventId(discordEventId: string): ScheduledReading | undefined {
    const row = this.db
      .prepare<[string], ScheduledRow>('SELECT * FROM scheduled_readings WHERE discord_event_id = ?')
      .get(discordEventId);
    return row ? toScheduled(row) : undefined;
  }

  setEventId(id: number, discordEventId: string): ScheduledReading {
    this.require(id);
    this.db
      .prepare('UPDATE scheduled_readings SET discord_event_id = ? WHERE id = ?')
      .run(discordEventId, id);
    return this.require(id);
  }

  /** Still-scheduled readings of the guild starting at or after `from` (default: now), soonest first. */
  listUpcoming(guildId: string, from: Date = this.now()): ScheduledReading[] {
    return this.db
      .prepare<[string, number], ScheduledRow>(
        `SELECT * FROM scheduled_readings WHERE guild_id = ? AND status = 'scheduled' AND starts_at >= ?
         ORDER BY starts_at, id`,
      )
      .all(guildId, from.getTime())
      .map(toScheduled);
  }

  /** Marks a scheduled reading cancelled or started; only a 'scheduled' one can change. */
  setStatus(id: number, status: Exclude<ScheduledReadingStatus, 'scheduled'>): ScheduledReading {
    const { changes } = this.db
      .prepare("UPDATE scheduled_readings SET status = ? WHERE id = ? AND status = 'scheduled'")
      .run(status, id);
    const reading = this.require(id);
    if (changes === 0) throw new SessionError('invalid-input', `That reading is already ${reading.status}.`);
    return reading;
  }

  private require(id: number): ScheduledReading {
    const reading = this.get(id);
    if (!reading) throw new SessionError('not-found', `There is no scheduled reading #${id}.`);
    return reading;
  }
}

function toScheduled(row: ScheduledRow): ScheduledReading {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    documentId: row.document_id,
    fromPassageId: row.from_passage_id,
    toPassageId: row.to_passage_id,
    startsAt: new Date(row.starts_at),
    timeZone: row.time_zone,
    discordEventId: row.discord_event_id,
    status: row.status,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}
