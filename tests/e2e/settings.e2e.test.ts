import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/discord-standin/server.js';
import { option, useHarness } from './harness.js';

const harness = useHarness();

describe('/settings', () => {
  it('is registered for Manage Server only', () => {
    const definition = (harness.standin.commands.guild.get(harness.standin.guildId) ?? []).find(
      (c) => c.name === 'settings',
    );
    expect(definition?.default_member_permissions).toBe('32');
  });

  it('refuses a member without Manage Server, and changes nothing', async () => {
    const response = await harness.standin.command('settings', [option('style', 'ris')], {
      user: harness.standin.users.member,
    }).response;
    expect(response.data.flags).toBe(64);
    expect(response.data.content).toMatch(/Manage Server/);
    expect(harness.context.settings.get(harness.standin.guildId).citationStyle).toBeNull();
  });

  it('lets a moderator set the default style, which /cite then uses', async () => {
    const moderator = { user: harness.standin.users.moderator };
    const saved = await harness.standin.command(
      'settings',
      [option('style', 'ris'), option('timezone', 'Asia/Seoul')],
      moderator,
    ).response;
    expect(JSON.stringify(saved.data)).toMatch(/Settings saved.*RIS.*Asia\/Seoul/);
    const cite = harness.standin.command('cite', [option('document', 'park-2013')]);
    await cite.response;
    expect((harness.standin.replyOf(cite) as StoredMessage).files[0]?.filename).toBe('park-2013.ris');
  });

  it('shows the current settings, privately and unchanged, when given no options', async () => {
    const before = harness.context.settings.update(harness.standin.guildId, {
      citationStyle: 'chicago',
      timeZone: 'Europe/London',
    });
    const response = await harness.standin.command('settings', [], {
      user: harness.standin.users.moderator,
    }).response;
    expect(response.data.flags).toBe(64);
    const [embed] = response.data.embeds as Array<{
      title: string;
      fields: Array<{ name: string; value: string }>;
    }>;
    expect(embed?.title).toBe('Lectern settings for this server');
    expect(embed?.fields.map((field) => [field.name, field.value])).toEqual([
      ['Citation style', 'Chicago 17 (author-date)'],
      ['Moderator role', 'none (Manage Events only)'],
      ['Time zone', 'Europe/London'],
    ]);
    expect(harness.context.settings.get(harness.standin.guildId)).toEqual(before);
  });

  it('rejects an invalid time zone with a clear message', async () => {
    const response = await harness.standin.command('settings', [option('timezone', 'Mars/Olympus_Mons')], {
      user: harness.standin.users.moderator,
    }).response;
    expect(response.data.flags).toBe(64);
    expect(String(response.data.content)).toMatch(/time zone/i);
  });

  it('keeps servers apart', () => {
    expect(harness.context.settings.get('999999999999999999').citationStyle).toBeNull();
  });
});
