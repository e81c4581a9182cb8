import { expect, it } from 'vitest';
import { STYLE_CHOICES } from '../../src/citations/vocabulary.js';
import {
  AlreadyApplied,
  applyOnce,
  SettingsError,
  SettingsStore,
  SqlConstraintError,
} from '../../src/state/index.js';
import { describeEachEngine, openAgain, openTestDatabase } from '../support/engines.js';

describeEachEngine('SettingsStore', (engine) => {
  it("the database accepts exactly the style vocabulary's choices", async () => {
    const sql = await openTestDatabase(engine);
    const insert = (guildId: string, style: string) =>
      sql.run('INSERT INTO guild_settings (guild_id, citation_style, updated_at) VALUES (?, ?, 0)', [
        guildId,
        style,
      ]);
    for (const [index, style] of STYLE_CHOICES.entries()) await insert(`g${index}`, style);
    const refused = await insert('gx', 'vancouver').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SqlConstraintError);
    expect((refused as SqlConstraintError).kind).toBe('check');
  });

  it('starts with nothing set', async () => {
    const settings = new SettingsStore(await openTestDatabase(engine));
    expect(await settings.get('g1')).toEqual({
      guildId: 'g1',
      citationStyle: null,
      moderatorRoleId: null,
      timeZone: null,
    });
  });

  it('keeps each guild separate', async () => {
    const settings = new SettingsStore(await openTestDatabase(engine));
    await settings.update('g1', { citationStyle: 'mla', moderatorRoleId: '123', timeZone: 'Europe/Berlin' });
    await settings.update('g2', { citationStyle: 'bibtex' });
    expect(await settings.get('g1')).toMatchObject({
      citationStyle: 'mla',
      moderatorRoleId: '123',
      timeZone: 'Europe/Berlin',
    });
    expect(await settings.get('g2')).toMatchObject({
      citationStyle: 'bibtex',
      moderatorRoleId: null,
      timeZone: null,
    });
    await settings.reset('g2');
    expect((await settings.get('g2')).citationStyle).toBeNull();
    expect((await settings.get('g1')).citationStyle).toBe('mla');
  });

  it('patches only the given fields and clears with null', async () => {
    const settings = new SettingsStore(await openTestDatabase(engine));
    await settings.update('g1', { citationStyle: 'chicago', timeZone: 'Asia/Seoul' });
    expect(await settings.update('g1', { moderatorRoleId: '42' })).toMatchObject({
      citationStyle: 'chicago',
      timeZone: 'Asia/Seoul',
      moderatorRoleId: '42',
    });
    expect((await settings.update('g1', { citationStyle: null })).citationStyle).toBeNull();
    expect((await settings.get('g1')).timeZone).toBe('Asia/Seoul');
  });

  it('validates style, role id and time zone, naming the field and changing nothing', async () => {
    const settings = new SettingsStore(await openTestDatabase(engine));
    await settings.update('g1', { citationStyle: 'apa' });
    const attempt = (patch: Parameters<SettingsStore['update']>[1]) =>
      settings.update('g1', patch).then(
        () => undefined,
        (error: unknown) => error,
      );
    // biome-ignore lint/suspicious/noExplicitAny: deliberately passing a value the type forbids
    const badStyle = await attempt({ citationStyle: 'vancouver' as any, timeZone: 'UTC' });
    expect(badStyle).toBeInstanceOf(SettingsError);
    expect((badStyle as SettingsError).field).toBe('citationStyle');
    expect(((await attempt({ timeZone: 'Mars/Olympus_Mons' })) as SettingsError).field).toBe('timeZone');
    expect(((await attempt({ moderatorRoleId: '<@&12>' })) as SettingsError).field).toBe('moderatorRoleId');
    expect(await settings.get('g1')).toMatchObject({
      citationStyle: 'apa',
      timeZone: null,
      moderatorRoleId: null,
    });
  });

  it('stores the canonical spelling of a time zone', async () => {
    const settings = new SettingsStore(await openTestDatabase(engine));
    expect((await settings.update('g1', { timeZone: 'america/new_york' })).timeZone).toBe('America/New_York');
  });

  it("an update inside a caller's transaction commits with it, rolls back with it, and happens once per interaction", async () => {
    const sql = await openTestDatabase(engine);
    const settings = new SettingsStore(sql);
    await applyOnce(sql, 'i1', 'settings', (tx) => settings.update('g1', { citationStyle: 'mla' }, tx));
    expect((await settings.get('g1')).citationStyle).toBe('mla');
    // The redelivery is refused and changes nothing.
    await expect(
      applyOnce(sql, 'i1', 'settings', (tx) => settings.update('g1', { citationStyle: 'ris' }, tx)),
    ).rejects.toBeInstanceOf(AlreadyApplied);
    expect((await settings.get('g1')).citationStyle).toBe('mla');
    // A failure after the update, in the same transaction, takes the update back with it.
    const failed = await sql
      .transaction(async (tx) => {
        await settings.update('g1', { citationStyle: 'chicago' }, tx);
        expect((await settings.get('g1', tx)).citationStyle).toBe('chicago');
        throw new Error('the reply could not be built');
      })
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect((await settings.get('g1')).citationStyle).toBe('mla');
  });

  it('a change made through another connection (another process or host) shows on the next read', async () => {
    const first = await openTestDatabase(engine, { onDisk: true });
    const second = await openAgain(first);
    const here = new SettingsStore(first);
    const there = new SettingsStore(second);
    expect((await here.get('g1')).citationStyle).toBeNull();
    await there.update('g1', { citationStyle: 'harvard' });
    expect((await here.get('g1')).citationStyle).toBe('harvard');
    await there.update('g1', { citationStyle: null });
    expect((await here.get('g1')).citationStyle).toBeNull();
  });

  it('persists across reopening the database', async () => {
    const first = await openTestDatabase(engine, { onDisk: true });
    await new SettingsStore(first).update('g1', { citationStyle: 'ris' });
    await first.close();
    const second = await openAgain(first);
    expect((await new SettingsStore(second).get('g1')).citationStyle).toBe('ris');
  });
});
