import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STYLE_CHOICES } from '../../src/citations/vocabulary.js';
import { openDatabase, SettingsError, SettingsStore } from '../../src/state/index.js';

describe('SettingsStore', () => {
  it("the database accepts exactly the style vocabulary's choices", () => {
    const db = openDatabase(':memory:');
    const insert = db.prepare(
      'INSERT INTO guild_settings (guild_id, citation_style, updated_at) VALUES (?, ?, 0)',
    );
    for (const [index, style] of STYLE_CHOICES.entries())
      expect(() => insert.run(`g${index}`, style)).not.toThrow();
    expect(() => insert.run('gx', 'vancouver')).toThrow(/CHECK/);
  });

  it('starts with nothing set', () => {
    const settings = new SettingsStore(openDatabase(':memory:'));
    expect(settings.get('g1')).toEqual({
      guildId: 'g1',
      citationStyle: null,
      moderatorRoleId: null,
      timeZone: null,
    });
  });

  it('keeps each guild separate', () => {
    const settings = new SettingsStore(openDatabase(':memory:'));
    settings.update('g1', { citationStyle: 'mla', moderatorRoleId: '123', timeZone: 'Europe/Berlin' });
    settings.update('g2', { citationStyle: 'bibtex' });
    expect(settings.get('g1')).toMatchObject({
      citationStyle: 'mla',
      moderatorRoleId: '123',
      timeZone: 'Europe/Berlin',
    });
    expect(settings.get('g2')).toMatchObject({
      citationStyle: 'bibtex',
      moderatorRoleId: null,
      timeZone: null,
    });
    settings.reset('g2');
    expect(settings.get('g2').citationStyle).toBeNull();
    expect(settings.get('g1').citationStyle).toBe('mla');
  });

  it('patches only the given fields and clears with null', () => {
    const settings = new SettingsStore(openDatabase(':memory:'));
    settings.update('g1', { citationStyle: 'chicago', timeZone: 'Asia/Seoul' });
    expect(settings.update('g1', { moderatorRoleId: '42' })).toMatchObject({
      citationStyle: 'chicago',
      timeZone: 'Asia/Seoul',
      moderatorRoleId: '42',
    });
    expect(settings.update('g1', { citationStyle: null }).citationStyle).toBeNull();
    expect(settings.get('g1').timeZone).toBe('Asia/Seoul');
  });

  it('validates style, role id and time zone, naming the field and changing nothing', () => {
    const settings = new SettingsStore(openDatabase(':memory:'));
    settings.update('g1', { citationStyle: 'apa' });
    const attempt = (patch: Parameters<SettingsStore['update']>[1]) => {
      try {
        settings.update('g1', patch);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    // biome-ignore lint/suspicious/noExplicitAny: deliberately passing a value the type forbids
    const badStyle = attempt({ citationStyle: 'vancouver' as any, timeZone: 'UTC' });
    expect(badStyle).toBeInstanceOf(SettingsError);
    expect((badStyle as SettingsError).field).toBe('citationStyle');
    expect((attempt({ timeZone: 'Mars/Olympus_Mons' }) as SettingsError).field).toBe('timeZone');
    expect((attempt({ moderatorRoleId: '<@&12>' }) as SettingsError).field).toBe('moderatorRoleId');
    expect(settings.get('g1')).toMatchObject({ citationStyle: 'apa', timeZone: null, moderatorRoleId: null });
  });

  it('stores the canonical spelling of a time zone', () => {
    const settings = new SettingsStore(openDatabase(':memory:'));
    expect(settings.update('g1', { timeZone: 'america/new_york' }).timeZone).toBe('America/New_York');
  });

  it('persists across reopening the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lectern-settings-'));
    try {
      const dbPath = path.join(dir, 'state.sqlite');
      const first = openDatabase(dbPath);
      new SettingsStore(first).update('g1', { citationStyle: 'ris' });
      first.close();
      const second = openDatabase(dbPath);
      expect(new SettingsStore(second).get('g1').citationStyle).toBe('ris');
      second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
