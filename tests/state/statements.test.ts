import { describe, expect, it, vi } from 'vitest';
import { SessionStore } from '../../src/sessions/store.js';
import { openDatabase, SettingsStore } from '../../src/state/index.js';
import { openSqlite } from '../../src/state/sqlite.js';

// better-sqlite3 compiles the SQL on every prepare; the reads every reply makes prepare once per store.
describe('per-reply reads prepare their statement once', () => {
  it('settings by guild, and a change still shows on the next read', () => {
    const db = openDatabase(':memory:');
    const settings = new SettingsStore(db);
    const prepare = vi.spyOn(db, 'prepare');
    for (let round = 0; round < 5; round++) settings.get('g1');
    expect(prepare).toHaveBeenCalledTimes(1);
    settings.update('g1', { citationStyle: 'mla' });
    prepare.mockClear();
    for (let round = 0; round < 5; round++) expect(settings.get('g1').citationStyle).toBe('mla');
    expect(prepare).toHaveBeenCalledTimes(0);
  });

  // SQLite only: the engine's statement cache (Postgres prepares each named statement once per connection).
  it('the session of a thread', async () => {
    const db = openSqlite(':memory:');
    const sessions = new SessionStore(db);
    const prepare = vi.spyOn(db.connection, 'prepare');
    for (let round = 0; round < 5; round++) expect(await sessions.getByThread('t1')).toBeUndefined();
    expect(prepare).toHaveBeenCalledTimes(1);
    await db.close();
  });
});
