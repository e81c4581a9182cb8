import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/discord-standin/server.js';
import { option, useHarness } from './harness.js';

const harness = useHarness();

describe('/settings', () => {
  it('is registered for every member: a default permission would hide it from those who may only look', () => {
    const definition = (harness.standin.commands.guild.get(harness.standin.guildId) ?? []).find(
      (c) => c.name === 'settings',
    );
    expect(definition).toBeDefined();
    expect(definition?.default_member_permissions ?? null).toBeNull();
  });

  it('shows any member the settings, privately, and says who can change them', async () => {
    await harness.context.settings.update(harness.standin.guildId, { timeZone: 'Asia/Seoul' });
    try {
      const response = await harness.standin.command('settings', [], { user: harness.standin.users.member })
        .response;
      expect(response.data.flags).toBe(64);
      const [embed] = response.data.embeds as Array<{
        title: string;
        fields: Array<{ name: string; value: string }>;
        footer?: { text: string };
      }>;
      expect(embed?.title).toBe('Lectern settings for this server');
      expect(embed?.fields.find((field) => field.name === 'Time zone')?.value).toBe('Asia/Seoul');
      expect(embed?.footer?.text).toMatch(/Manage Server/);
    } finally {
      await harness.context.settings.update(harness.standin.guildId, { timeZone: null });
    }
  });

  it('refuses a member without Manage Server any change, says they may still look, and changes nothing', async () => {
    const attempts = [
      [option('style', 'ris')],
      [option('timezone', 'Europe/Paris')],
      [option('style', 'chicago'), option('timezone', 'Mars/Olympus_Mons')],
    ];
    for (const options of attempts) {
      const response = await harness.standin.command('settings', options, {
        user: harness.standin.users.member,
      }).response;
      expect(response.data.flags).toBe(64);
      expect(response.data.content).toMatch(/Manage Server/);
      expect(response.data.content).toMatch(/\/settings with no options/);
      expect(response.data.embeds ?? []).toEqual([]);
    }
    // A role choice is refused for the permission before the role itself is judged.
    const everyone = {
      id: harness.standin.guildId,
      name: '@everyone',
      permissions: '0',
      position: 0,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    };
    const role = await harness.standin.command(
      'settings',
      [{ name: 'moderator_role', type: 8, value: harness.standin.guildId }],
      { user: harness.standin.users.member, resolved: { roles: { [harness.standin.guildId]: everyone } } },
    ).response;
    expect(role.data.content).toMatch(/Manage Server/);
    const settings = await harness.context.settings.get(harness.standin.guildId);
    expect(settings.moderatorRoleId).toBeNull();
    expect(settings.citationStyle).toBeNull();
    expect(settings.timeZone).toBeNull();
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
    const before = await harness.context.settings.update(harness.standin.guildId, {
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
    expect(await harness.context.settings.get(harness.standin.guildId)).toEqual(before);
  });

  it('rejects an invalid time zone with a clear message', async () => {
    const response = await harness.standin.command('settings', [option('timezone', 'Mars/Olympus_Mons')], {
      user: harness.standin.users.moderator,
    }).response;
    expect(response.data.flags).toBe(64);
    expect(String(response.data.content)).toMatch(/time zone/i);
  });

  it('keeps servers apart', async () => {
    expect((await harness.context.settings.get('999999999999999999')).citationStyle).toBeNull();
  });
});
