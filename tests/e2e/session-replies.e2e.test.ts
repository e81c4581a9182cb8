import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InteractionRecord, Standin, StoredMessage } from '../../src/discord-standin/server.js';
import { option, useHarness } from './harness.js';
import { until } from './until.js';

type Json = Record<string, unknown>;
type Embed = { title?: string; description?: string; footer?: { text: string } };
type Button = { custom_id: string; label: string };

// Thursday 10 December 2026, 10:00 in London. Only Date is faked, and it keeps ticking, so the client's
// sockets and timers run as usual while every "now" (the interaction's snowflake included) starts here.
const THURSDAY = new Date('2026-12-10T10:00:00Z');
vi.useFakeTimers({ toFake: ['Date'], now: THURSDAY, shouldAdvanceTime: true });
afterAll(() => {
  vi.useRealTimers();
});

const harness = useHarness();

beforeAll(async () => {
  await harness.context.settings.update(harness.standin.guildId, { timeZone: 'Europe/London' });
});

const sub = (name: string, options: Json[] = []) => [{ name, type: 1, options }];
const buttonsOf = (message: StoredMessage | undefined): Button[] =>
  ((message?.components ?? []) as unknown as Array<{ components: Button[] }>).flatMap(
    (row) => row.components,
  );
const embedsOf = (message: StoredMessage | undefined) => (message?.embeds ?? []) as Embed[];

/** A deferred reply counts as answered once its edit has landed. */
async function answer(record: InteractionRecord): Promise<StoredMessage> {
  const first = await record.response;
  if (first.type === 4 || first.type === 7) return record.original as StoredMessage;
  return until(
    () => (record.original?.content || record.original?.embeds.length ? record.original : undefined),
    'the deferred reply to be edited',
  );
}

function session(standin: Standin, subcommand: string, options: Json[] = [], channelId?: string) {
  return standin.command('session', sub(subcommand, options), {
    user: standin.users.moderator,
    ...(channelId ? { channelId } : {}),
  });
}

function scheduleWhen(standin: Standin, when: string): InteractionRecord {
  return session(standin, 'schedule', [option('document', 'park-2013'), option('when', when)]);
}

const eventStarts = (standin: Standin) =>
  [...standin.scheduledEvents.values()].map((event) => String(event.scheduled_start_time)).sort();

describe('/session schedule says which day it means', () => {
  it('schedules an unambiguous phrase at once, naming weekday, date, time and zone', async () => {
    const { standin } = harness;
    const reply = await answer(scheduleWhen(standin, 'friday 19:00'));
    expect(reply.content).toMatch(
      /^Scheduled \*\*Park \(2013\), para\. 1 to para\. 7\*\* for Friday 11 December 2026, 19:00 Europe\/London /,
    );
    expect(buttonsOf(reply)).toEqual([]);
    expect(eventStarts(standin)).toContain('2026-12-11T19:00:00.000Z');
  });

  it('asks which Friday "next friday" means, and the button pressed creates that one', async () => {
    const { standin } = harness;
    const before = standin.scheduledEvents.size;
    const asked = await answer(scheduleWhen(standin, 'next friday 18:30'));
    expect(asked.flags).toBe(64);
    expect(asked.content).toMatch(
      /^“next friday 18:30” can mean 2 times\. A weekday can mean this week’s or the next\.\n/,
    );
    expect(asked.content).toContain('Friday 11 December 2026, 18:30 Europe/London');
    expect(asked.content).toContain('Friday 18 December 2026, 18:30 Europe/London');
    expect(buttonsOf(asked).map((button) => button.label)).toEqual([
      'Friday 11 December 2026, 18:30',
      'Friday 18 December 2026, 18:30',
    ]);
    expect(standin.scheduledEvents.size).toBe(before);

    const later = buttonsOf(asked)[1] as Button;
    // A double click: both presses reach the bot before either has answered.
    const presses = [
      standin.clickButton(asked, later.custom_id, { user: standin.users.moderator }),
      standin.clickButton(asked, later.custom_id, { user: standin.users.moderator }),
    ];
    const responses = await Promise.all(presses.map((press) => press.response));
    expect(responses.map((response) => response.type).sort()).toEqual([4, 7]);
    expect(String(responses.find((response) => response.type === 4)?.data.content)).toMatch(
      /^That reading is already scheduled for Friday 18 December 2026, 18:30 Europe\/London/,
    );
    const done = await until(
      () => (/^Scheduled/.test(asked.content ?? '') ? asked : undefined),
      'the confirmation to become the scheduled reply',
    );
    expect(done.content).toContain('for Friday 18 December 2026, 18:30 Europe/London');
    expect(buttonsOf(done)).toEqual([]);
    expect(standin.scheduledEvents.size).toBe(before + 1);
    expect(eventStarts(standin)).toContain('2026-12-18T18:30:00.000Z');
    expect(eventStarts(standin)).not.toContain('2026-12-11T18:30:00.000Z');
  });

  it('refuses a moderator-only reading button to a member', async () => {
    const { standin } = harness;
    const asked = await answer(scheduleWhen(standin, '5/1 19:00'));
    expect(buttonsOf(asked).map((button) => button.label)).toEqual([
      'Tuesday 5 January 2027, 19:00',
      'Saturday 1 May 2027, 19:00',
    ]);
    expect(asked.content).toMatch(/day first and month first/);
    const before = standin.scheduledEvents.size;
    const refused = await standin.clickButton(asked, buttonsOf(asked)[0]?.custom_id ?? '', {
      user: standin.users.member,
    }).response;
    expect(String(refused.data.content)).toMatch(/Only moderators/);
    expect(standin.scheduledEvents.size).toBe(before);
  });

  it('asks to confirm the assumed time when only a date is given', async () => {
    const { standin } = harness;
    const asked = await answer(scheduleWhen(standin, 'tomorrow'));
    expect(asked.content).toMatch(/^“tomorrow” gives no time of day, so this would be at 19:00:\n/);
    expect(asked.content).toContain('Friday 11 December 2026, 19:00 Europe/London');
    expect(buttonsOf(asked).map((button) => button.label)).toEqual(['Friday 11 December 2026, 19:00']);
  });

  it('still refuses a date more than a year ahead', async () => {
    const { standin } = harness;
    const refused = await answer(scheduleWhen(standin, '2028-01-05T19:00'));
    expect(refused.content).toMatch(/up to a year ahead/);
  });
});

describe('session replies a newcomer reads', () => {
  it('a note is not attendance: the first Join after a note still puts the member on the list', async () => {
    const { standin, context } = harness;
    const channelId = standin.addChannel('note-then-join');
    await answer(session(standin, 'start', [option('document', 'park-2013')], channelId));
    const threadId = (await context.sessions.getLiveByChannel(standin.guildId, channelId))?.threadId ?? '';
    const noted = await standin.command('note', [option('text', 'first thought')], {
      channelId: threadId,
      user: standin.users.member,
    }).response;
    expect(String(noted.data.content)).toMatch(/press Join to be counted as attending/);
    const [step] = standin.messagesIn(threadId).filter((message) => buttonsOf(message).length > 0);
    const join = buttonsOf(step).find((button) => /Join/.test(button.label));
    const joined = await standin.clickButton(step as StoredMessage, join?.custom_id ?? '', {
      user: standin.users.member,
    }).response;
    expect(String(joined.data.content)).toMatch(/^You are on the attendance list .*\(2 attending\)/);
    const again = await standin.command('note', [option('text', 'second thought')], {
      channelId: threadId,
      user: standin.users.member,
    }).response;
    expect(String(again.data.content)).not.toMatch(/Join/);
    await answer(session(standin, 'end', [], threadId));
  });

  it('names what /search in the thread covers, in the status and on each step', async () => {
    const { standin, context } = harness;
    const guarded = standin.addChannel('guarded');
    await answer(
      session(standin, 'start', [option('document', 'park-2013'), option('spoilers', false)], guarded),
    );
    const guardedThread = (await context.sessions.getLiveByChannel(standin.guildId, guarded))?.threadId ?? '';
    const status = await answer(session(standin, 'status', [], guardedThread));
    const description = embedsOf(status)[0]?.description ?? '';
    expect(description).toContain('**Search in this thread:** only passages read so far');
    expect(description).not.toMatch(/Spoilers/);
    expect(description).toContain('**Covered:** 1 of 7 passages');
    const [step] = standin.messagesIn(guardedThread).filter((message) => embedsOf(message).length > 0);
    expect(embedsOf(step)[0]?.footer?.text).toContain('Search in this thread: only passages read so far');

    const open = standin.addChannel('open');
    await answer(
      session(
        standin,
        'start',
        [option('document', 'park-2013'), option('from', '3'), option('to', '3')],
        open,
      ),
    );
    const openThread = (await context.sessions.getLiveByChannel(standin.guildId, open))?.threadId ?? '';
    const openStatus = embedsOf(await answer(session(standin, 'status', [], openThread)))[0];
    expect(openStatus?.description).toContain('**Search in this thread:** the whole document');
    expect(openStatus?.description).toContain('**Covered:** 1 of 1 passage\n');
    const [openStep] = standin.messagesIn(openThread).filter((message) => embedsOf(message).length > 0);
    expect(embedsOf(openStep)[0]?.footer?.text).toContain('Search in this thread: the whole document');
    await answer(session(standin, 'end', [], guardedThread));
    await answer(session(standin, 'end', [], openThread));
  });
});
