import pg from 'pg';
import { SchemaVersionError } from './db.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { applyPostgresMigrations, quoteIdentifier, WRITE_LOCK_KEY } from './postgres-migrate.js';
import {
  SqlConstraintError,
  type SqlDatabase,
  type SqlDialect,
  type SqlParams,
  type SqlQueries,
  type SqlRunResult,
  type SqlTransactionOptions,
} from './sql.js';

const POSTGRES_DIALECT: SqlDialect = { forUpdateSkipLocked: ' FOR UPDATE SKIP LOCKED' };

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * Times are BIGINT ms and counts are BIGINT; node-postgres hands both back as strings, to be safe past 2^53.
 * Lectern's never get near it, so they come back as numbers, as SQLite's do.
 */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  url: string;
  /** The schema Lectern's tables live in (created if missing); default `public`. Tests use one each. */
  schema?: string;
  /** Connections per process (default 10). */
  poolSize?: number;
  /** Told of a connection that failed while idle; the pool replaces it. */
  onConnectionError?: (error: Error) => void;
  /** How long to wait between attempts to listen again after the listening connection is lost. */
  listenRetryMs?: number;
}

/**
 * The engine for several hosts: a pool of node-postgres connections to one server. Every write transaction
 * takes one advisory lock per schema, so transactions from any host apply one after another, as SQLite's
 * BEGIN IMMEDIATE makes them on one machine; reads take no lock.
 */
export class PostgresDatabase implements SqlDatabase {
  readonly engine = 'postgres' as const;
  readonly dialect = POSTGRES_DIALECT;
  readonly location: string;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private closed = false;
  private readonly listeners = new Set<{ stop(): Promise<void> }>();

  private constructor(private readonly options: PostgresOptions) {
    this.schema = options.schema ?? 'public';
    this.location = withoutPassword(options.url);
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      types: TYPES,
      options: `-c search_path=${quoteIdentifier(this.schema)}`,
    });
    this.pool.on('error', (error) => options.onConnectionError?.(error));
  }

  /** Connects, creates the schema if needed and applies pending migrations (one host at a time). */
  static async open(options: PostgresOptions): Promise<PostgresDatabase> {
    const database = new PostgresDatabase(options);
    try {
      await applyPostgresMigrations(database.pool, database.schema, database.location, POSTGRES_MIGRATIONS);
    } catch (error) {
      await database.close();
      throw error instanceof SchemaVersionError ? error : explainConnectFailure(database.location, error);
    }
    return database;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  async get<Row>(sql: string, params: SqlParams = []): Promise<Row | undefined> {
    return (await query<Row>(this.pool, sql, params)).rows[0];
  }

  async all<Row>(sql: string, params: SqlParams = []): Promise<Row[]> {
    return (await query<Row>(this.pool, sql, params)).rows;
  }

  async run(sql: string, params: SqlParams = []): Promise<SqlRunResult> {
    return { changes: (await query(this.pool, sql, params)).rowCount ?? 0 };
  }

  async transaction<T>(
    work: (tx: SqlQueries) => Promise<T>,
    options: SqlTransactionOptions = {},
  ): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // The pool stops listening to a client it has lent out: a connection lost mid-transaction (a server
    // restart, a failover) would otherwise be an 'error' nobody handles, which ends the process.
    const onConnectionLost = () => {
      broken = true;
    };
    client.on('error', onConnectionLost);
    try {
      await client.query('BEGIN');
      if (options.disposable) {
        await client.query('SET LOCAL synchronous_commit = off');
      } else {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [WRITE_LOCK_KEY]);
      }
      const result = await work(clientQueries(client, { savepoints: 0 }));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.off('error', onConnectionLost);
      // A connection that failed mid-transaction is destroyed, not handed to the next caller.
      client.release(broken);
    }
  }

  async notify(channel: string, payload: string, tx?: SqlQueries): Promise<void> {
    await (tx ?? this).get('SELECT pg_notify(?, ?)', [this.channelName(channel), payload]);
  }

  async listen(
    channel: string,
    onNotification: (payload: string) => void,
    onGap: () => void,
  ): Promise<() => Promise<void>> {
    const name = this.channelName(channel);
    const retryMs = this.options.listenRetryMs ?? 500;
    let client: pg.Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const connect = async (): Promise<void> => {
      // Keep-alive, so a connection cut without a word (a half-open TCP link) is noticed and replaced.
      const next = new pg.Client({ connectionString: this.options.url, types: TYPES, keepAlive: true });
      next.on('notification', (message) => {
        if (message.channel === name) onNotification(message.payload ?? '');
      });
      next.on('error', () => {
        // 'end' follows and schedules the reconnect.
      });
      next.on('end', () => {
        if (stopped || client !== next) return;
        client = undefined;
        scheduleReconnect();
      });
      try {
        await next.connect();
        await next.query(`LISTEN ${quoteIdentifier(name)}`);
      } catch (error) {
        await next.end().catch(() => {});
        throw error;
      }
      // Stopped while connecting: this connection is not wanted.
      if (stopped) {
        await next.end().catch(() => {});
        return;
      }
      client = next;
    };
    const scheduleReconnect = () => {
      if (stopped) return;
      retry = setTimeout(() => {
        connect().then(
          // What was sent while nobody listened is lost: the listener reads what it missed.
          () => {
            if (!stopped) onGap();
          },
          () => scheduleReconnect(),
        );
      }, retryMs);
      retry.unref();
    };
    await connect();
    const listener = {
      stop: async () => {
        stopped = true;
        clearTimeout(retry);
        this.listeners.delete(listener);
        const current = client;
        client = undefined;
        await current?.end().catch(() => {});
      },
    };
    this.listeners.add(listener);
    return listener.stop;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.listeners].map((listener) => listener.stop()));
    await this.pool.end();
  }

  /** Notification channels are per server, not per schema: the schema keeps two Lecterns on one server apart. */
  private channelName(channel: string): string {
    return `lectern.${this.schema}.${channel}`.slice(0, 63);
  }
}

function clientQueries(client: pg.PoolClient, depth: { savepoints: number }): SqlQueries {
  const queries: SqlQueries = {
    get: async <Row>(sql: string, params: SqlParams = []) => (await query<Row>(client, sql, params)).rows[0],
    all: async <Row>(sql: string, params: SqlParams = []) => (await query<Row>(client, sql, params)).rows,
    run: async (sql: string, params: SqlParams = []) => ({
      changes: (await query(client, sql, params)).rowCount ?? 0,
    }),
    transaction: async <T>(work: (tx: SqlQueries) => Promise<T>): Promise<T> => {
      const name = `lectern_${++depth.savepoints}`;
      await client.query(`SAVEPOINT ${name}`);
      try {
        const result = await work(queries);
        await client.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await client.query(`ROLLBACK TO SAVEPOINT ${name}`);
        await client.query(`RELEASE SAVEPOINT ${name}`);
        throw error;
      }
    },
  };
  return queries;
}

const numbered = new Map<string, { name: string; text: string }>();

/**
 * Runs one statement as a named prepared statement: the `?`s numbered once per SQL text, and each connection
 * parses and plans a text once.
 */
async function query<Row>(
  target: pg.Pool | pg.PoolClient,
  sql: string,
  params: SqlParams,
): Promise<pg.QueryResult & { rows: Row[] }> {
  let prepared = numbered.get(sql);
  if (!prepared) {
    prepared = { name: `lectern_${numbered.size + 1}`, text: numberPlaceholders(sql) };
    numbered.set(sql, prepared);
  }
  try {
    return (await target.query({
      name: prepared.name,
      text: prepared.text,
      // Flags are 0/1 integers on both engines; node-postgres would send a boolean as 'true'.
      values: params.map((value) => (typeof value === 'boolean' ? Number(value) : value)),
    })) as pg.QueryResult & { rows: Row[] };
  } catch (error) {
    throw translated(error);
  }
}

/** `?` → `$1, $2 …`, leaving quoted strings and identifiers alone. */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let index = 0;
  let quote: string | undefined;
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = undefined;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '?') {
      out += `$${++index}`;
    } else {
      out += char;
    }
  }
  return out;
}

const CONSTRAINT_CODES: Record<string, SqlConstraintError['kind']> = {
  '23505': 'unique',
  '23503': 'foreign-key',
  '23514': 'check',
  '23502': 'not-null',
};

function translated(error: unknown): unknown {
  const kind = CONSTRAINT_CODES[(error as { code?: string }).code ?? ''];
  return kind ? new SqlConstraintError((error as Error).message, kind, { cause: error }) : error;
}

/** The server cannot be reached or refuses Lectern: said by name, with the URL masked, not as a stack trace. */
export class DatabaseConnectError extends Error {
  override name = 'DatabaseConnectError';
}

const CONNECT_REMEDIES: Record<string, string> = {
  ECONNREFUSED: 'nothing answers there: is the Postgres server running, and on that host and port?',
  ENOTFOUND: 'that host name does not resolve',
  ETIMEDOUT: 'the server did not answer in time (a firewall, or the wrong host)',
  '28P01': 'the password was refused',
  '28000': 'the server does not let this user connect from here (pg_hba.conf)',
  '3D000': 'that database does not exist: create it first (CREATE DATABASE)',
  '42501': 'the user may not create tables there: grant it CREATE on the database or schema',
};

function explainConnectFailure(location: string, error: unknown): unknown {
  const code = String((error as { code?: unknown }).code ?? '');
  const remedy = CONNECT_REMEDIES[code];
  if (!remedy) return error;
  return new DatabaseConnectError(`DATABASE_URL=${location}: ${remedy} (${code}).`, { cause: error });
}

/** URL parameters that carry a credential (`password=`, `sslpassword=`, `sslkey=` …). */
const SECRET_PARAMETER = /password|secret|key$/i;

/** The URL as it may be logged: no password, neither in its user part nor as a `password=` parameter. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAMETER.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return 'postgres (an unparsable DATABASE_URL)';
  }
}

/** The secrets a DATABASE_URL carries (its password, in either place), for the logger to mask anywhere. */
export function secretsOfDatabaseUrl(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const parsed = new URL(url);
    return [
      decodeURIComponent(parsed.password),
      parsed.password,
      ...[...parsed.searchParams].filter(([key]) => SECRET_PARAMETER.test(key)).map(([, value]) => value),
    ].filter((secret) => secret.length > 0);
  } catch {
    return [];
  }
}
