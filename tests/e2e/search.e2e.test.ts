import { ChannelType, REST, Routes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/discord-standin/server.js';
import { option, useHarness } from './harness.js';

type Embed = { title?: string; description?: string; fields?: Array<{ name: string; value: string }> };
type Row = { components: Array<{ custom_id: string; label: string; disabled?: boolean }> };

const harness = useHarness();

const buttons = (message: StoredMessage | undefined) =>
  ((message?.components ?? []) as unknown as Row[]).flatMap((row) => row.components);

describe('start-up and deploy', () => {
  it('logs in and reaches ready with the guild cached', () => {
    expect(harness.bot.client.isReady()).toBe(true);
    expect(harness.bot.client.guilds.cache.has(harness.standin.guildId)).toBe(true);
  });

  it('registers every command as a valid definition', () => {
    const registered = harness.standin.commands.guild.get(harness.standin.guildId) ?? [];
    const names = registered.map((command) => command.name);
    expect(names).toEqual(expect.arrayContaining(['search', 'help', 'library', 'Find in readings']));
  });

  it('rejects an invalid definition the way Discord does', async () => {
    const rest = new REST({ api: harness.standin.apiUrl, retries: 0 }).setToken(harness.standin.token);
    await expect(
      rest.put(Routes.applicationGuildCommands(harness.standin.applicationId, harness.standin.guildId), {
        body: [{ name: 'Bad Name', description: '', type: 1 }],
      }),
    ).rejects.toThrow(/Invalid Form Body/);
    harness.standin.violations.length = 0;
    const registered = harness.standin.commands.guild.get(harness.standin.guildId) ?? [];
    expect(registered.length).toBeGreaterThan(0);
  });

  it('gives a standalone thread its own id, and a thread from a message the message’s id', async () => {
    const channel = await harness.bot.client.channels.fetch(harness.standin.channelId);
    if (!channel || channel.type !== ChannelType.GuildText) throw new Error('no text channel');
    const standalone = await channel.threads.create({ name: 'Standalone' });
    expect(standalone.id).toMatch(/^\d+$/);
    expect(standalone.id).not.toBe(channel.id);
    const another = await channel.threads.create({ name: 'Another' });
    expect(another.id).not.toBe(standalone.id);
    const message = await channel.send({ content: 'Start here', allowedMentions: { parse: [] } });
    const fromMessage = await message.startThread({ name: 'From a message' });
    expect(fromMessage.id).toBe(message.id);
  });
});

describe('/search', () => {
  it('answers with an embed of located passages and matched terms in bold', async () => {
    const interaction = harness.standin.command('search', [
      option('query', 'what should the UN Security Council do?'),
    ]);
    const response = await interaction.response;
    expect(response.type).toBe(4);
    const embed = (response.data.embeds as Embed[])[0];
    expect(embed?.fields?.[0]?.name).toContain('Park (2013), para. 5');
    expect(embed?.fields?.[0]?.value).toMatch(/\*\*(Security|Council|UNSC)\*\*/);
    expect(embed?.fields?.[0]?.value).toContain('https://pacforum.org/');
  });

  it('pages forward for the asker and refuses anyone else', async () => {
    const interaction = harness.standin.command('search', [option('query', 'North Korea nuclear')]);
    await interaction.response;
    const message = harness.standin.replyOf(interaction);
    const next = buttons(message).find((button) => button.label.startsWith('Next'));
    expect(next).toBeDefined();
    const firstPage = ((message as StoredMessage).embeds[0] as Embed).fields?.map((field) => field.name);

    const stranger = harness.standin.clickButton(message as StoredMessage, next?.custom_id ?? '', {
      user: harness.standin.users.moderator,
    });
    const refusal = await stranger.response;
    expect(refusal.data.content).toMatch(/Only the person who ran this search/);
    expect(refusal.data.flags).toBe(64);
    expect(((message as StoredMessage).embeds[0] as Embed).fields?.map((field) => field.name)).toEqual(
      firstPage,
    );

    const asker = harness.standin.clickButton(message as StoredMessage, next?.custom_id ?? '');
    const update = await asker.response;
    expect(update.type).toBe(7);
    const secondPage = ((message as StoredMessage).embeds[0] as Embed).fields?.map((field) => field.name);
    expect(secondPage?.[0]).toMatch(/^6\. /);
    expect(secondPage).not.toEqual(firstPage);
  });

  it('cites a result with the Cite button', async () => {
    const interaction = harness.standin.command('search', [option('query', 'Nunn-Lugar')]);
    await interaction.response;
    const message = harness.standin.replyOf(interaction) as StoredMessage;
    const cite = buttons(message).find((button) => button.label === 'Cite 1');
    const click = harness.standin.clickButton(message, cite?.custom_id ?? '');
    const reply = await click.response;
    const text = JSON.stringify(reply.data);
    expect(text).toContain('Jung');
    expect(text).toContain('2013');
    expect(text).toContain('Korea Journal');
    expect(reply.data.flags).toBe(64);
  });

  it('forgives a typo', async () => {
    const response = await harness.standin.command('search', [option('query', 'sanctoins')]).response;
    expect(JSON.stringify(response.data)).toMatch(/\*\*sanctions\*\*/i);
  });

  it('helps when nothing matches', async () => {
    const response = await harness.standin.command('search', [option('query', 'basketball playoffs')])
      .response;
    const embed = (response.data.embeds as Embed[])[0];
    expect(embed?.description).toMatch(/No passage answers this closely enough/);
    expect(embed?.description).toMatch(/The readings are about:.*Nunn-Lugar/);
  });

  it('offers at most 25 valid autocomplete choices for the query and the document', async () => {
    for (const typed of ['', 'nuc', 'x'.repeat(300), 'military op']) {
      const interaction = harness.standin.autocomplete('search', [option('query', typed, true)]);
      const response = await interaction.response;
      expect(response.type).toBe(8);
      const choices = response.data.choices as Array<{ name: string; value: string }>;
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) expect(choice.name.length).toBeGreaterThanOrEqual(1);
    }
    const documents = harness.standin.autocomplete('search', [
      option('query', 'x'),
      option('document', 'park', true),
    ]);
    const choices = (await documents.response).data.choices as Array<{ value: string }>;
    expect(choices.map((choice) => choice.value)).toEqual(['park-2013']);
  });

  it('answers hostile input without pinging anyone or crashing', async () => {
    const hostile = [
      '@everyone North Korea',
      '<@123456789012345678> <@&123456789012345678> sanctions',
      'x'.repeat(6000),
      '```\ncode fence\n``` **bold** __under__ ||spoiler|| > quote',
      '\u202Eneercs\u202C \u200B\u200Bnuclear\u2066test\u2069',
      'AND OR NOT "unclosed * ~1 ^2 (field:value)',
      '   ',
    ];
    for (const query of hostile) {
      const interaction = harness.standin.command('search', [option('query', query)]);
      const response = await interaction.response;
      expect([4, 5]).toContain(response.type);
      expect(JSON.stringify(response.data)).not.toMatch(/(?<!\u200b)@everyone/);
    }
  });

  it('filters by document and rejects an unknown one with a short private message', async () => {
    const filtered = harness.standin.command('search', [
      option('query', 'Nunn-Lugar'),
      option('document', 'park-2013'),
    ]);
    expect(JSON.stringify((await filtered.response).data)).toMatch(/No passage in Park \(2013\)/);
    const unknown = harness.standin.command('search', [option('query', 'x'), option('document', 'nope')]);
    const refusal = await unknown.response;
    expect(refusal.data.flags).toBe(64);
    expect(refusal.data.content).toMatch(/I don't know that document/);
  });
});

describe('other commands', () => {
  it('/help lists every command and the documents', async () => {
    const response = await harness.standin.command('help').response;
    const text = JSON.stringify(response.data);
    for (const name of ['/search', '/library', 'Find in readings']) expect(text).toContain(name);
    expect(text).toContain('Park (2013)');
  });

  it('/library shows authors, parts and passage counts', async () => {
    const response = await harness.standin.command('library', [{ name: 'list', type: 1, options: [] }])
      .response;
    const text = JSON.stringify(response.data);
    expect(text).toContain('7 paragraphs');
    expect(text).toContain('49 references');
    expect(text).toMatch(/full text is not/);
  });

  it('"Find in readings" searches with the right-clicked message', async () => {
    const target = harness.standin.postUserMessage(
      harness.standin.channelId,
      'should the security council consider the military option?',
    );
    const response = await harness.standin.messageContextMenu('Find in readings', target).response;
    expect(response.data.flags).toBe(64);
    expect(JSON.stringify(response.data)).toContain('Park (2013), para. 5');
  });
});

describe('faults', () => {
  it('resumes after the gateway drops and answers again', async () => {
    const resumed = harness.standin.waitFor('resume', 20_000);
    harness.standin.dropConnections();
    await resumed;
    expect(harness.standin.identifyCount).toBe(1);
    const response = await harness.standin.command('search', [option('query', 'Japan military buildup')])
      .response;
    expect(JSON.stringify(response.data)).toContain('para. 3');
  });

  it('still answers when the callback meets a 429 and then a 500', async () => {
    harness.standin.failNext(/^POST \/interactions\//, 429, 1);
    const limited = await harness.standin.command('help').response;
    expect(limited.type).toBe(4);
    harness.standin.failNext(/^POST \/interactions\//, 500, 1);
    const failed = await harness.standin.command('help').response;
    expect(failed.type).toBe(4);
    const statuses = harness.standin.requests
      .filter((request) => request.path.startsWith('/interactions/'))
      .map((r) => r.status);
    expect(statuses).toContain(429);
    expect(statuses).toContain(500);
  });
});

describe('an author query', () => {
  it('leads with the library entry of the document by that author, with the author note', async () => {
    const record = harness.standin.command('search', [option('query', 'Who is Jinho Park?')]);
    await record.response;
    const embed = (harness.standin.replyOf(record)?.embeds as Embed[] | undefined)?.[0];
    expect(embed?.description).toContain('In the library: Park (2013)');
    expect(embed?.description).toContain('Coercive Engagement toward North Korea');
    expect(embed?.description).toContain('About the author: Jinho Park is a Legislative Aide');
    expect(embed?.fields?.[0]?.name).toMatch(/^1\. Park \(2013\)/);
  });

  it('shows no library entry when the question is about something the author says', async () => {
    const record = harness.standin.command('search', [
      option('query', 'What does Park propose about the Security Council?'),
    ]);
    await record.response;
    const embed = (harness.standin.replyOf(record)?.embeds as Embed[] | undefined)?.[0];
    expect(embed?.description ?? '').not.toContain('In the library');
    expect(embed?.fields?.length ?? 0).toBeGreaterThan(0);
  });
});

describe('/search paging state', () => {
  const stored = async () =>
    Number(
      (
        await harness.context.sql.get<{ n: number }>(
          "SELECT COUNT(*) AS n FROM paging_requests WHERE kind = 'search'",
        )
      )?.n,
    );

  it('stores a request only when the answer has more than one page', async () => {
    const before = await stored();
    const single = await harness.standin.command('search', [option('query', 'Nunn-Lugar')]).response;
    const singleRows = JSON.stringify(single.data.components ?? []);
    expect(singleRows).not.toContain('Next');
    expect(await stored()).toBe(before);
    const paged = await harness.standin.command('search', [option('query', 'North Korea engagement')])
      .response;
    expect(JSON.stringify(paged.data.components ?? [])).toContain('Next');
    expect(await stored()).toBe(before + 1);
  });
});
