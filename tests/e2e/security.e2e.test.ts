import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/discord-standin/server.js';
import { option, useHarness } from './harness.js';

type Json = Record<string, unknown>;
type Embed = { title?: string; description?: string };
type Control = { custom_id: string; label?: string };

const harness = useHarness();

const controls = (message: StoredMessage): Control[] =>
  (message.components as unknown as Array<{ components: Control[] }>).flatMap((row) => row.components);
const titleOf = (message: StoredMessage) => (message.embeds[0] as Embed | undefined)?.title;

/** The message as a tampered client could present it: the same message, carrying a control of its choosing. */
function carrying(message: StoredMessage, control: Json): StoredMessage {
  return { ...message, components: [{ type: 1, components: [control] }] };
}
const styleMenu = (customId: string): Json => ({
  type: 3,
  custom_id: customId,
  options: [{ label: 'APA 7', value: 'apa' }],
});
const citeButton = (customId: string): Json => ({ type: 2, style: 2, custom_id: customId, label: 'Cite 1' });

async function citeIn(channelId: string, options = [option('document', 'park-2013')]) {
  const interaction = harness.standin.command('cite', options, { channelId });
  await interaction.response;
  return harness.standin.replyOf(interaction) as StoredMessage;
}

/** A live session without spoilers whose thread has covered only the first paragraph of Park (2013). */
async function spoilerFreeThread(): Promise<string> {
  const { standin, context } = harness;
  const channelId = standin.addChannel('no-spoilers');
  const threadId = standin.addChannel('no-spoilers-thread');
  const document = context.corpus.getDocument('park-2013');
  const passageIds = (document?.passages ?? []).filter((p) => p.kind === 'paragraph').map((p) => p.id);
  const session = await context.sessions.start({
    guildId: standin.guildId,
    channelId,
    documentId: 'park-2013',
    passageIds,
    startedBy: standin.users.moderator.id,
    spoilers: false,
  });
  await context.sessions.setThread(session.id, threadId);
  expect((await context.sessions.getByThread(threadId))?.coveredPassageIds).toEqual(['park-2013#p1']);
  return threadId;
}

describe('the /cite style menu', () => {
  it('switches style only for the person who ran /cite', async () => {
    const { standin } = harness;
    const message = await citeIn(standin.channelId);
    const menu = controls(message)[0]?.custom_id ?? '';
    const before = titleOf(message);

    const other = await standin.selectMenu(message, menu, ['mla'], { user: standin.users.moderator })
      .response;
    expect(other.type).toBe(4);
    expect(other.data.flags).toBe(64);
    expect(other.data.content).toMatch(/Only the person who ran this \/cite/);
    expect(titleOf(message)).toBe(before);

    const own = await standin.selectMenu(message, menu, ['mla']).response;
    expect(own.type).toBe(7);
    expect(titleOf(message)).toMatch(/^MLA 9: /);
  });
});

describe('forged custom ids', () => {
  it('refuses an id that is not on the message it came from, and changes nothing', async () => {
    const { standin } = harness;
    const message = await citeIn(standin.channelId);
    const before = JSON.stringify(message.embeds);
    for (const forged of ['cite:style:p:park-2013#p6:0', 'cite:style:x', 'nonsense', 'search:page:zz:1']) {
      const refusal = await standin.selectMenu(message, forged, ['apa']).response;
      expect(refusal.type).toBe(4);
      expect(refusal.data.flags).toBe(64);
      expect(refusal.data.content).toMatch(/no longer works/);
    }
    expect(JSON.stringify(message.embeds)).toBe(before);
    expect(harness.logs.join('')).toMatch(/"code":"stale"/);
  });

  it('refuses a malformed id even when the message carries it', async () => {
    const { standin } = harness;
    const message = await citeIn(standin.channelId);
    for (const malformed of ['cite:style:p:park-2013#p6', 'cite:style:q:park-2013#p6:0', 'cite:style:p::0']) {
      const refusal = await standin.selectMenu(carrying(message, styleMenu(malformed)), malformed, ['apa'])
        .response;
      expect(refusal.data.flags).toBe(64);
      expect(refusal.data.content).toMatch(/This menu no longer works\. Run \/cite again\./);
    }
  });

  it('cannot show a passage a spoiler-free session has not reached, by menu or by button', async () => {
    const { standin } = harness;
    const threadId = await spoilerFreeThread();
    const message = await citeIn(threadId);
    expect(message.channel_id).toBe(threadId);

    const ahead = 'cite:style:p:park-2013#p6:0';
    const refused = await standin.selectMenu(carrying(message, styleMenu(ahead)), ahead, ['apa']).response;
    expect(refused.type).toBe(4);
    expect(refused.data.flags).toBe(64);
    expect(refused.data.content).toMatch(/has not reached that passage/);
    expect(titleOf(message)).not.toMatch(/para\. 6/);

    const cite = 'search:cite:park-2013#p6';
    const refusedCite = await standin.clickButton(carrying(message, citeButton(cite)), cite).response;
    expect(refusedCite.data.content).toMatch(/has not reached that passage/);

    // A passage the session has covered is still shown: the check refuses what is ahead, not everything.
    const covered = 'cite:style:p:park-2013#p1:0';
    const shown = await standin.selectMenu(carrying(message, styleMenu(covered)), covered, ['apa']).response;
    expect(shown.type).toBe(7);
    expect(titleOf(message)).toBe('APA 7: Park (2013), para. 1');

    // Outside the thread the same id is an ordinary citation.
    const outside = await citeIn(standin.channelId);
    const open = await standin.selectMenu(carrying(outside, styleMenu(ahead)), ahead, ['apa']).response;
    expect(open.type).toBe(7);
    expect(titleOf(outside)).toBe('APA 7: Park (2013), para. 6');
  });
});

describe('/settings moderator_role', () => {
  const role = (id: string, managed: boolean, name: string) => ({
    id,
    name,
    permissions: '0',
    position: 1,
    color: 0,
    hoist: false,
    managed,
    mentionable: false,
    flags: 0,
  });
  const setRole = (roleJson: Json) =>
    harness.standin.command('settings', [{ name: 'moderator_role', type: 8, value: roleJson.id }], {
      user: harness.standin.users.moderator,
      resolved: { roles: { [String(roleJson.id)]: roleJson } },
    }).response;

  it('refuses @everyone and managed roles, and changes nothing', async () => {
    const { standin, context } = harness;
    const everyone = await setRole(role(standin.guildId, false, '@everyone'));
    expect(everyone.data.flags).toBe(64);
    expect(everyone.data.content).toMatch(/everyone role cannot be the moderator role/);
    expect(everyone.data.content).not.toMatch(/(?<!\u200b)@everyone/);
    const managed = await setRole(role(standin.snowflake(), true, 'Some Bot'));
    expect(managed.data.flags).toBe(64);
    expect(managed.data.content).toMatch(/managed by a bot or an integration/);
    expect((await context.settings.get(standin.guildId)).moderatorRoleId).toBeNull();
  });

  it('saves a role people can be given', async () => {
    const { standin, context } = harness;
    const id = standin.snowflake();
    const saved = await setRole(role(id, false, 'Reading lead'));
    expect(JSON.stringify(saved.data)).toMatch(/Settings saved/);
    expect((await context.settings.get(standin.guildId)).moderatorRoleId).toBe(id);
    await context.settings.update(standin.guildId, { moderatorRoleId: null });
  });
});
