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
  PERMISSIONS,
  type Standin,
  type StandinUser,
  type StoredMessage,
  startStandin,
} from '../../src/discord-standin/server.js';
import { startBotOnStandin } from '../../src/local/standin-bot.js';
import { createLogger } from '../../src/logger.js';
import { option, useHarness } from './harness.js';
import { until } from './until.js';

type Json = Record<string, unknown>;
type Embed = {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
};
type Button = { custom_id: string; label: string; disabled?: boolean };

const ALL_PERMISSIONS = ((1n << 47n) - 1n).toString();

const sub = (name: string, options: Json[] = []) => [{ name, type: 1, options }];
const buttons = (message: StoredMessage | undefined): Button[] =>
  ((message?.components ?? []) as unknown as Array<{ components: Button[] }>).flatMap(
    (row) => row.components,
  );
const button = (message: StoredMessage | undefined, label: RegExp): Button => {
  const found = buttons(message).find((candidate) => label.test(candidate.label));
  if (!found) throw new Error(`no button ${label} on the message`);
  return found;
};
const embedsOf = (message: StoredMessage | undefined) => (message?.embeds ?? []) as Embed[];
const stepMessages = (standin: Standin, threadId: string) =>
  standin
    .messagesIn(threadId)
    .filter((message) => /· step \d+ of \d+$/.test(embedsOf(message)[0]?.title ?? ''));
const stepTitles = (standin: Standin, threadId: string) =>
  stepMessages(standin, threadId).map((message) => embedsOf(message)[0]?.title ?? '');

/** A deferred reply counts as answered once its edit has landed. */
async function answer(record: InteractionRecord): Promise<StoredMessage> {
  const first = await record.response;
  if (first.type === 4 || first.type === 7) return record.original as StoredMessage;
  return until(
    () => (record.original?.content || record.original?.embeds.length ? record.original : undefined),
    'the deferred reply to be edited',
  );
}

function runSession(
  standin: Standin,
  subcommand: string,
  options: Json[] = [],
  context: { user?: StandinUser; channelId?: string } = {},
): InteractionRecord {
  return standin.command('session', sub(subcommand, options), { user: standin.users.moderator, ...context });
}

async function threadOf(context: AppContext, standin: Standin, channelId: string): Promise<string> {
  const session = await context.sessions.getLiveByChannel(standin.guildId, channelId);
  if (!session?.threadId) throw new Error('the session has no thread');
  return session.threadId;
}

const harness = useHarness();

describe('/session and /note on the stand-in', () => {
  it('registers /session for Manage Events with every subcommand, and /note for everyone', () => {
    const registered = harness.standin.commands.guild.get(harness.standin.guildId) ?? [];
    const session = registered.find((command) => command.name === 'session');
    expect(session?.default_member_permissions).toBe(PERMISSIONS.MANAGE_EVENTS.toString());
    expect(((session?.options ?? []) as Json[]).map((option) => option.name)).toEqual([
      'start',
      'next',
      'back',
      'pause',
      'resume',
      'end',
      'status',
      'schedule',
      'repost',
    ]);
    const note = registered.find((command) => command.name === 'note');
    expect(note).toBeDefined();
    expect(note?.default_member_permissions ?? null).toBeNull();
  });

  it('runs a full session: start, join, next, note, end with a recap and a .bib', async () => {
    const { standin, context } = harness;
    const { member, moderator } = standin.users;
    const channelId = standin.addChannel('week-1');
    const started = await answer(
      runSession(standin, 'start', [option('document', 'park-2013'), option('title', 'Week 1: Park')], {
        channelId,
      }),
    );
    const threadId = await threadOf(context, standin, channelId);
    expect(started.flags).toBe(64);
    expect(started.content).toContain(`<#${threadId}>`);
    expect(standin.channels.get(threadId)).toMatchObject({
      parent_id: channelId,
      name: 'Week 1: Park',
      type: 11,
    });

    const [first] = stepMessages(standin, threadId);
    const step1 = embedsOf(first)[0] as Embed;
    expect(step1.title).toBe('Week 1: Park · step 1 of 7');
    expect(step1.description).toMatch(/^\*\*para\. 1\*\*\n> /);
    expect(step1.description).toContain('(Park, 2013, para. 1)');
    const prompts = step1.fields?.[0];
    expect(prompts?.name).toMatch(/prompts \(written by Lectern, not the author\)/);
    const promptLines = prompts?.value.split('\n') ?? [];
    expect(promptLines.length).toBeGreaterThanOrEqual(1);
    expect(promptLines.length).toBeLessThanOrEqual(3);
    expect(promptLines.every((line, index) => line.startsWith(`${index + 1}. `))).toBe(true);
    expect(button(first, /Back/).disabled).toBe(true);
    expect(button(first, /Next/).disabled).toBe(false);

    const joined = await standin.clickButton(first as StoredMessage, button(first, /Join/).custom_id, {
      user: member,
    }).response;
    expect(joined.data.flags).toBe(64);
    expect(joined.data.content).toMatch(/attendance list .*\(2 attending\)/);
    const again = await standin.clickButton(first as StoredMessage, button(first, /Join/).custom_id, {
      user: member,
    }).response;
    expect(again.data.content).toMatch(/already/);

    const refused = await standin.clickButton(first as StoredMessage, button(first, /Next/).custom_id, {
      user: member,
    }).response;
    expect(refused.data.flags).toBe(64);
    expect(refused.data.content).toMatch(/Only moderators/);
    expect((await context.sessions.getByThread(threadId))?.position).toBe(0);

    const next = await standin.clickButton(first as StoredMessage, button(first, /Next/).custom_id, {
      user: moderator,
    }).response;
    expect(next.type).toBe(7);
    await until(() => stepMessages(standin, threadId).length === 2, 'step 2 in the thread');
    expect(button(first, /Next/).disabled).toBe(true);
    expect(button(first, /Join/).disabled).toBe(false);
    const second = stepMessages(standin, threadId)[1];
    expect(embedsOf(second)[0]?.description).toContain('(Park, 2013, para. 2)');

    const noted = await standin.command('note', [option('text', 'Engagement with teeth <@everyone>')], {
      channelId: threadId,
    }).response;
    expect(noted.data.flags).toBe(64);
    expect(noted.data.content).toMatch(/^Noted on para\. 2 of \*\*Week 1: Park\*\*/);

    const ended = await answer(runSession(standin, 'end', [], { channelId: threadId }));
    expect(ended.content).toMatch(/recap is posted/);
    const recap = await until(
      () => standin.messagesIn(threadId).find((message) => embedsOf(message)[0]?.title?.startsWith('Recap')),
      'the recap',
    );
    const [summary, notes, bibliography] = embedsOf(recap);
    expect(summary?.title).toBe('Recap: Week 1: Park');
    expect(summary?.fields?.[0]).toEqual({ name: 'Passages covered (2 of 7)', value: 'para. 1, para. 2' });
    expect(summary?.fields?.[1]?.name).toBe('Attendance (2)');
    expect(summary?.fields?.[1]?.value).toContain(`<@${member.id}>`);
    expect(summary?.fields?.[1]?.value).toContain(`<@${moderator.id}>`);
    expect(notes?.title).toBe('Notes (1)');
    expect(notes?.description).toContain(`**para. 2** · <@${member.id}>: Engagement with teeth`);
    expect(notes?.description).not.toContain('<@everyone>');
    expect(bibliography?.title).toBe('Session bibliography (APA 7)');
    expect(bibliography?.description).toContain('Park, J. (2013). *Coercive engagement toward North Korea*');
    expect(recap.files.map((file) => file.filename)).toEqual([
      `session-${(await context.sessions.getByThread(threadId))?.id}.bib`,
    ]);
    const bib = recap.files[0]?.data.toString('utf8') ?? '';
    expect(bib).toMatch(/^@\w+\{/);
    expect(bib).toContain('author = {Park, Jinho}');
    expect(bib).toContain('number = {9A}');
    expect(bib).not.toMatch(/doi|month/i);
    expect((await context.sessions.getByThread(threadId))?.status).toBe('ended');
    expect(await context.sessions.getLiveByChannel(standin.guildId, channelId)).toBeUndefined();

    const late = await standin.command('note', [option('text', 'too late')], { channelId: threadId })
      .response;
    expect(late.data.content).toMatch(/No reading session is running here/);
  });

  it('refuses a member, creates nothing, and still lets them see the status', async () => {
    const { standin, context } = harness;
    const channelId = standin.addChannel('members-only');
    const threadsBefore = standin.channels.size;
    const refused = await answer(
      runSession(standin, 'start', [option('document', 'park-2013')], {
        channelId,
        user: standin.users.member,
      }),
    );
    expect(refused.flags).toBe(64);
    expect(refused.content).toMatch(/Only moderators can run reading sessions.*Manage Events/);
    expect(await context.sessions.getLiveByChannel(standin.guildId, channelId)).toBeUndefined();
    expect(standin.channels.size).toBe(threadsBefore);
    const status = await answer(runSession(standin, 'status', [], { channelId, user: standin.users.member }));
    expect(embedsOf(status)[0]?.title).toBe('No reading session here');
  });

  it('lets the moderator role chosen with /settings run a session', async () => {
    const { standin, context } = harness;
    const roleId = standin.snowflake();
    standin.dispatch('GUILD_ROLE_CREATE', {
      guild_id: standin.guildId,
      role: {
        id: roleId,
        name: 'Reading lead',
        permissions: '0',
        position: 1,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    });
    const lead = standin.addUser('lead', undefined, [roleId]);
    const channelId = standin.addChannel('led-by-role');
    const before = await answer(
      runSession(standin, 'start', [option('document', 'park-2013')], { channelId, user: lead }),
    );
    expect(before.content).toMatch(/Only moderators/);
    await context.settings.update(standin.guildId, { moderatorRoleId: roleId });
    const after = await answer(
      runSession(standin, 'start', [option('document', 'park-2013')], { channelId, user: lead }),
    );
    expect(after.content).toMatch(/^Started \*\*Reading: Park \(2013\)\*\*/);
    await answer(runSession(standin, 'end', [], { channelId, user: lead }));
  });

  it('runs two sessions in two channels at once without crossing them', async () => {
    const { standin, context } = harness;
    const channelA = standin.addChannel('group-a');
    const channelB = standin.addChannel('group-b');
    const startA = runSession(
      standin,
      'start',
      [option('document', 'park-2013'), option('title', 'Group A')],
      {
        channelId: channelA,
      },
    );
    const startB = runSession(
      standin,
      'start',
      [option('document', 'jung-2013'), option('title', 'Group B')],
      {
        channelId: channelB,
      },
    );
    await Promise.all([answer(startA), answer(startB)]);
    const threadA = await threadOf(context, standin, channelA);
    const threadB = await threadOf(context, standin, channelB);
    expect(threadA).not.toBe(threadB);
    const busy = await answer(
      runSession(standin, 'start', [option('document', 'jung-2013')], { channelId: channelA }),
    );
    expect(busy.content).toMatch(/already has an? active reading session \("Group A"\)/);
    expect(await threadOf(context, standin, channelA)).toBe(threadA);

    await answer(runSession(standin, 'next', [], { channelId: threadA }));
    await until(() => stepMessages(standin, threadA).length === 2, 'step 2 of A');
    expect(stepTitles(standin, threadA)).toEqual(['Group A · step 1 of 7', 'Group A · step 2 of 7']);
    expect(stepTitles(standin, threadB)).toEqual(['Group B · step 1 of 2']);
    expect(embedsOf(stepMessages(standin, threadB)[0])[0]?.description).toContain('(Jung, 2013, abstract)');

    const statusB = await answer(
      runSession(standin, 'status', [], { channelId: threadB, user: standin.users.member }),
    );
    expect(embedsOf(statusB)[0]?.description).toContain('**Step:** 1 of 2 (abstract, keywords)');
    const statusA = await answer(runSession(standin, 'status', [], { channelId: channelA }));
    expect(embedsOf(statusA)[0]?.description).toContain('**Step:** 2 of 7 (para. 2)');

    await Promise.all([
      answer(runSession(standin, 'end', [], { channelId: threadA })),
      answer(runSession(standin, 'end', [], { channelId: threadB })),
    ]);
  });

  it('applies concurrent "next" presses once each, in order, and a double click only once', async () => {
    const { standin, context } = harness;
    const second = standin.addUser('co-moderator', ALL_PERMISSIONS);
    const channelId = standin.addChannel('busy-room');
    await answer(
      runSession(standin, 'start', [option('document', 'park-2013'), option('title', 'Busy')], { channelId }),
    );
    const threadId = await threadOf(context, standin, channelId);

    const pressA = runSession(standin, 'next', [], { channelId: threadId });
    const pressB = runSession(standin, 'next', [], { channelId: threadId, user: second });
    await Promise.all([answer(pressA), answer(pressB)]);
    await until(() => stepMessages(standin, threadId).length === 3, 'two more steps');
    expect((await context.sessions.getByThread(threadId))?.position).toBe(2);
    expect(stepTitles(standin, threadId)).toEqual([
      'Busy · step 1 of 7',
      'Busy · step 2 of 7',
      'Busy · step 3 of 7',
    ]);

    // Both moderators press the same Next button: it carries step 3, so only one press can move.
    const latest = stepMessages(standin, threadId)[2] as StoredMessage;
    const nextId = button(latest, /Next/).custom_id;
    const clicks = [
      standin.clickButton(latest, nextId, { user: standin.users.moderator }),
      standin.clickButton(latest, nextId, { user: second }),
    ];
    const responses = await Promise.all(clicks.map((click) => click.response));
    expect(responses.filter((response) => response.type === 7)).toHaveLength(1);
    const stale = responses.find((response) => response.type === 4);
    expect(stale?.data.content).toMatch(/already moved/);
    await until(() => stepMessages(standin, threadId).length === 4, 'step 4');
    expect((await context.sessions.getByThread(threadId))?.position).toBe(3);
    const titles = stepTitles(standin, threadId);
    expect(new Set(titles).size).toBe(titles.length);
    expect(
      (await context.sessions.steps((await context.sessions.getByThread(threadId))?.id ?? 0)).map(
        (s) => s.position,
      ),
    ).toEqual([0, 1, 2, 3]);
    await answer(runSession(standin, 'end', [], { channelId: threadId }));
  });

  it('pauses and resumes, refusing to move while paused', async () => {
    const { standin, context } = harness;
    const channelId = standin.addChannel('pausing');
    await answer(runSession(standin, 'start', [option('document', 'park-2013')], { channelId }));
    const threadId = await threadOf(context, standin, channelId);
    await answer(runSession(standin, 'pause', [], { channelId: threadId }));
    const blocked = await answer(runSession(standin, 'next', [], { channelId: threadId }));
    expect(blocked.content).toMatch(/paused/);
    expect((await context.sessions.getByThread(threadId))?.position).toBe(0);
    await answer(runSession(standin, 'resume', [], { channelId: threadId }));
    await answer(runSession(standin, 'next', [], { channelId: threadId }));
    expect((await context.sessions.getByThread(threadId))?.position).toBe(1);
    const notices = standin
      .messagesIn(threadId)
      .filter((message) => message.interaction_token === undefined && message.content !== '')
      .map((message) => message.content);
    expect(notices).toEqual([expect.stringMatching(/paused/), expect.stringMatching(/resumes at step 1/)]);
    await answer(runSession(standin, 'end', [], { channelId: threadId }));
  });

  it('limits /search in the thread to covered passages of the session document when spoilers are off', async () => {
    const { standin, context } = harness;
    const channelId = standin.addChannel('no-spoilers');
    await answer(
      runSession(
        standin,
        'start',
        [option('document', 'park-2013'), option('pace', 2), option('spoilers', false)],
        {
          channelId,
        },
      ),
    );
    const threadId = await threadOf(context, standin, channelId);
    const locatorsOf = (data: Json) => ((data.embeds as Embed[])[0]?.fields ?? []).map((field) => field.name);

    const outside = await standin.command('search', [option('query', 'coercive engagement')], { channelId })
      .response;
    expect(locatorsOf(outside.data).some((name) => name.includes('Park (2013), para. 5'))).toBe(true);
    expect(locatorsOf(outside.data).some((name) => name.includes('Jung'))).toBe(true);

    const inside = await standin.command('search', [option('query', 'North Korea')], { channelId: threadId })
      .response;
    const insideLocators = locatorsOf(inside.data);
    expect(insideLocators.length).toBeGreaterThan(0);
    expect(insideLocators.every((name) => /Park \(2013\), para\. [12]$/.test(name))).toBe(true);
    expect((inside.data.embeds as Embed[])[0]?.description).toContain('covered so far');

    // /cite in the thread cites from the session's document and covered passages too.
    const cited = await standin.command('cite', [option('query', 'North Korea')], { channelId: threadId })
      .response;
    expect((cited.data.embeds as Embed[])[0]?.title).toMatch(/^APA 7: Park \(2013\), para\. [12]$/);
    const citedOutside = await standin.command('cite', [option('query', 'positive engagement')], {
      channelId,
    }).response;
    expect((citedOutside.data.embeds as Embed[])[0]?.title).toMatch(/Jung/);

    // /quote, Check quote and Find in readings keep to what has been read as well: para. 5 is unread.
    const unread = 'the UNSC should begin considering all available options';
    const quoted = await standin.command('quote', [option('text', unread)], { channelId: threadId }).response;
    const quotedText = JSON.stringify(quoted.data);
    expect(quotedText).not.toContain('para. 5');
    expect(quotedText).not.toContain('military option');
    const message = standin.postUserMessage(threadId, unread);
    const checked = await standin.messageContextMenu('Check quote', message).response;
    expect(JSON.stringify(checked.data)).not.toContain('para. 5');
    const found = await standin.messageContextMenu('Find in readings', message).response;
    const foundLocators = locatorsOf(found.data);
    expect(foundLocators.every((name) => /Park \(2013\), para\. [12]$/.test(name))).toBe(true);
    const outsideQuote = await standin.command('quote', [option('text', unread)], { channelId }).response;
    expect(JSON.stringify(outsideQuote.data)).toContain('para. 5');

    await answer(runSession(standin, 'next', [], { channelId: threadId }));
    const later = await standin.command('search', [option('query', 'North Korea')], { channelId: threadId })
      .response;
    expect(locatorsOf(later.data).length).toBeGreaterThan(insideLocators.length);
    expect(locatorsOf(later.data).every((name) => /para\. [1-4]$/.test(name))).toBe(true);
    await answer(runSession(standin, 'end', [], { channelId: threadId }));
  });

  it('steps through a reading, not its bibliography: whole passages at any pace, the reference list as one step', async () => {
    const { standin, context } = harness;
    const jung = context.corpus.getDocument('jung-2013');
    const abstract = context.corpus.getPassage('jung-2013#abstract');
    if (!jung || !abstract) throw new Error('the library lacks the Jung fixture');
    const channelId = standin.addChannel('jung-whole');
    const started = await answer(
      runSession(standin, 'start', [option('document', 'jung-2013'), option('pace', 3)], { channelId }),
    );
    expect(started.content).toMatch(/in 2 steps/);
    const threadId = await threadOf(context, standin, channelId);
    const [first] = stepMessages(standin, threadId);
    const reading = embedsOf(first)[0]?.description ?? '';
    // Every sentence of the abstract is shown whole, the last one included.
    const lastSentence = abstract.sentences.at(-1);
    const closing = abstract.text
      .slice(lastSentence?.start, lastSentence?.end)
      .replace(/[*_~`|>\\[\]()-]/g, '');
    expect(reading.replace(/\\/g, '').replace(/[*_~`|>[\]()-]/g, '')).toContain(closing);
    expect(reading).not.toMatch(/…/);
    expect(reading).toContain('**keywords**');
    expect(reading).not.toContain('reference 1');

    await answer(runSession(standin, 'next', [], { channelId: threadId }));
    await until(() => stepMessages(standin, threadId).length === 2, 'the reference-list step');
    const references = stepMessages(standin, threadId)[1] as StoredMessage;
    const step = embedsOf(references)[0] as Embed;
    expect(step.title).toBe('Reading: Jung (2013) · step 2 of 2');
    expect(step.description).toMatch(/^\*\*What Jung draws on\*\* \(reference 1 to reference 49\)/);
    expect(step.description).toMatch(/\*\*By decade:\*\* .*2000s \(\d+\)/);
    const decades = [...(step.description ?? '').matchAll(/\d{4}s \((\d+)\)/g)].map((match) =>
      Number(match[1]),
    );
    expect(decades.reduce((sum, count) => sum + count, 0)).toBe(jung.references.length);
    const prompts = step.fields?.[0]?.value.split('\n') ?? [];
    expect(prompts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(prompts.map((line) => line.replace(/^\d+\. /, ''))).size).toBe(prompts.length);
    const [file] = references.files;
    expect(file?.filename).toMatch(/^session-\d+-references\.md$/);
    expect((file?.data.toString('utf8') ?? '').trim().split(/\n\n/)).toHaveLength(jung.references.length);
    const status = await answer(runSession(standin, 'status', [], { channelId: threadId }));
    expect(embedsOf(status)[0]?.description).toContain('**Step:** 2 of 2 (reference 1 to reference 49)');
    await answer(runSession(standin, 'end', [], { channelId: threadId }));
  });

  it('reads a range with from: and to:, under a title that does not say "Reading" twice', async () => {
    const { standin, context } = harness;
    const channelId = standin.addChannel('park-middle');
    await answer(
      runSession(
        standin,
        'start',
        [option('document', 'park-2013'), option('from', '2'), option('to', 'para. 4')],
        {
          channelId,
        },
      ),
    );
    const threadId = await threadOf(context, standin, channelId);
    const session = await context.sessions.getByThread(threadId);
    expect(session?.passageIds).toEqual(['park-2013#p2', 'park-2013#p3', 'park-2013#p4']);
    expect(stepTitles(standin, threadId)).toEqual(['Reading: Park (2013) · step 1 of 3']);
    const announcement = standin.messagesIn(channelId).find((message) => embedsOf(message).length > 0);
    const announced = embedsOf(announcement)[0];
    expect(announced?.title).toBe('Reading: Park (2013)');
    expect(announced?.description).toContain('para. 2 to para. 4, in 3 steps');
    const everything = [...standin.messagesIn(channelId), ...standin.messagesIn(threadId)]
      .flatMap((message) => embedsOf(message).map((embed) => `${embed.title}\n${embed.description}`))
      .join('\n');
    expect(everything).not.toMatch(/Reading\b[^\n]*\bReading:/);
    const backwards = await answer(
      runSession(
        standin,
        'start',
        [option('document', 'park-2013'), option('from', '4'), option('to', '2')],
        {
          channelId: standin.addChannel('park-backwards'),
        },
      ),
    );
    expect(backwards.content).toMatch(/cannot run backwards/);
    await answer(runSession(standin, 'end', [], { channelId: threadId }));
  });

  it('refuses to schedule a reading more than a year ahead, saying so', async () => {
    const { standin } = harness;
    const before = standin.scheduledEvents.size;
    const refused = await answer(
      runSession(standin, 'schedule', [option('document', 'park-2013'), option('when', '9999-01-01T18:00')]),
    );
    expect(refused.flags).toBe(64);
    expect(refused.content).toMatch(/up to a year ahead/);
    expect(refused.content).toMatch(/9999.*is further/);
    expect(standin.scheduledEvents.size).toBe(before);
  });

  it('schedules a reading as an external server event and lists it in the status', async () => {
    const { standin, context } = harness;
    const reply = await answer(
      runSession(standin, 'schedule', [
        option('document', 'park-2013'),
        option('when', 'tomorrow 19:00'),
        option('from', '2'),
        option('to', 'para. 4'),
      ]),
    );
    expect(reply.content).toMatch(/^Scheduled \*\*Park \(2013\), para\. 2 to para\. 4\*\*/);
    const [event] = [...standin.scheduledEvents.values()];
    expect(event).toMatchObject({ entity_type: 3, name: 'Reading: Park (2013), para. 2 to para. 4' });
    expect(Date.parse(String(event?.scheduled_end_time))).toBeGreaterThan(
      Date.parse(String(event?.scheduled_start_time)),
    );
    expect(String(event?.description)).toContain(
      'Reading assignment: Park (2013), para. 2 to para. 4 (3 passages)',
    );
    const [stored] = await context.scheduledReadings.listUpcoming(standin.guildId);
    expect(stored?.discordEventId).toBe(event?.id);
    expect(stored?.startsAt.toISOString()).toBe(event?.scheduled_start_time);

    const status = await answer(runSession(standin, 'status', [], { user: standin.users.member }));
    const scheduled = embedsOf(status).find((embed) => embed.title === 'Scheduled readings');
    expect(scheduled?.description).toMatch(
      /Park \(2013\), para\. 2 to para\. 4 \(no one has marked themselves interested yet\)/,
    );

    const bad = await answer(
      runSession(standin, 'schedule', [option('document', 'park-2013'), option('when', 'whenever')]),
    );
    expect(bad.flags).toBe(64);
    expect(standin.scheduledEvents.size).toBe(1);
  });
});

// ---- restarts -------------------------------------------------------------------------------------------

interface Instance {
  context: AppContext;
  bot: Bot;
}

async function startInstance(standin: Standin, directory: string): Promise<Instance> {
  const logger = createLogger({
    level: 'warn',
    destination: new Writable({
      write(_chunk, _encoding, callback) {
        callback();
      },
    }),
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
    directory = mkdtempSync(join(tmpdir(), 'lectern-session-restart-'));
  });
  afterAll(async () => {
    for (const instance of opened) {
      await instance.bot.client.destroy();
      await instance.context.close();
    }
    await standin.close();
    rmSync(directory, { recursive: true, force: true });
  });
  afterEach(() => {
    expect(standin.violations).toEqual([]);
    for (const mentions of standin.allowedMentions) expect(mentions).toEqual({ parse: [] });
  });

  it('keeps a session intact through a crash, and fires an overdue auto-advance after the restart', async () => {
    const before = await startInstance(standin, directory);
    opened.push(before);
    const manualChannel = standin.addChannel('manual');
    const timedChannel = standin.addChannel('timed');
    await answer(
      runSession(standin, 'start', [option('document', 'park-2013'), option('title', 'Manual')], {
        channelId: manualChannel,
      }),
    );
    await answer(
      runSession(
        standin,
        'start',
        [option('document', 'park-2013'), option('title', 'Timed'), option('minutes', 1)],
        {
          channelId: timedChannel,
        },
      ),
    );
    const manualThread = await threadOf(before.context, standin, manualChannel);
    const timedThread = await threadOf(before.context, standin, timedChannel);
    await answer(runSession(standin, 'next', [], { channelId: manualThread }));
    const firstStep = stepMessages(standin, manualThread)[0] as StoredMessage;
    await standin.clickButton(firstStep, button(firstStep, /Join/).custom_id).response;
    await standin.command('note', [option('text', 'before the crash')], { channelId: manualThread }).response;

    const timed = await before.context.sessions.getByThread(timedThread);
    await before.context.sql.run('UPDATE reading_sessions SET last_advance_at = ? WHERE id = ?', [
      Date.now() - 2 * 60_000,
      timed?.id ?? null,
    ]);
    expect(stepMessages(standin, timedThread)).toHaveLength(1);

    // A crash: the gateway drops, nothing drains, the database is never closed (its WAL is not checkpointed).
    await before.bot.client.destroy();

    const after = await startInstance(standin, directory);
    opened.push(after);
    await until(() => stepMessages(standin, timedThread).length === 2, 'the overdue step after the restart');
    expect(stepTitles(standin, timedThread)).toEqual(['Timed · step 1 of 7', 'Timed · step 2 of 7']);
    const advanced = await after.context.sessions.getByThread(timedThread);
    expect(advanced?.position).toBe(1);
    expect(await after.context.sessions.steps(advanced?.id ?? 0)).toHaveLength(2);

    const status = await answer(
      runSession(standin, 'status', [], { channelId: manualThread, user: standin.users.member }),
    );
    const description = embedsOf(status)[0]?.description ?? '';
    expect(embedsOf(status)[0]?.title).toBe('Manual (active)');
    expect(description).toContain('**Step:** 2 of 7 (para. 2)');
    expect(description).toContain('**Attendance:** 2 · **Notes:** 1');
    expect(description).toContain('**Covered:** 2 of 7 passages');

    // Buttons posted before the crash still work against the stored state.
    const secondStep = stepMessages(standin, manualThread)[1] as StoredMessage;
    const next = await standin.clickButton(secondStep, button(secondStep, /Next/).custom_id, {
      user: standin.users.moderator,
    }).response;
    expect(next.type).toBe(7);
    await until(() => stepMessages(standin, manualThread).length === 3, 'step 3 after the restart');
    expect((await after.context.sessions.getByThread(manualThread))?.position).toBe(2);
  });
});
