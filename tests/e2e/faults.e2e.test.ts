import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { createAppContext } from '../../src/app/create.js';
import { commandHelp } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import type { Bot } from '../../src/discord/client.js';
import {
  type InteractionRecord,
  type Standin,
  type StandinUser,
  type StoredMessage,
  startStandin,
} from '../../src/discord-standin/server.js';
import { startBotOnStandin } from '../../src/local/standin-bot.js';
import { createLogger } from '../../src/logger.js';
import { option, useHarness } from './harness.js';
import { until } from './until.js';

/**
 * Faults on the way to Discord, end to end through discord.js and the stand-in. Every test ends the same
 * way: the step the store (and /session status) reports is the step the thread shows, the outbox owes
 * nothing, and the stand-in recorded no violation. The tallies below are printed at the end for the report.
 */
const tally = { faultsInjected: 0, inputsTried: 0, violations: 0, rowsLost: 0 };

type Json = Record<string, unknown>;
type Embed = { title?: string; description?: string; fields?: Array<{ name: string; value: string }> };

const sub = (name: string, options: Json[] = []) => [{ name, type: 1, options }];
const embedsOf = (message: StoredMessage | undefined) => (message?.embeds ?? []) as Embed[];
const stepTitle = (message: StoredMessage) => /· step (\d+) of \d+$/.exec(embedsOf(message)[0]?.title ?? '');
const isRecap = (message: StoredMessage) => /^Recap: /.test(embedsOf(message)[0]?.title ?? '');

function run(
  standin: Standin,
  subcommand: string,
  options: Json[] = [],
  context: { user?: StandinUser; channelId?: string } = {},
): InteractionRecord {
  tally.inputsTried += 1;
  return standin.command('session', sub(subcommand, options), { user: standin.users.moderator, ...context });
}

/** A deferred reply counts as answered once its edit has landed. */
async function answer(record: InteractionRecord): Promise<StoredMessage> {
  const first = await record.response;
  if (first.type === 4 || first.type === 7) return record.original as StoredMessage;
  return until(
    () => (record.original?.content || record.original?.embeds.length ? record.original : undefined),
    'the deferred reply to be edited',
  );
}

function injectOnThread(standin: Standin, threadId: string, status: number, count = 1): void {
  standin.failNext(new RegExp(`^POST /channels/${threadId}/messages$`), status, count);
  tally.faultsInjected += count;
}

async function startIn(standin: Standin, channelId: string, title: string, extra: Json[] = []) {
  await answer(
    run(standin, 'start', [option('document', 'park-2013'), option('title', title), ...extra], { channelId }),
  );
}

async function threadOf(context: AppContext, standin: Standin, channelId: string): Promise<string> {
  const session = await context.sessions.getLiveByChannel(standin.guildId, channelId);
  if (!session?.threadId) throw new Error('the session has no thread');
  return session.threadId;
}

/**
 * The invariant. A live session's last step post in the thread is the store's step; an ended session's
 * last post is its recap; nothing is still owed (an owed post would be a row the thread lost).
 */
async function expectAgreement(context: AppContext, standin: Standin, threadId: string): Promise<void> {
  const session = await context.sessions.getByThread(threadId);
  if (!session) throw new Error(`no session in thread ${threadId}`);
  const owed = (await context.sessions.outbox.pending(session.id)).length;
  tally.rowsLost += owed;
  expect(owed).toBe(0);
  const posts = standin.messagesIn(threadId).filter((message) => stepTitle(message) || isRecap(message));
  const last = posts.at(-1);
  if (session.status === 'ended') expect(last && isRecap(last)).toBe(true);
  else expect(Number(last && stepTitle(last)?.[1])).toBe(session.position + 1);
}

function countViolations(standin: Standin): void {
  tally.violations += standin.violations.length;
  expect(standin.violations).toEqual([]);
}

afterAll(() => {
  // The report's counts: faults injected, inputs tried, violations recorded, rows lost.
  console.log(`faults.e2e tally ${JSON.stringify(tally)}`);
});

describe('refused thread posts', () => {
  const harness = useHarness();
  afterEach(() => countViolations(harness.standin));

  it('403 on /session next: says what is missing, pauses at the step the thread shows, and moves on once fixed', async () => {
    const { standin, context } = harness;
    const channel = standin.addChannel('next-403');
    await startIn(standin, channel, 'Forbidden next');
    const thread = await threadOf(context, standin, channel);
    injectOnThread(standin, thread, 403);
    const refused = await answer(run(standin, 'next', [], { channelId: thread }));
    expect(refused.content).toMatch(/cannot post in the session’s thread: .*Send Messages in Threads/);
    expect(refused.content).toMatch(/paused at step 1 of \d+, the step the thread shows/);
    const status = await answer(
      run(standin, 'status', [], { channelId: thread, user: standin.users.member }),
    );
    expect(embedsOf(status)[0]?.title).toBe('Forbidden next (paused)');
    expect(embedsOf(status)[0]?.description).toContain('**Step:** 1 of');
    await expectAgreement(context, standin, thread);

    await answer(run(standin, 'resume', [], { channelId: thread }));
    const moved = await answer(run(standin, 'next', [], { channelId: thread }));
    expect(moved.content).toMatch(/^Step 2 of \d+ is posted in/);
    await expectAgreement(context, standin, thread);
  });

  it('404 on /session end: the session ends, the recap is kept, and /session repost posts it', async () => {
    const { standin, context } = harness;
    const channel = standin.addChannel('end-404');
    await startIn(standin, channel, 'Lost recap');
    const thread = await threadOf(context, standin, channel);
    tally.inputsTried += 1;
    const emoji = '📚 🧑🏽‍🏫 🇰🇷 👩‍👩‍👧‍👦 ✍🏿 re-read the 🏳️‍🌈 footnote';
    await standin.command('note', [option('text', emoji)], { channelId: thread }).response;
    injectOnThread(standin, thread, 404);
    const ended = await answer(run(standin, 'end', [], { channelId: thread }));
    expect(ended.content).toMatch(/thread no longer exists.*recap is kept.*\/session repost/);
    const session = await context.sessions.getByThread(thread);
    expect(session?.status).toBe('ended');
    expect((await context.sessions.outbox.all(session?.id ?? 0)).at(-1)).toMatchObject({
      kind: 'ended',
      status: 'refused',
    });

    const again = await answer(run(standin, 'repost', [], { channelId: thread }));
    expect(again.content).toMatch(/^The recap is posted again/);
    const recap = standin.messagesIn(thread).filter(isRecap);
    expect(recap).toHaveLength(1);
    const notes = embedsOf(recap[0]).find((embed) => /^Notes/.test(embed.title ?? ''));
    expect(notes?.description ?? JSON.stringify(notes)).toContain('👩‍👩‍👧‍👦');
    await expectAgreement(context, standin, thread);
  });

  it('403 on a timer step: the moderators hear it in the channel and the session pauses', async () => {
    const { standin, context } = harness;
    const channel = standin.addChannel('timer-403');
    await startIn(standin, channel, 'Timed refusal', [option('minutes', 5)]);
    const thread = await threadOf(context, standin, channel);
    const session = await context.sessions.getByThread(thread);
    // The interval is made to have passed by moving the stored timestamp, not by waiting.
    await context.sql.run('UPDATE reading_sessions SET last_advance_at = last_advance_at - ? WHERE id = ?', [
      6 * 60_000,
      session?.id ?? null,
    ]);
    injectOnThread(standin, thread, 403);
    await context.sessionService.startTimer();
    const notice = await until(
      () =>
        standin
          .messagesIn(channel)
          .find((message) => /cannot post in the session’s thread/.test(message.content)),
      'the notice in the parent channel',
    );
    expect(notice.content).toMatch(/^Reading session \*\*Timed refusal\*\*: .*paused at step 1 of/);
    expect(await context.sessions.getByThread(thread)).toMatchObject({ status: 'paused', position: 0 });
    await expectAgreement(context, standin, thread);
  });

  it('a 5xx on /session next is kept and retried until posted', async () => {
    const { standin, context } = harness;
    const channel = standin.addChannel('next-503');
    await startIn(standin, channel, 'Flaky next');
    const thread = await threadOf(context, standin, channel);
    // discord.js retries a 5xx itself (3 retries); the fifth failure reaches the outbox.
    injectOnThread(standin, thread, 503, 4);
    const saved = await answer(run(standin, 'next', [], { channelId: thread }));
    expect(saved.content).toMatch(/saved; Discord did not take the post yet/);
    await context.sessionService.flushPending();
    await expectAgreement(context, standin, thread);
  });
});

describe('incoming text and forged controls', () => {
  const harness = useHarness();
  afterEach(() => countViolations(harness.standin));

  it('stores a note with a lone surrogate and a NUL as well-formed text, and shows it in the recap', async () => {
    const { standin, context } = harness;
    const channel = standin.addChannel('text');
    await startIn(standin, channel, 'Text');
    const thread = await threadOf(context, standin, channel);
    tally.inputsTried += 1;
    await standin.command('note', [option('text', 'half \uD83D pair\u0000 and 🧑🏽‍🏫')], {
      channelId: thread,
    }).response;
    const [note] = await context.sessions.notes((await context.sessions.getByThread(thread))?.id ?? 0);
    expect(note?.text).toBe('half \uFFFD pair and 🧑🏽‍🏫');
    await answer(run(standin, 'end', [], { channelId: thread }));
    await expectAgreement(context, standin, thread);
  });

  it('cleans a title that names a thread, refuses one with nothing left, and escapes it when the channel is busy', async () => {
    const { standin, context } = harness;
    const channel = standin.addChannel('titles');
    const empty = await answer(
      run(standin, 'start', [option('document', 'park-2013'), option('title', '\u202E\u0007\u2066')], {
        channelId: channel,
      }),
    );
    expect(empty.content).toMatch(/nothing to show/);
    expect(await context.sessions.getLiveByChannel(standin.guildId, channel)).toBeUndefined();
    await startIn(standin, channel, '[click me](https://evil.example) \u202Egnp.exe');
    const session = await context.sessions.getLiveByChannel(standin.guildId, channel);
    expect(session?.title).toBe('[click me](https://evil.example) gnp.exe');
    const busy = await answer(
      run(standin, 'start', [option('document', 'park-2013')], { channelId: channel }),
    );
    expect(busy.content).toMatch(/already has an active reading session/);
    // The bracket is escaped, so Discord shows the text as typed instead of a link.
    expect(busy.content).toContain('("\\[click me](https://evil.example) gnp.exe")');
    expect(busy.content).not.toMatch(/(?<!\\)\[click me\]\(/);
  });

  it('refuses a forged control id and changes nothing', async () => {
    const { standin, context } = harness;
    const channel = standin.addChannel('forged');
    await startIn(standin, channel, 'Forged');
    const thread = await threadOf(context, standin, channel);
    const step = standin.messagesIn(thread).find((message) => stepTitle(message)) as StoredMessage;
    const session = await context.sessions.getByThread(thread);
    const forged = [
      `session:next:${(session?.id ?? 0) + 1000}:0`,
      'session:next:1:9',
      'x'.repeat(100),
      '\uD800',
    ];
    for (const customId of forged) {
      tally.inputsTried += 1;
      const record = standin.clickButton(step, customId, { user: standin.users.moderator });
      await record.response;
      expect(record.original?.content ?? '').toMatch(
        /no longer works|no longer exists|Run the command again/,
      );
    }
    expect((await context.sessions.getByThread(thread))?.position).toBe(0);
    await expectAgreement(context, standin, thread);
  });
});

describe('redelivered interactions', () => {
  const harness = useHarness();
  afterEach(() => countViolations(harness.standin));

  /** Sends Discord's exact payload (same interaction id) again and waits for the bot to refuse it. */
  async function redeliver(record: InteractionRecord): Promise<void> {
    tally.inputsTried += 1;
    harness.standin.dispatch('INTERACTION_CREATE', record.payload);
    await until(
      () =>
        harness.logs.some(
          (line) =>
            line.includes(record.id) && line.includes('refused interaction') && line.includes('conflict'),
        ),
      'the redelivery to be refused as already applied',
    );
  }

  it('applies a Next click and a /note once however often they arrive', async () => {
    const { standin, context } = harness;
    const channel = standin.addChannel('twice');
    await startIn(standin, channel, 'Twice');
    const thread = await threadOf(context, standin, channel);
    const step = standin.messagesIn(thread).find((message) => stepTitle(message)) as StoredMessage;
    const next = (
      (step.components ?? []) as unknown as Array<{ components: Array<{ custom_id: string; label: string }> }>
    )
      .flatMap((row) => row.components)
      .find((control) => /Next/.test(control.label));
    tally.inputsTried += 1;
    const click = standin.clickButton(step, next?.custom_id ?? '', { user: standin.users.moderator });
    await click.response;
    await until(
      () => standin.messagesIn(thread).filter((message) => stepTitle(message)).length === 2,
      'step 2',
    );
    tally.inputsTried += 1;
    const note = standin.command('note', [option('text', 'only once')], { channelId: thread });
    await note.response;
    for (let delivery = 0; delivery < 3; delivery++) {
      await redeliver(click);
      await redeliver(note);
    }
    const session = await context.sessions.getByThread(thread);
    expect(session?.position).toBe(1);
    expect(await context.sessions.steps(session?.id ?? 0)).toHaveLength(2);
    expect((await context.sessions.notes(session?.id ?? 0)).map((each) => each.text)).toEqual(['only once']);
    expect(standin.messagesIn(thread).filter((message) => stepTitle(message))).toHaveLength(2);
    await expectAgreement(context, standin, thread);
  });
});

interface Instance {
  context: AppContext;
  bot: Bot;
}

async function startInstance(standin: Standin, directory: string): Promise<Instance> {
  const logger = createLogger({
    level: 'silent',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
  const config = loadConfig({ DATABASE_PATH: join(directory, 'lectern.sqlite'), LOG_LEVEL: 'warn' });
  const context = await createAppContext(config, logger, commandHelp);
  return { context, bot: await startBotOnStandin(context, standin) };
}

describe('restarts', () => {
  let standin: Standin;
  let directory: string;
  const opened: Instance[] = [];
  beforeAll(async () => {
    standin = await startStandin();
    directory = mkdtempSync(join(tmpdir(), 'lectern-faults-'));
  });
  afterAll(async () => {
    for (const instance of opened) {
      await instance.bot.client.destroy();
      await instance.context.close();
    }
    await standin.close();
    rmSync(directory, { recursive: true, force: true });
  });
  afterEach(() => countViolations(standin));

  it('401 on a timer step: nothing is lost and the timer waits; the restarted bot posts it', async () => {
    const before = await startInstance(standin, directory);
    opened.push(before);
    const channel = standin.addChannel('timer-401');
    await startIn(standin, channel, 'Unauthorized', [option('minutes', 5)]);
    const thread = await threadOf(before.context, standin, channel);
    const session = await before.context.sessions.getByThread(thread);
    await before.context.sql.run(
      'UPDATE reading_sessions SET last_advance_at = last_advance_at - ? WHERE id = ?',
      [6 * 60_000, session?.id ?? null],
    );
    injectOnThread(standin, thread, 401);
    await before.context.sessionService.startTimer();
    await until(
      async () => (await before.context.sessions.outbox.pending(session?.id ?? 0))[0]?.attempts === 1,
      'the refused timer step to be kept',
    );
    // discord.js drops its token on a 401, so this process cannot post again; the step must wait, not vanish.
    expect((await before.context.sessions.get(session?.id ?? 0))?.position).toBe(1);
    await before.bot.client.destroy();
    before.context.sessionService.stopTimer();

    const after = await startInstance(standin, directory);
    opened.push(after);
    await until(
      async () => (await after.context.sessions.outbox.pending(session?.id ?? 0)).length === 0,
      'the owed step',
    );
    await expectAgreement(after.context, standin, thread);
  });

  it('kill -9 between the commit and the post: the restarted bot posts the committed step', async () => {
    const before = await startInstance(standin, directory);
    opened.push(before);
    const channel = standin.addChannel('crash');
    await startIn(standin, channel, 'Crash');
    const thread = await threadOf(before.context, standin, channel);
    const session = await before.context.sessions.getByThread(thread);
    await before.bot.client.destroy();
    before.context.sessionService.stopTimer();

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join('tests', 'sessions', 'fixtures', 'commit-then-die.ts'),
        join(directory, 'lectern.sqlite'),
        String(session?.id),
        standin.users.moderator.id,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const signal = await new Promise((resolve) => child.on('close', (_code, killed) => resolve(killed)));
    tally.faultsInjected += 1;
    expect(signal, stderr).toBe('SIGKILL');
    expect(output).toBe('committed 1\n');
    expect(standin.messagesIn(thread).filter((message) => stepTitle(message))).toHaveLength(1);

    const after = await startInstance(standin, directory);
    opened.push(after);
    await until(
      () => standin.messagesIn(thread).filter((message) => stepTitle(message)).length === 2,
      'the step',
    );
    await expectAgreement(after.context, standin, thread);
  });
});
