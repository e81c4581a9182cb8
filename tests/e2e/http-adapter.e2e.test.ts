import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { createAppContext } from '../../src/app/create.js';
import { commandHelp, commands } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import {
  type InteractionRecord,
  type Standin,
  type StoredMessage,
  startStandin,
} from '../../src/discord-standin/server.js';
import { createHttpBot, type HttpBot } from '../../src/http/adapter.js';
import { capturingLogger } from '../logs.js';
import { option } from './harness.js';
import { until } from './until.js';

type Row = { components: Array<{ custom_id: string; label: string }> };
type Embed = { fields?: Array<{ name: string }> };
const buttons = (message: StoredMessage | undefined) =>
  ((message?.components ?? []) as unknown as Row[]).flatMap((row) => row.components);

let standin: Standin;
let context: AppContext;
let bot: HttpBot;
let directory: string;
const logs: string[] = [];

beforeAll(async () => {
  standin = await startStandin();
  directory = mkdtempSync(join(tmpdir(), 'lectern-http-'));
  const { logger } = capturingLogger({ lines: logs });
  context = await createAppContext(
    loadConfig({ DATABASE_PATH: join(directory, 'lectern.sqlite'), LOG_LEVEL: 'debug' }),
    logger,
    commandHelp,
  );
  bot = createHttpBot(context, commands, {
    token: standin.token,
    publicKey: standin.interactionsEndpoint.publicKeyHex,
    apiUrl: standin.apiUrl,
    port: 0,
    host: '127.0.0.1',
  });
  const port = await bot.start();
  const probe = await standin.interactionsEndpoint.setEndpoint(`http://127.0.0.1:${port}/interactions`);
  expect(probe.accepted).toBe(true);
});

afterAll(async () => {
  standin.interactionsEndpoint.close();
  await bot.stop();
  context.close();
  await standin.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('HTTP interactions mode, in process', () => {
  it('answers /search through the same router and commands, without any gateway connection', async () => {
    const interaction = standin.command('search', [option('query', 'North Korea nuclear')]);
    const response = await interaction.response;
    expect(response.type).toBe(4);
    expect(JSON.stringify(response.data)).toContain('Park');
    expect(standin.identifyCount).toBe(0);
    await standin.interactionsEndpoint.settled();
    expect(standin.interactionsEndpoint.outcomes.get(interaction.id)?.status).toBe(202);
  });

  it('pages a /search result with its Next button, and answers autocomplete and /cite', async () => {
    const interaction = standin.command('search', [option('query', 'North Korea nuclear')]);
    await interaction.response;
    const message = standin.replyOf(interaction) as StoredMessage;
    const next = buttons(message).find((button) => button.label.startsWith('Next'));
    const update = await standin.clickButton(message, next?.custom_id ?? '').response;
    expect(update.type).toBe(7);
    expect((message.embeds[0] as Embed).fields?.[0]?.name).toMatch(/^6\. /);
    const choices = await standin.autocomplete('search', [option('query', 'nucl', true)]).response;
    expect(choices.type).toBe(8);
    const cite = await standin.command('cite', [option('query', 'military option Security Council')])
      .response;
    expect(JSON.stringify(cite.data)).toContain('(Park, 2013, para. 5)');
    expect(standin.violations).toEqual([]);
  });

  it('serves what needs guild, member, channel or thread state the gateway would have cached', async () => {
    const moderator = { user: standin.users.moderator };
    const sub = (name: string, options: Array<ReturnType<typeof option>> = []) => [
      { name, type: 1, options },
    ];
    /** The reply as it finally reads: a deferral counts once its edit has landed. */
    const finalText = async (record: InteractionRecord) => {
      const first = await record.response;
      if (first.type !== 5) return JSON.stringify(first.data);
      await until(() => record.original?.content || record.original?.embeds.length, 'the deferred edit');
      return JSON.stringify(record.original);
    };
    expect(await finalText(standin.command('help'))).toContain('/search');
    expect(await finalText(standin.command('settings', [option('style', 'chicago')], moderator))).toMatch(
      /Chicago/i,
    );
    expect(await finalText(standin.command('settings', [option('style', 'apa')]))).toMatch(/Manage Server/);
    expect(await finalText(standin.command('references', [option('author', 'sigal')]))).toContain('Sigal');
    expect(await finalText(standin.command('summary', [option('document', 'park-2013')]))).toContain('Park');
    const started = await finalText(
      standin.command(
        'session',
        sub('start', [option('document', 'park-2013'), option('title', 'HTTP')]),
        moderator,
      ),
    );
    expect(started).not.toMatch(/went wrong|cannot/i);
    const session = await context.sessions.getLiveByChannel(standin.guildId, standin.channelId);
    expect(session?.threadId).toBeTruthy();
    await until(() => standin.messagesIn(session?.threadId ?? '').length > 0, 'the first step in the thread');
    const scheduled = await finalText(
      standin.command(
        'session',
        sub('schedule', [option('document', 'park-2013'), option('when', 'in 3 days at 18:00')]),
        moderator,
      ),
    );
    expect(scheduled).not.toMatch(/went wrong|cannot see/i);
    expect(standin.scheduledEvents.size).toBe(1);
    const target = standin.postUserMessage(
      standin.channelId,
      'What about the Security Council and North Korea?',
    );
    expect(await finalText(standin.messageContextMenu('Find in readings', target))).toContain('Park');
    expect(standin.violations).toEqual([]);
    expect(logs.join('')).not.toMatch(/"level":50/);
  });

  it('posts a session step in a guild no interaction has shown this process yet', async () => {
    const guild = standin.addGuild('Another Reading Group');
    const threadId = standin.addChannel('their-thread', guild.id);
    const passages = context.corpus.passages.slice(0, 2);
    // Written by another worker: this process has never seen the guild or the channel.
    const session = await context.sessions.start({
      guildId: guild.id,
      channelId: threadId,
      documentId: passages[0]?.documentId ?? '',
      passageIds: passages.map((passage) => passage.id),
      startedBy: standin.users.moderator.id,
    });
    await context.sessions.setThread(session.id, threadId);
    expect(bot.client.guilds.cache.has(guild.id)).toBe(false);
    await context.sessionService.flushPending();
    expect(standin.messagesIn(threadId)).toHaveLength(1);
    expect(await context.sessionService.isCaughtUp(session.id)).toBe(true);
  });
});
