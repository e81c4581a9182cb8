import { describe, expect, it } from 'vitest';
import { SchemaVersionError } from '../../src/state/db.js';
import { MIGRATIONS, POSTGRES_MIGRATIONS } from '../../src/state/migrations.js';
import { numberPlaceholders, PostgresDatabase } from '../../src/state/postgres.js';
import { SqlConstraintError, type SqlDatabase } from '../../src/state/sql.js';
import {
  describeEachEngine,
  handleOf,
  openAgain,
  openTestDatabase,
  sqliteConnection,
} from '../support/engines.js';

const scratch = async (database: SqlDatabase) => {
  await database.run(
    'CREATE TABLE scratch (id TEXT PRIMARY KEY, n BIGINT NOT NULL, bytes BYTEA)'.replace(
      'BYTEA',
      database.engine === 'sqlite' ? 'BLOB' : 'BYTEA',
    ),
  );
};

describe('the two schemas', () => {
  it('have the same steps, in order, under the same names', () => {
    expect(POSTGRES_MIGRATIONS.map(({ version, name }) => ({ version, name }))).toEqual(
      MIGRATIONS.map(({ version, name }) => ({ version, name })),
    );
  });

  it('numbers placeholders outside quotes only', () => {
    expect(numberPlaceholders(`SELECT '?' AS "a?", ? , x = ?`)).toBe(`SELECT '?' AS "a?", $1 , x = $2`);
  });
});

describeEachEngine('the storage interface', (engine) => {
  it('gets, lists and changes rows with ? placeholders, numbers for big integers and Buffers for bytes', async () => {
    const database = await openTestDatabase(engine);
    await scratch(database);
    const inserted = await database.run('INSERT INTO scratch (id, n, bytes) VALUES (?, ?, ?), (?, ?, ?)', [
      'a',
      Date.UTC(2026, 0, 1),
      Buffer.from([0, 255, 1]),
      'b',
      2,
      null,
    ]);
    expect(inserted.changes).toBe(2);
    const row = await database.get<{ id: string; n: number; bytes: Buffer }>(
      'SELECT id, n, bytes FROM scratch WHERE id = ?',
      ['a'],
    );
    expect(row?.n).toBe(Date.UTC(2026, 0, 1));
    expect(Buffer.from(row?.bytes ?? []).equals(Buffer.from([0, 255, 1]))).toBe(true);
    const counted = await database.get<{ count: number }>('SELECT COUNT(*) AS count FROM scratch');
    expect(counted?.count).toBe(2);
    expect(await database.get('SELECT id FROM scratch WHERE id = ?', ['missing'])).toBeUndefined();
    expect(
      (await database.all<{ id: string }>('SELECT id FROM scratch ORDER BY id')).map((r) => r.id),
    ).toEqual(['a', 'b']);
    const camel = await database.get<{ rowCount: number }>(
      'SELECT n AS "rowCount" FROM scratch WHERE id = ?',
      ['b'],
    );
    expect(camel).toEqual({ rowCount: 2 });
  });

  it('upserts with ON CONFLICT and reports what it changed; RETURNING gives the row', async () => {
    const database = await openTestDatabase(engine);
    await scratch(database);
    const upsert = 'INSERT INTO scratch (id, n) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET n = excluded.n';
    await database.run(upsert, ['a', 1]);
    await database.run(upsert, ['a', 5]);
    expect((await database.get<{ n: number }>('SELECT n FROM scratch WHERE id = ?', ['a']))?.n).toBe(5);
    const ignored = await database.run(
      'INSERT INTO scratch (id, n) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
      ['a', 9],
    );
    expect(ignored.changes).toBe(0);
    const returned = await database.get<{ n: number }>(
      'UPDATE scratch SET n = n + 1 WHERE id = ? RETURNING n',
      ['a'],
    );
    expect(returned?.n).toBe(6);
    expect((await database.run('UPDATE scratch SET n = 0 WHERE id = ? RETURNING id', ['a'])).changes).toBe(1);
  });

  it('names a unique violation the same way on both engines', async () => {
    const database = await openTestDatabase(engine);
    await scratch(database);
    await database.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['a', 1]);
    const failure = await database.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['a', 2]).catch((e) => e);
    expect(failure).toBeInstanceOf(SqlConstraintError);
    expect((failure as SqlConstraintError).kind).toBe('unique');
  });

  it('commits a transaction that resolves and rolls back one that throws; a savepoint fails alone', async () => {
    const database = await openTestDatabase(engine);
    await scratch(database);
    await database.transaction(async (tx) => {
      await tx.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['kept', 1]);
      await tx
        .transaction(async (inner) => {
          await inner.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['inner', 1]);
          throw new Error('inner fails');
        })
        .catch(() => {});
    });
    await expect(
      database.transaction(async (tx) => {
        await tx.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['lost', 1]);
        throw new Error('outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(
      (await database.all<{ id: string }>('SELECT id FROM scratch ORDER BY id')).map((r) => r.id),
    ).toEqual(['kept']);
  });

  it('applies concurrent read-then-write transactions one after another, from two connections', async () => {
    const first = await openTestDatabase(engine, { onDisk: true });
    await scratch(first);
    await first.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['counter', 0]);
    const second = await openAgain(first);
    const increment = (database: SqlDatabase) =>
      database.transaction(async (tx) => {
        const row = await tx.get<{ n: number }>('SELECT n FROM scratch WHERE id = ?', ['counter']);
        // A yield between the read and the write: without the write lock, another increment would read the
        // same value here and one of the two would be lost.
        await new Promise((resolve) => setTimeout(resolve, 1));
        await tx.run('UPDATE scratch SET n = ? WHERE id = ?', [(row?.n ?? 0) + 1, 'counter']);
      });
    await Promise.all(Array.from({ length: 20 }, (_, index) => increment(index % 2 ? first : second)));
    expect((await first.get<{ n: number }>('SELECT n FROM scratch WHERE id = ?', ['counter']))?.n).toBe(20);
  });

  it('lets a query outside a transaction wait for it rather than join it', async () => {
    const database = await openTestDatabase(engine);
    await scratch(database);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writing = database.transaction(async (tx) => {
      await tx.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['pending', 1]);
      await held;
      throw new Error('rolled back');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const reading = database.get('SELECT id FROM scratch WHERE id = ?', ['pending']);
    release();
    await expect(writing).rejects.toThrow('rolled back');
    expect(await reading).toBeUndefined();
  });

  it('keeps a write that waited outside a transaction out of the transaction queued before it', async () => {
    const database = await openTestDatabase(engine);
    await scratch(database);
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const first = database.transaction(async () => {
      await firstHeld;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Queued behind the first: a transaction that writes, waits, and rolls back; then a plain write.
    const rolledBack = database.transaction(async (tx) => {
      await tx.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['rolled back', 1]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('rolled back');
    });
    const plain = database.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['plain', 2]);
    releaseFirst();
    await first;
    await expect(rolledBack).rejects.toThrow('rolled back');
    await plain;
    expect(
      (await database.all<{ id: string }>('SELECT id FROM scratch ORDER BY id')).map((r) => r.id),
    ).toEqual(['plain']);
  });

  it('commits a disposable transaction like any other, and leaves the next one durable', async () => {
    const database = await openTestDatabase(engine, { onDisk: true });
    await scratch(database);
    await database.transaction((tx) => tx.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['page', 1]), {
      disposable: true,
    });
    const other = await openAgain(database);
    expect(await other.get('SELECT id FROM scratch WHERE id = ?', ['page'])).toEqual({ id: 'page' });
    // SQLite: the relaxed sync is for that transaction only (FULL = 2), so session state stays durable.
    if (engine === 'sqlite')
      expect(sqliteConnection(database).pragma('synchronous', { simple: true })).toBe(2);
    // Postgres: synchronous_commit was SET LOCAL, so it ended with the transaction.
    if (engine === 'postgres') {
      const setting = await database.transaction((tx) =>
        tx.get<{ synchronous_commit: string }>('SHOW synchronous_commit'),
      );
      expect(setting?.synchronous_commit).not.toBe('off');
    }
  });

  it('refuses a database written by a newer Lectern', async () => {
    const database = await openTestDatabase(engine, { onDisk: true });
    const newest = MIGRATIONS.length;
    if (engine === 'sqlite') {
      await database.run(`PRAGMA user_version = ${newest + 1}`);
    } else {
      await database.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        newest + 1,
        'from the future',
        0,
      ]);
    }
    await database.close();
    await expect(openAgain(database)).rejects.toBeInstanceOf(SchemaVersionError);
  });
});

describe('the Postgres engine', () => {
  it('migrates once when several hosts open a fresh schema at the same moment', async () => {
    const first = await openTestDatabase('postgres');
    const { url, schema } = handleOf(first);
    await first.run('DROP SCHEMA IF EXISTS "fresh_' + (schema ?? '') + '" CASCADE');
    const fresh = `fresh_${schema}`;
    const hosts = await Promise.all(
      Array.from({ length: 4 }, () => PostgresDatabase.open({ url: url ?? '', schema: fresh, poolSize: 2 })),
    );
    try {
      const applied = await hosts[0]?.all<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(applied?.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    } finally {
      await Promise.all(hosts.map((host) => host.close()));
      await first.run(`DROP SCHEMA "${fresh}" CASCADE`);
      await first.close();
    }
  });

  it('delivers a notification after its transaction commits, never for one rolled back, and reports a gap', async () => {
    const sender = await openTestDatabase('postgres');
    const receiver = (await openAgain(sender)) as PostgresDatabase;
    const received: string[] = [];
    let gaps = 0;
    const stop = await receiver.listen(
      'library',
      (payload) => received.push(payload),
      () => {
        gaps += 1;
      },
    );
    try {
      await sender.transaction(async (tx) => {
        await sender.notify('library', 'committed', tx);
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(received).toEqual([]);
      });
      await sender
        .transaction(async (tx) => {
          await sender.notify('library', 'rolled back', tx);
          throw new Error('no');
        })
        .catch(() => {});
      await waitFor(() => received.length >= 1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received).toEqual(['committed']);

      // The listening connection dies (a Postgres restart, a network cut): it comes back and says so.
      // Only this test's listener: other suites on the same server have listeners of their own.
      await sender.run('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = ?', [
        `LISTEN "lectern.${handleOf(sender).schema}.library"`,
      ]);
      await waitFor(() => gaps === 1);
      await sender.notify('library', 'after the gap');
      await waitFor(() => received.includes('after the gap'));
    } finally {
      await stop();
      await sender.close();
      await receiver.close();
    }
  });
});

describe('the Postgres engine, when connections fail', () => {
  it('rejects a transaction whose connection is killed mid-way, without an uncaught error, and keeps working', async () => {
    const database = await openTestDatabase('postgres');
    await scratch(database);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const killed = database.transaction(async (tx) => {
        await tx.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['lost', 1]);
        const { pid } = (await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid')) ?? { pid: 0 };
        const killer = await openAgain(database);
        await killer.get('SELECT pg_terminate_backend(?)', [pid]);
        await killer.close();
        await tx.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['after', 2]);
      });
      await expect(killed).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(uncaught).toEqual([]);
      // The broken connection was not handed back: the next transaction gets a good one.
      await database.transaction((tx) => tx.run('INSERT INTO scratch (id, n) VALUES (?, ?)', ['next', 3]));
      expect(
        (await database.all<{ id: string }>('SELECT id FROM scratch ORDER BY id')).map((r) => r.id),
      ).toEqual(['next']);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('leaves no listening connection behind when closed while it reconnects', async () => {
    const database = (await openTestDatabase('postgres')) as PostgresDatabase;
    const observer = await openTestDatabase('postgres');
    const channel = `LISTEN "lectern.${handleOf(database).schema}.library"`;
    const listening = async () =>
      (
        await observer.get<{ n: number }>('SELECT COUNT(*) AS n FROM pg_stat_activity WHERE query = ?', [
          channel,
        ])
      )?.n ?? 0;
    let gaps = 0;
    await database.listen(
      'library',
      () => {},
      () => {
        gaps += 1;
      },
    );
    expect(await listening()).toBe(1);
    await observer.get('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = ?', [channel]);
    // Closed inside the reconnect window (the retry waits half a second), before the retry.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await database.close();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await listening()).toBe(0);
    expect(gaps).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
