/**
 * The schema, as an ordered list of steps. Never edit a shipped step: databases in the field have already
 * run it. Add a new one with the next version instead.
 */
export interface Migration {
  /** 1, 2, 3 … in order, without gaps. */
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'guild settings',
    sql: `
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      );
      -- The CHECK list is the style vocabulary (src/citations/vocabulary.ts) as shipped; a test holds them equal.
      CREATE TABLE guild_settings (
        guild_id TEXT PRIMARY KEY,
        citation_style TEXT CHECK (citation_style IN ('apa', 'mla', 'chicago', 'harvard', 'bibtex', 'ris')),
        moderator_role_id TEXT,
        time_zone TEXT,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'reading sessions',
    sql: `
      CREATE TABLE reading_sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        thread_id TEXT UNIQUE,
        document_id TEXT NOT NULL,
        title TEXT NOT NULL,
        passage_ids TEXT NOT NULL,
        pace INTEGER NOT NULL CHECK (pace >= 1),
        position INTEGER NOT NULL DEFAULT 0 CHECK (position >= 0),
        furthest_position INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
        minutes INTEGER CHECK (minutes IS NULL OR minutes >= 1),
        spoilers INTEGER NOT NULL CHECK (spoilers IN (0, 1)),
        started_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        last_advance_at INTEGER NOT NULL,
        ended_at INTEGER
      );
      -- One live (active or paused) session per channel, enforced by the database itself.
      CREATE UNIQUE INDEX reading_sessions_live_channel
        ON reading_sessions (guild_id, channel_id) WHERE status <> 'ended';
      CREATE INDEX reading_sessions_status ON reading_sessions (status);

      CREATE TABLE session_steps (
        session_id INTEGER NOT NULL REFERENCES reading_sessions (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        position INTEGER NOT NULL,
        shown_at INTEGER NOT NULL,
        shown_by TEXT,
        PRIMARY KEY (session_id, seq)
      );

      CREATE TABLE session_attendance (
        session_id INTEGER NOT NULL REFERENCES reading_sessions (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        joined_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, user_id)
      );

      CREATE TABLE session_notes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES reading_sessions (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        passage_id TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX session_notes_session ON session_notes (session_id, id);
    `,
  },
  {
    version: 3,
    name: 'scheduled readings',
    sql: `
      CREATE TABLE scheduled_readings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        guild_id TEXT NOT NULL,
        channel_id TEXT,
        document_id TEXT NOT NULL,
        from_passage_id TEXT NOT NULL,
        to_passage_id TEXT NOT NULL,
        starts_at INTEGER NOT NULL,
        time_zone TEXT NOT NULL,
        discord_event_id TEXT UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'started')),
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX scheduled_readings_guild ON scheduled_readings (guild_id, starts_at);
    `,
  },
  {
    version: 4,
    name: 'session outbox and applied interactions',
    sql: `
      -- A post that records a session's progress, written in the transaction that made the progress and
      -- marked sent only once Discord has accepted it. 'refused' keeps what Discord turned down for good.
      CREATE TABLE session_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES reading_sessions (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('step', 'paused', 'resumed', 'ended')),
        cause TEXT,
        position INTEGER NOT NULL,
        step_seq INTEGER,
        by_user TEXT,
        interaction_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'refused')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        created_at INTEGER NOT NULL,
        settled_at INTEGER
      );
      CREATE INDEX session_outbox_pending ON session_outbox (status, session_id, id);

      -- Each Discord interaction id changes state at most once, however often it is delivered.
      CREATE TABLE applied_interactions (
        interaction_id TEXT PRIMARY KEY,
        action TEXT NOT NULL,
        applied_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'server libraries',
    sql: `
      -- A reading a server added: its metadata and extracted passages (validated JSON) beside the original
      -- file, written in one transaction, so a crash leaves the whole reading or none of it.
      CREATE TABLE library_documents (
        guild_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        format TEXT NOT NULL,
        document_json TEXT NOT NULL,
        added_by TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, document_id),
        UNIQUE (guild_id, sha256)
      );
      CREATE TABLE library_files (
        guild_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        filename TEXT,
        content_type TEXT,
        bytes BLOB NOT NULL,
        PRIMARY KEY (guild_id, document_id),
        FOREIGN KEY (guild_id, document_id) REFERENCES library_documents (guild_id, document_id) ON DELETE CASCADE
      );
    `,
  },
  {
    version: 6,
    name: 'shared paging and post claims',
    sql: `
      -- What a paged reply was asked for, so Prev/Next works whichever process gets the click (HTTP mode
      -- runs several); disposable, hence the expiry.
      CREATE TABLE paging_requests (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        value_json TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX paging_requests_expiry ON paging_requests (expires_at);

      -- A post being sent is claimed by one process until then, so two never send the same post; a claim
      -- whose process died lapses.
      ALTER TABLE session_outbox ADD COLUMN claimed_by TEXT;
      ALTER TABLE session_outbox ADD COLUMN claimed_until INTEGER;
    `,
  },
  {
    version: 7,
    name: 'library revisions',
    sql: `
      -- Bumped in the transaction of every change to a server's library ('' is the shared data directory),
      -- so a process sharing the database sees in one read whether its view of a library is current.
      CREATE TABLE library_revisions (
        scope TEXT PRIMARY KEY,
        revision INTEGER NOT NULL
      );
      -- The library revision that last wrote the reading, so a refresh re-reads only what changed.
      ALTER TABLE library_documents ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
    `,
  },
];

/**
 * The same schema for Postgres, step for step: the same versions and names as MIGRATIONS (a test holds them
 * so), so a database of either engine at version N has the same tables. Times and counts are BIGINT (ms
 * since the epoch), flags 0/1, bytes BYTEA. `schema_migrations` is created by the runner, which takes an
 * advisory lock first, so hosts starting at once apply each step once.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'guild settings',
    sql: `
      CREATE TABLE guild_settings (
        guild_id TEXT PRIMARY KEY,
        citation_style TEXT CHECK (citation_style IN ('apa', 'mla', 'chicago', 'harvard', 'bibtex', 'ris')),
        moderator_role_id TEXT,
        time_zone TEXT,
        updated_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'reading sessions',
    sql: `
      CREATE TABLE reading_sessions (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        thread_id TEXT UNIQUE,
        document_id TEXT NOT NULL,
        title TEXT NOT NULL,
        passage_ids TEXT NOT NULL,
        pace BIGINT NOT NULL CHECK (pace >= 1),
        position BIGINT NOT NULL DEFAULT 0 CHECK (position >= 0),
        furthest_position BIGINT NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'ended')),
        minutes BIGINT CHECK (minutes IS NULL OR minutes >= 1),
        spoilers BIGINT NOT NULL CHECK (spoilers IN (0, 1)),
        started_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        last_advance_at BIGINT NOT NULL,
        ended_at BIGINT
      );
      CREATE UNIQUE INDEX reading_sessions_live_channel
        ON reading_sessions (guild_id, channel_id) WHERE status <> 'ended';
      CREATE INDEX reading_sessions_status ON reading_sessions (status);

      CREATE TABLE session_steps (
        session_id BIGINT NOT NULL REFERENCES reading_sessions (id) ON DELETE CASCADE,
        seq BIGINT NOT NULL,
        position BIGINT NOT NULL,
        shown_at BIGINT NOT NULL,
        shown_by TEXT,
        PRIMARY KEY (session_id, seq)
      );

      CREATE TABLE session_attendance (
        session_id BIGINT NOT NULL REFERENCES reading_sessions (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        joined_at BIGINT NOT NULL,
        PRIMARY KEY (session_id, user_id)
      );

      CREATE TABLE session_notes (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        session_id BIGINT NOT NULL REFERENCES reading_sessions (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        passage_id TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX session_notes_session ON session_notes (session_id, id);
    `,
  },
  {
    version: 3,
    name: 'scheduled readings',
    sql: `
      CREATE TABLE scheduled_readings (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        guild_id TEXT NOT NULL,
        channel_id TEXT,
        document_id TEXT NOT NULL,
        from_passage_id TEXT NOT NULL,
        to_passage_id TEXT NOT NULL,
        starts_at BIGINT NOT NULL,
        time_zone TEXT NOT NULL,
        discord_event_id TEXT UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('scheduled', 'cancelled', 'started')),
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX scheduled_readings_guild ON scheduled_readings (guild_id, starts_at);
    `,
  },
  {
    version: 4,
    name: 'session outbox and applied interactions',
    sql: `
      CREATE TABLE session_outbox (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        session_id BIGINT NOT NULL REFERENCES reading_sessions (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('step', 'paused', 'resumed', 'ended')),
        cause TEXT,
        position BIGINT NOT NULL,
        step_seq BIGINT,
        by_user TEXT,
        interaction_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'refused')),
        attempts BIGINT NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        last_error TEXT,
        created_at BIGINT NOT NULL,
        settled_at BIGINT
      );
      CREATE INDEX session_outbox_pending ON session_outbox (status, session_id, id);

      CREATE TABLE applied_interactions (
        interaction_id TEXT PRIMARY KEY,
        action TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'server libraries',
    sql: `
      CREATE TABLE library_documents (
        guild_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        format TEXT NOT NULL,
        document_json TEXT NOT NULL,
        added_by TEXT NOT NULL,
        added_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (guild_id, document_id),
        UNIQUE (guild_id, sha256)
      );
      CREATE TABLE library_files (
        guild_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        filename TEXT,
        content_type TEXT,
        bytes BYTEA NOT NULL,
        PRIMARY KEY (guild_id, document_id),
        FOREIGN KEY (guild_id, document_id) REFERENCES library_documents (guild_id, document_id) ON DELETE CASCADE
      );
    `,
  },
  {
    version: 6,
    name: 'shared paging and post claims',
    sql: `
      CREATE TABLE paging_requests (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        value_json TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX paging_requests_expiry ON paging_requests (expires_at);

      ALTER TABLE session_outbox ADD COLUMN claimed_by TEXT;
      ALTER TABLE session_outbox ADD COLUMN claimed_until BIGINT;
    `,
  },
  {
    version: 7,
    name: 'library revisions',
    sql: `
      CREATE TABLE library_revisions (
        scope TEXT PRIMARY KEY,
        revision BIGINT NOT NULL
      );
      ALTER TABLE library_documents ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
    `,
  },
];
