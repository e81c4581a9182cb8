import { IANAZone } from 'luxon';
import { isStyleChoice, STYLE_CHOICES, type StyleChoice } from '../citations/vocabulary.js';
import { UserError } from '../errors.js';
import type { SqlDatabase, SqlQueries } from './sql.js';

/** What a guild has chosen; null means "not set", and the caller applies its own default (APA, UTC). */
export interface GuildSettings {
  guildId: string;
  citationStyle: StyleChoice | null;
  moderatorRoleId: string | null;
  /** An IANA zone such as "Europe/Berlin", used to read and show scheduled times. */
  timeZone: string | null;
}

/** Fields to change; `null` clears a setting, an absent key leaves it as it is. */
export type GuildSettingsPatch = Partial<Omit<GuildSettings, 'guildId'>>;

/** A refused change; `message` is written for the moderator, `field` names the setting. */
export class SettingsError extends UserError {
  override name = 'SettingsError';
  constructor(
    readonly field: keyof GuildSettingsPatch,
    message: string,
  ) {
    super(message, 'invalid-input');
  }
}

/** The zone's canonical IANA name ("europe/berlin" → "Europe/Berlin"), or undefined when it is not one. */
export function normalizeTimeZone(name: string): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '' || !IANAZone.isValidZone(trimmed)) return undefined;
  return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
}

interface SettingsRow {
  guild_id: string;
  citation_style: string | null;
  moderator_role_id: string | null;
  time_zone: string | null;
}

/**
 * Per-guild settings. Every read and write is keyed by guild id, so guilds never see each other's choices.
 * Nothing is cached: a reply that cites in the server's style reads the row by its primary key, so a change
 * made by any process or host shows at once.
 */
export class SettingsStore {
  constructor(
    private readonly sql: SqlDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(guildId: string, q: SqlQueries = this.sql): Promise<GuildSettings> {
    const row = await q.get<SettingsRow>(
      'SELECT guild_id, citation_style, moderator_role_id, time_zone FROM guild_settings WHERE guild_id = ?',
      [guildId],
    );
    if (!row) return { guildId, citationStyle: null, moderatorRoleId: null, timeZone: null };
    return {
      guildId,
      citationStyle:
        row.citation_style !== null && isStyleChoice(row.citation_style) ? row.citation_style : null,
      moderatorRoleId: row.moderator_role_id,
      timeZone: row.time_zone,
    };
  }

  /**
   * Validates and applies the patch in one transaction; throws SettingsError naming the bad field. Given a
   * transaction's queries (`q`), it runs inside that one (as a savepoint), so the caller's other writes
   * commit or roll back with it.
   */
  async update(guildId: string, patch: GuildSettingsPatch, q: SqlQueries = this.sql): Promise<GuildSettings> {
    const clean = validatePatch(patch);
    return q.transaction(async (tx) => {
      const merged = { ...(await this.get(guildId, tx)), ...clean };
      await tx.run(
        `INSERT INTO guild_settings (guild_id, citation_style, moderator_role_id, time_zone, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (guild_id) DO UPDATE SET citation_style = excluded.citation_style,
           moderator_role_id = excluded.moderator_role_id, time_zone = excluded.time_zone,
           updated_at = excluded.updated_at`,
        [guildId, merged.citationStyle, merged.moderatorRoleId, merged.timeZone, this.now().getTime()],
      );
      return this.get(guildId, tx);
    });
  }

  /** Forgets every setting of the guild (e.g. when the bot leaves it). */
  async reset(guildId: string): Promise<void> {
    await this.sql.run('DELETE FROM guild_settings WHERE guild_id = ?', [guildId]);
  }
}

function validatePatch(patch: GuildSettingsPatch): GuildSettingsPatch {
  const clean: GuildSettingsPatch = {};
  if (patch.citationStyle !== undefined) {
    if (patch.citationStyle !== null && !isStyleChoice(patch.citationStyle)) {
      throw new SettingsError(
        'citationStyle',
        `Unknown citation style "${patch.citationStyle}". Choose one of: ${STYLE_CHOICES.join(', ')}.`,
      );
    }
    clean.citationStyle = patch.citationStyle;
  }
  if (patch.moderatorRoleId !== undefined) {
    if (patch.moderatorRoleId !== null && !/^\d{1,20}$/.test(patch.moderatorRoleId)) {
      throw new SettingsError('moderatorRoleId', `"${patch.moderatorRoleId}" is not a Discord role id.`);
    }
    clean.moderatorRoleId = patch.moderatorRoleId;
  }
  if (patch.timeZone !== undefined) {
    if (patch.timeZone === null) {
      clean.timeZone = null;
    } else {
      const zone = normalizeTimeZone(patch.timeZone);
      if (!zone) {
        throw new SettingsError(
          'timeZone',
          `"${patch.timeZone}" is not an IANA time zone. Use a name such as "Europe/Berlin" or "America/New_York".`,
        );
      }
      clean.timeZone = zone;
    }
  }
  return clean;
}
