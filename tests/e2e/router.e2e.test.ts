import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { createAppContext } from '../../src/app/create.js';
import type { SlashCommand } from '../../src/commands/types.js';
import { loadConfig } from '../../src/config.js';
import { type Bot, createBot } from '../../src/discord/client.js';
import { commandIds, field } from '../../src/discord/custom-id.js';
import { deployCommands } from '../../src/discord/deploy.js';
import {
  PERMISSIONS,
  type Standin,
  type StoredMessage,
  startStandin,
} from '../../src/discord-standin/server.js';
import { createLogger } from '../../src/logger.js';

/**
 * The router's contract, with a command made for the test: preconditions per command, per subcommand and
 * per control, refusals in the command's words, and controls routed by the codec's prefix and action.
 */
const ran: string[] = [];
const probeIds = commandIds('probe', 'This probe button no longer works.');
const openId = probeIds.action('open', { n: field.int(0, 9) });
const guardedId = probeIds.action('guarded', { n: field.int(0, 9) });
const NO_MENTIONS = { parse: [] } as const;

const probe: SlashCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('probe')
    .setDescription('Test command')
    .addSubcommand((sub) => sub.setName('open').setDescription('Anyone'))
    .addSubcommand((sub) => sub.setName('lead').setDescription('Moderators')),
  help: { description: 'Test command', example: '/probe open' },
  preconditions: ['guildOnly'],
  subcommandPreconditions: { lead: ['moderator'] },
  refusals: { moderator: 'Only probe moderators may lead.' },
  async execute(interaction) {
    ran.push(`execute:${interaction.options.getSubcommand()}`);
    await interaction.reply({
      content: 'probed',
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, custom_id: openId.encode({ n: 1 }), label: 'Open' },
            { type: 2, style: 2, custom_id: guardedId.encode({ n: 2 }), label: 'Guarded' },
          ],
        },
      ],
      allowedMentions: NO_MENTIONS,
    });
  },
  components: [
    openId.button(async (interaction, { n }) => {
      ran.push(`open:${n}`);
      await interaction.reply({
        content: `open ${n}`,
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_MENTIONS,
      });
    }),
    guardedId.button(
      async (interaction, { n }) => {
        ran.push(`guarded:${n}`);
        await interaction.reply({
          content: `guarded ${n}`,
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
      },
      { preconditions: ['manageServer'] },
    ),
  ],
};

let standin: Standin;
let context: AppContext;
let bot: Bot;
let directory: string;

beforeAll(async () => {
  standin = await startStandin();
  directory = mkdtempSync(join(tmpdir(), 'lectern-router-'));
  const logger = createLogger({
    level: 'silent',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
  context = await createAppContext(loadConfig({ DATABASE_PATH: join(directory, 'db.sqlite') }), logger, []);
  await deployCommands({
    token: standin.token,
    apiUrl: standin.apiUrl,
    guildId: standin.guildId,
    definitions: [probe.data.toJSON()],
  });
  bot = createBot(context, [probe], standin.apiUrl);
  await bot.start(standin.token);
});

afterAll(async () => {
  await bot?.stop();
  context?.close();
  await standin?.close();
  rmSync(directory, { recursive: true, force: true });
});

afterEach(() => {
  expect(standin.violations).toEqual([]);
  for (const mentions of standin.allowedMentions) expect(mentions).toEqual({ parse: [] });
});

const sub = (name: string) => [{ name, type: 1, options: [] }];

describe('the router', () => {
  it('checks a subcommand’s preconditions and answers a refusal privately in the command’s words', async () => {
    ran.length = 0;
    const open = await standin.command('probe', sub('open')).response;
    expect(open.data.content).toBe('probed');
    const refused = await standin.command('probe', sub('lead')).response;
    expect(refused.data).toMatchObject({ content: 'Only probe moderators may lead.', flags: 64 });
    const led = await standin.command('probe', sub('lead'), { user: standin.users.moderator }).response;
    expect(led.data.content).toBe('probed');
    expect(ran).toEqual(['execute:open', 'execute:lead']);
  });

  it('counts Manage Events, or the moderator role from /settings, as a moderator', async () => {
    ran.length = 0;
    const roleId = standin.snowflake();
    standin.dispatch('GUILD_ROLE_CREATE', {
      guild_id: standin.guildId,
      role: {
        id: roleId,
        name: 'Probe lead',
        permissions: '0',
        position: 1,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    });
    const events = standin.addUser('events', PERMISSIONS.MANAGE_EVENTS.toString());
    const withRole = standin.addUser('lead', undefined, [roleId]);
    expect((await standin.command('probe', sub('lead'), { user: events }).response).data.content).toBe(
      'probed',
    );
    expect((await standin.command('probe', sub('lead'), { user: withRole }).response).data.flags).toBe(64);
    await context.settings.update(standin.guildId, { moderatorRoleId: roleId });
    expect((await standin.command('probe', sub('lead'), { user: withRole }).response).data.content).toBe(
      'probed',
    );
    expect(ran).toEqual(['execute:lead', 'execute:lead']);
  });

  it('routes a control by prefix and action, checking the action’s own preconditions', async () => {
    const interaction = standin.command('probe', sub('open'));
    await interaction.response;
    const message = standin.replyOf(interaction) as StoredMessage;
    ran.length = 0;
    const open = await standin.clickButton(message, 'probe:open:1').response;
    expect(open.data.content).toBe('open 1');
    const guarded = await standin.clickButton(message, 'probe:guarded:2').response;
    expect(guarded.data).toMatchObject({ flags: 64 });
    expect(guarded.data.content).toMatch(/Manage Server/);
    const allowed = await standin.clickButton(message, 'probe:guarded:2', { user: standin.users.moderator })
      .response;
    expect(allowed.data.content).toBe('guarded 2');
    // A menu choice sent with a button's id is not the control the id was made for.
    const wrongKind = await standin.selectMenu(message, 'probe:open:1', ['x']).response;
    expect(wrongKind.data).toMatchObject({ content: 'This probe button no longer works.', flags: 64 });
    expect(ran).toEqual(['open:1', 'guarded:2']);
  });

  it('refuses as stale an unknown prefix or action, in the command’s words where it has some', async () => {
    const interaction = standin.command('probe', sub('open'));
    await interaction.response;
    const message = standin.replyOf(interaction) as StoredMessage;
    ran.length = 0;
    const forged = {
      ...message,
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, custom_id: 'probe:shut:1', label: 'x' },
            { type: 2, style: 2, custom_id: 'other:open:1', label: 'y' },
          ],
        },
      ],
    };
    const action = await standin.clickButton(forged, 'probe:shut:1').response;
    expect(action.data).toMatchObject({ content: 'This probe button no longer works.', flags: 64 });
    const prefix = await standin.clickButton(forged, 'other:open:1').response;
    expect(prefix.data.flags).toBe(64);
    expect(prefix.data.content).toMatch(/no longer works/);
    expect(ran).toEqual([]);
  });
});
