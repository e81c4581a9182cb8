import { DateTime } from 'luxon';
import type { SqlDatabase, SqlQueries } from '../state/sql.js';
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

/**
 * Readings planned for later (the Discord layer mirrors each as a guild scheduled event). Each method runs
 * on the database, or on the caller's transaction when given one (`q`), e.g. to record an interaction once
 * together with the reading it creates.
 */
export class ScheduledReadingStore {
  private readonly now: () => Date;

  constructor(
    private readonly db: SqlDatabase,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async create(input: ScheduleReadingInput, q: SqlQueries = this.db): Promise<ScheduledReading> {
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
    const inserted = await q.get<{ id: number }>(
      `INSERT INTO scheduled_readings (guild_id, channel_id, document_id, from_passage_id, to_passage_id,
         starts_at, time_zone, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, ?)
       RETURNING id`,
      [
        input.guildId,
        input.channelId ?? null,
        input.documentId,
        input.fromPassageId,
        input.toPassageId,
        input.startsAt.getTime(),
        input.timeZone,
        input.createdBy,
        at.getTime(),
      ],
    );
    if (!inserted) throw new Error('the scheduled reading insert returned no id');
    return this.require(Number(inserted.id), q);
  }

  async get(id: number, q: SqlQueries = this.db): Promise<ScheduledReading | undefined> {
    const row = await q.get<ScheduledRow>('SELECT * FROM scheduled_readings WHERE id = ?', [id]);
    return row ? toScheduled(row) : undefined;
  }

  async getByEventId(discordEventId: string, q: SqlQueries = this.db): Promise<ScheduledReading | undefined> {
    const row = await q.get<ScheduledRow>('SELECT * FROM scheduled_readings WHERE discord_event_id = ?', [
      discordEventId,
    ]);
    return row ? toScheduled(row) : undefined;
  }

  async setEventId(id: number, discordEventId: string, q: SqlQueries = this.db): Promise<ScheduledReading> {
    await this.require(id, q);
    await q.run('UPDATE scheduled_readings SET discord_event_id = ? WHERE id = ?', [discordEventId, id]);
    return this.require(id, q);
  }

  /** Still-scheduled readings of the guild starting at or after `from` (default: now), soonest first. */
  async listUpcoming(
    guildId: string,
    from: Date = this.now(),
    q: SqlQueries = this.db,
  ): Promise<ScheduledReading[]> {
    const rows = await q.all<ScheduledRow>(
      `SELECT * FROM scheduled_readings WHERE guild_id = ? AND status = 'scheduled' AND starts_at >= ?
       ORDER BY starts_at, id`,
      [guildId, from.getTime()],
    );
    return rows.map(toScheduled);
  }

  /** Marks a scheduled reading cancelled or started; only a 'scheduled' one can change. */
  async setStatus(
    id: number,
    status: Exclude<ScheduledReadingStatus, 'scheduled'>,
    q: SqlQueries = this.db,
  ): Promise<ScheduledReading> {
    const { changes } = await q.run(
      "UPDATE scheduled_readings SET status = ? WHERE id = ? AND status = 'scheduled'",
      [status, id],
    );
    const reading = await this.require(id, q);
    if (changes === 0) throw new SessionError('invalid-input', `That reading is already ${reading.status}.`);
    return reading;
  }

  private async require(id: number, q: SqlQueries): Promise<ScheduledReading> {
    const reading = await this.get(id, q);
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
