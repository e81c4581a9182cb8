import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { type ChatInputCommandInteraction, SlashCommandBuilder } from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import { commandHelp, commands } from '../../src/commands/index.js';
import type { SlashCommand } from '../../src/commands/types.js';
import { loadConfig } from '../../src/config.js';
import { NO_MENTIONS } from '../../src/discord/mentions.js';
import { resolveLocalPath } from '../../src/local/attach.js';
import { localModeConfig } from '../../src/local/local-mode.js';
import { deployToStandinGuild } from '../../src/local/standin-bot.js';
import { useHarness } from '../e2e/harness.js';
import { useTerminal } from './typing.js';

/** Stands in for /library add until it lands: reads the attachment option and downloads it as given. */
const shelve = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('shelve')
    .setDescription('Test only: take a file')
    .addAttachmentOption((file) => file.setName('file').setDescription('A file').setRequired(true)),
  help: { description: 'Test only: take a file.', example: '/shelve file: ./a.pdf' },
  async execute(interaction: ChatInputCommandInteraction) {
    const attachment = interaction.options.getAttachment('file', true);
    const body = Buffer.from(await (await fetch(attachment.url)).arrayBuffer());
    await interaction.reply({
      content: `Got ${attachment.name}: ${attachment.size} bytes declared, ${body.length} downloaded, starts "${body.subarray(0, 8).toString('latin1')}", in server ${interaction.guildId}`,
      allowedMentions: NO_MENTIONS,
    });
  },
} satisfies SlashCommand;

const limit = 64 * 1024;
const harness = useHarness({ commands: [...commands, shelve], attachmentSizeLimit: limit });
const directory = mkdtempSync(path.join(tmpdir(), 'lectern-terminal-files-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
mkdirSync(path.join(directory, 'my readings'));
writeFileSync(path.join(directory, 'my readings', 'park 2013.pdf'), '%PDF-1.7 a small reading');
writeFileSync(path.join(directory, 'big.pdf'), Buffer.alloc(limit + 1, 1));
writeFileSync(path.join(directory, 'huge.pdf'), Buffer.alloc(limit * 3, 1));
writeFileSync(path.join(directory, 'at-limit.pdf'), Buffer.alloc(limit, 1));

const local = useTerminal(() => ({
  standin: harness.standin,
  definitions: [...commands, shelve].map((command) => command.data.toJSON()),
  commandHelp,
  timeZone: 'UTC',
  workingDirectory: directory,
  addGuild: async () => {
    const guild = harness.standin.addGuild();
    await deployToStandinGuild(harness.standin, guild.id, [...commands, shelve]);
    return guild;
  },
}));
const { type } = local;

describe('a file option in the local terminal', () => {
  it('uploads the file at the typed path (spaces, quotes) and the bot downloads it over loopback', async () => {
    for (const line of [
      '/shelve file: ./my readings/park 2013.pdf',
      '/shelve file: "my readings/park 2013.pdf"',
      `/shelve file: '${path.join(directory, 'my readings', 'park 2013.pdf')}'`,
    ]) {
      const reply = await type(line);
      expect(reply).toContain(
        `Got park 2013.pdf: 24 bytes declared, 24 downloaded, starts "%PDF-1.7", in server ${harness.standin.guildId}`,
      );
    }
  });

  it('refuses, before anything reaches Discord, a missing file, a folder and a file over the upload limit', async () => {
    const before = harness.standin.interactions.size;
    expect(await type('/shelve file: ./nope.pdf')).toBe(
      `file: there is no file ${path.join(directory, 'nope.pdf')} (paths are relative to the folder you started Lectern in)`,
    );
    expect(await type('/shelve file: ./my readings')).toBe(
      `file: ${path.join(directory, 'my readings')} is a folder; give the path of a file in it`,
    );
    expect(await type('/shelve file: big.pdf')).toBe(
      'file: big.pdf is 65537 bytes, over the 65536 bytes Discord takes per file here',
    );
    expect(await type('/shelve file: huge.pdf')).toBe(
      'file: huge.pdf is 192.0 KB, over the 64.0 KB Discord takes per file here',
    );
    expect(await type('/shelve')).toMatch(/Missing required option "file:"/);
    expect(harness.standin.interactions.size).toBe(before);
    expect(await type('/shelve file: at-limit.pdf')).toContain('65536 bytes declared, 65536 downloaded');
  });

  it('reads ~ as the home folder', () => {
    expect(resolveLocalPath('~/readings/a.pdf', directory)).toBe(path.join(homedir(), 'readings', 'a.pdf'));
    expect(resolveLocalPath('~', directory)).toBe(homedir());
    expect(resolveLocalPath('a~/b.pdf', directory)).toBe(path.join(directory, 'a~', 'b.pdf'));
  });
});

describe('several servers in the local terminal', () => {
  it('lists the servers, moves to a new one, and keeps its settings apart from the first', async () => {
    expect(await type('guild')).toMatch(/1\. Lectern Reading Group {2}\(you are here\)/);
    expect(await type('guild 3')).toMatch(/There is no server 3\. "guild 2" adds one\./);
    expect(await type('guild 2')).toMatch(
      /joined a new server, Reading Group 2[\s\S]*You are in Reading Group 2/,
    );
    expect(local.terminal.prompt).toBe('moderator [Reading Group 2]> ');
    const second = local.terminal.guild.id;
    expect(second).not.toBe(harness.standin.guildId);

    expect(await type('/shelve file: "my readings/park 2013.pdf"')).toContain(`in server ${second}`);
    await type('/settings timezone: Asia/Tokyo');
    expect((await harness.context.settings.get(second)).timeZone).toBe('Asia/Tokyo');
    expect(await type('/settings')).toContain('Asia/Tokyo');

    expect(await type('guild 1')).toContain('You are in Lectern Reading Group');
    expect(local.terminal.prompt).toBe('moderator> ');
    expect(await type('/settings')).not.toContain('Asia/Tokyo');
    expect((await harness.context.settings.get(harness.standin.guildId)).timeZone).toBeNull();
  });
});

describe('local mode configuration', () => {
  it('makes the person at the terminal an operator, unless OPERATOR_IDS names others', () => {
    const standin = harness.standin;
    expect(localModeConfig(loadConfig({}), standin).operatorIds).toEqual([standin.users.moderator.id]);
    const named = loadConfig({ OPERATOR_IDS: '123456789012345678' });
    expect(localModeConfig(named, standin).operatorIds).toEqual(['123456789012345678']);
  });
});
