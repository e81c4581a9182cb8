import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionStore } from '../../src/sessions/store.js';
import { SettingsStore } from '../../src/state/index.js';
import { closeTestDatabases, openTestDatabase, sqliteConnection } from '../support/engines.js';

afterEach(closeTestDatabases);

// better-sqlite3 compiles the SQL on every prepare; the reads every reply makes prepare once per store.
// SQLite only: the Postgres engine names one prepared statement per SQL text, which each connection parses
// once (src/state/postgres.ts), so what a store could get wrong there, a new SQL text per read, shows here.
describe('per-reply reads prepare their statement once', () => {
  it('settings by guild, and a change still shows on the next read', async () => {
    const sql = await openTestDatabase('sqlite');
    const settings = new SettingsStore(sql);
    const prepare = vi.spyOn(sqliteConnection(sql), 'prepare');
    for (let round = 0; round < 5; round++) await settings.get('g1');
    expect(prepare).toHaveBeenCalledTimes(1);
    await settings.update('g1', { citationStyle: 'mla' });
    prepare.mockClear();
    for (let round = 0; round < 5; round++) expect((await settings.get('g1')).citationStyle).toBe('mla');
    expect(prepare).toHaveBeenCalledTimes(0);
  });

  // SQLite only: the engine's statement cache (Postgres prepares each named statement once per connection).
  it('the session of a thread', async () => {
    const sql = await openTestDatabase('sqlite');
    const sessions = new SessionStore(sql);
    const prepare = vi.spyOn(sqliteConnection(sql), 'prepare');
    for (let round = 0; round < 5; round++) expect(await sessions.getByThread('t1')).toBeUndefined();
    expect(prepare).toHaveBeenCalledTimes(1);
  });
});
