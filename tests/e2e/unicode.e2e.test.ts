import { Routes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { option, useHarness } from './harness.js';
import { until } from './until.js';

const harness = useHarness();

const EMOJI_NOTE = '\u{1F642}'.repeat(500);
/** Texts whose UTF-16 cuts land inside surrogate pairs or grapheme clusters at almost every limit. */
const ASTRAL = [
  EMOJI_NOTE,
  'a'.repeat(99) + '\u{1F642}'.repeat(100),
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}'.repeat(150),
  '\u{1F1EF}\u{1F1F5}'.repeat(700),
  'x\u{1D510}'.repeat(2100),
];

describe('text Discord can store', () => {
  it('the stand-in refuses an unpaired surrogate in a message, an embed, a thread name or a choice, as Discord does', async () => {
    const { standin, bot } = harness;
    const before = standin.violations.length;
    const payloads = [
      { content: 'half an emoji \uD83D' },
      { embeds: [{ title: 'ok', description: 'trailing \uDE42 low half' }] },
      { embeds: [{ fields: [{ name: 'n', value: 'v\uD83D' }] }] },
    ];
    for (const body of payloads) {
      await expect(
        bot.client.rest.post(Routes.channelMessages(standin.channelId), { body }),
      ).rejects.toMatchObject({ status: 400, code: 50035 });
    }
    await expect(
      bot.client.rest.post(Routes.threads(standin.channelId), { body: { name: 'Week 1 \uD83D', type: 11 } }),
    ).rejects.toMatchObject({ status: 400, code: 50035 });
    // The bot leaves autocomplete for an unknown command unanswered, so this test answers it itself.
    const unanswered = standin.autocomplete('no-such-command', [option('query', 'x', true)]);
    unanswered.response.catch(() => undefined);
    const payload = unanswered.payload as { id: string; token: string };
    await expect(
      bot.client.rest.post(Routes.interactionCallback(payload.id, payload.token), {
        auth: false,
        body: { type: 8, data: { choices: [{ name: 'fine', value: 'split \uD83D' }] } },
      }),
    ).rejects.toMatchObject({ status: 400, code: 50035 });
    const recorded = standin.violations.splice(before);
    expect(recorded.map((violation) => violation.problems[0])).toEqual([
      'content: contains an unpaired surrogate (invalid UTF-16)',
      'embeds[0].description: contains an unpaired surrogate (invalid UTF-16)',
      'embeds[0].fields[0].value: contains an unpaired surrogate (invalid UTF-16)',
      'name: contains an unpaired surrogate (invalid UTF-16)',
      'choices[0].value: contains an unpaired surrogate (invalid UTF-16)',
    ]);
  });

  it('answers commands given astral and combined text without a payload Discord would refuse', async () => {
    let tried = 0;
    for (const text of ASTRAL) {
      for (const [command, name] of [
        ['search', 'query'],
        ['quote', 'text'],
        ['compare', 'topic'],
        ['references', 'author'],
      ] as const) {
        const response = await harness.standin.command(command, [option(name, text)]).response;
        expect([4, 5]).toContain(response.type);
        tried++;
      }
      const choices = await harness.standin.autocomplete('search', [option('query', text.slice(0, 99), true)])
        .response;
      expect(choices.type).toBe(8);
      tried++;
    }
    expect(tried).toBe(ASTRAL.length * 5);
  });

  it('posts the recap of a /note of 500 emoji', async () => {
    const { standin } = harness;
    const channelId = standin.addChannel('emoji-week');
    const sub = (name: string, options: unknown[] = []) => [{ name, type: 1, options }];
    const moderator = standin.users.moderator;
    await standin.command('session', sub('start', [option('document', 'park-2013')]), {
      channelId,
      user: moderator,
    }).response;
    const threadId = await until(
      async () => (await harness.context.sessions.getLiveByChannel(standin.guildId, channelId))?.threadId,
    );
    const noted = await standin.command('note', [option('text', EMOJI_NOTE)], { channelId: threadId })
      .response;
    expect(noted.type).toBe(4);
    await standin.command('session', sub('end'), { channelId: threadId, user: moderator }).response;
    const recap = await until(() =>
      standin
        .messagesIn(threadId)
        .find((message) => (message.embeds as Array<{ title?: string }>)[0]?.title?.startsWith('Recap')),
    );
    const notes = JSON.stringify(recap.embeds);
    expect(notes).toContain('\u{1F642}'.repeat(100));
  });
});
