import { createHash } from 'node:crypto';
import { type ChatInputCommandInteraction, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import type { SlashCommand } from '../../src/commands/types.js';
import { NO_MENTIONS } from '../../src/discord/mentions.js';
import type { StandinAttachment } from '../../src/discord-standin/server.js';
import { attachmentOption, option, useHarness } from './harness.js';
import { until } from './until.js';

/** What the bot saw of the attachment option, and what downloading its url gave. */
interface ProbeReport {
  guildId: string | null;
  channelId: string;
  name: string;
  size: number;
  contentType: string | null;
  url: string;
  proxyURL: string;
  sizeLimit: number;
  download: { status: number; bytes: number; sha256: string; contentType: string | null } | { error: string };
}

/**
 * A test-only command that reads an attachment option the way /library add does (getAttachment, then a
 * download of the url as given) and reports what it saw, so the test can compare it with what was uploaded.
 */
const probe = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('probe')
    .setDescription('Test only: read an attachment option')
    .addAttachmentOption((file) => file.setName('file').setDescription('A file').setRequired(true)),
  help: { description: 'Test only.', example: '/probe file: a.pdf' },
  async execute(interaction: ChatInputCommandInteraction) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const attachment = interaction.options.getAttachment('file', true);
    let download: ProbeReport['download'];
    try {
      const response = await fetch(attachment.url, { signal: AbortSignal.timeout(1000) });
      const body = Buffer.from(await response.arrayBuffer());
      download = {
        status: response.status,
        bytes: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
        contentType: response.headers.get('content-type'),
      };
    } catch (error) {
      download = { error: error instanceof Error ? error.name : String(error) };
    }
    const report: ProbeReport = {
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      name: attachment.name,
      size: attachment.size,
      contentType: attachment.contentType,
      url: attachment.url,
      proxyURL: attachment.proxyURL,
      sizeLimit: interaction.attachmentSizeLimit,
      download,
    };
    await interaction.editReply({
      content: `\`\`\`json\n${JSON.stringify(report)}\n\`\`\``,
      allowedMentions: NO_MENTIONS,
    });
  },
} satisfies SlashCommand;

const harness = useHarness({ commands: [...commands, probe], attachmentSizeLimit: 25 * 1024 * 1024 });

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function runProbe(attachment: StandinAttachment, guildId?: string): Promise<ProbeReport> {
  const record = harness.standin.command('probe', [attachmentOption('file', attachment)], {
    user: harness.standin.users.moderator,
    ...(guildId ? { guildId } : {}),
  });
  const content = await until(() => harness.standin.replyOf(record)?.content, 'the probe report');
  const json = /```json\n(.*)\n```/s.exec(content)?.[1];
  if (!json) throw new Error(`no probe report in ${JSON.stringify(content)}`);
  return JSON.parse(json) as ProbeReport;
}

describe('stand-in attachments (as Discord’s CDN serves them)', () => {
  const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 7), Buffer.from('\n%%EOF\n')]);

  it('hands the real discord.js client the attachment with its loopback url, size, name and type', async () => {
    const attachment = harness.standin.upload({ filename: 'reading.pdf', bytes: pdf });
    expect(attachment).toMatchObject({
      filename: 'reading.pdf',
      size: pdf.length,
      content_type: 'application/pdf',
    });
    const url = new URL(attachment.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe(`/attachments/${harness.standin.channelId}/${attachment.id}/reading.pdf`);
    expect([...url.searchParams.keys()]).toEqual(['ex', 'is', 'hm']);

    const report = await runProbe(attachment);
    expect(report).toMatchObject({
      guildId: harness.standin.guildId,
      name: 'reading.pdf',
      size: pdf.length,
      contentType: 'application/pdf',
      url: attachment.url,
      proxyURL: attachment.proxy_url,
      sizeLimit: 25 * 1024 * 1024,
    });
    expect(report.download).toEqual({
      status: 200,
      bytes: pdf.length,
      sha256: sha256(pdf),
      contentType: 'application/pdf',
    });
  });

  it('sends resolved.attachments exactly as Discord does, with content_type absent for an unknown type', async () => {
    const attachment = harness.standin.upload({ filename: 'notes.weird', bytes: 'x' });
    expect(attachment.content_type).toBeUndefined();
    const record = harness.standin.command('probe', [attachmentOption('file', attachment)]);
    const data = record.payload.data as { resolved: { attachments: Record<string, unknown> } };
    expect(data.resolved.attachments).toEqual({ [attachment.id]: attachment });
    expect(Object.keys(attachment).sort()).toEqual(
      ['ephemeral', 'filename', 'id', 'proxy_url', 'size', 'url'].sort(),
    );
    await until(() => harness.standin.replyOf(record)?.content, 'the first probe');
    const report = await runProbe(attachment);
    expect(report.contentType).toBeNull();
    expect(report.download).toMatchObject({ status: 200, bytes: 1, contentType: 'application/octet-stream' });
  });

  it('refuses an upload over attachment_size_limit, as Discord’s client does, and can declare another size', async () => {
    const limit = 25 * 1024 * 1024;
    expect(() => harness.standin.upload({ filename: 'huge.pdf', bytes: Buffer.alloc(limit + 1) })).toThrow(
      /attachment_size_limit/,
    );
    expect(() =>
      harness.standin.upload({ filename: 'huge.pdf', bytes: 'x', declaredSize: limit + 1 }),
    ).toThrow(/attachment_size_limit/);
    const lying = harness.standin.upload({ filename: 'lying.pdf', bytes: pdf, declaredSize: limit });
    const report = await runProbe(lying);
    expect(report.size).toBe(limit);
    expect(report.download).toMatchObject({ status: 200, bytes: pdf.length });
  });

  it('serves an attachment only at the url it gave: another id, name or signature is 404', async () => {
    const attachment = harness.standin.upload({ filename: 'a.txt', bytes: 'hello' });
    const good = await fetch(attachment.url);
    expect(good.status).toBe(200);
    expect(good.headers.get('content-length')).toBe('5');
    expect(good.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await good.text()).toBe('hello');
    expect((await fetch(attachment.proxy_url)).status).toBe(200);
    const tampered = [
      attachment.url.replace(/hm=[0-9a-f]+/, 'hm=00'),
      attachment.url.replace(/\?.*$/, ''),
      attachment.url.replace('/a.txt', '/b.txt'),
      attachment.url.replace(attachment.id, String(BigInt(attachment.id) + 1n)),
    ];
    for (const url of tampered) {
      const response = await fetch(url);
      expect(response.status, url).toBe(404);
      await response.body?.cancel();
    }
  });

  it('makes the CDN misbehave on request: 404, 500, other bytes than declared, a cut-off body, no answer', async () => {
    const attachment = harness.standin.upload({ filename: 'broken.pdf', bytes: pdf });

    harness.standin.setCdnBehaviour(attachment, { kind: 'status', status: 404 });
    expect((await runProbe(attachment)).download).toMatchObject({ status: 404 });
    harness.standin.setCdnBehaviour(attachment, { kind: 'status', status: 500 });
    expect((await runProbe(attachment)).download).toMatchObject({ status: 500 });

    const larger = Buffer.alloc(pdf.length * 3, 1);
    harness.standin.setCdnBehaviour(attachment, { kind: 'body', bytes: larger });
    const swapped = await runProbe(attachment);
    expect(swapped.size).toBe(pdf.length);
    expect(swapped.download).toMatchObject({ status: 200, bytes: larger.length, sha256: sha256(larger) });

    harness.standin.setCdnBehaviour(attachment, { kind: 'truncate', after: 100 });
    const cut = await fetch(attachment.url);
    expect(cut.headers.get('content-length')).toBe(String(pdf.length));
    await expect(cut.arrayBuffer()).rejects.toThrow();
    expect((await runProbe(attachment)).download).toHaveProperty('error');

    harness.standin.setCdnBehaviour(attachment, { kind: 'hang' });
    expect((await runProbe(attachment)).download).toEqual({ error: 'TimeoutError' });

    harness.standin.setCdnBehaviour(attachment);
    expect((await runProbe(attachment)).download).toMatchObject({ status: 200, sha256: sha256(pdf) });
  });

  it('serves the files the bot attaches to its own messages at their attachment urls', async () => {
    const record = harness.standin.command(
      'cite',
      [option('query', 'military option'), option('style', 'bibtex')],
      { user: harness.standin.users.moderator },
    );
    await record.response;
    await until(() => harness.standin.replyOf(record)?.attachments.length, 'the .bib file');
    const message = harness.standin.replyOf(record);
    const [attachment] = message?.attachments ?? [];
    expect(attachment?.filename).toMatch(/\.bib$/);
    const response = await fetch(attachment?.url ?? '');
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(message?.files[0]?.data);
  });
});

describe('stand-in with two guilds', () => {
  it('delivers a second guild to the bot and routes its interactions with its own ids', async () => {
    const second = await harness.addGuild('Second Reading Group');
    expect(second.id).not.toBe(harness.standin.guildId);
    const guild = harness.bot.client.guilds.cache.get(second.id);
    expect(guild?.name).toBe('Second Reading Group');
    expect(guild?.channels.cache.has(second.channelId)).toBe(true);
    expect(guild?.roles.everyone.id).toBe(second.id);
    expect(harness.standin.commands.guild.get(second.id)?.some((c) => c.name === 'probe')).toBe(true);

    const attachment = harness.standin.upload({
      filename: 'two.md',
      bytes: '# Two',
      channelId: second.channelId,
    });
    const report = await runProbe(attachment, second.id);
    expect(report).toMatchObject({ guildId: second.id, channelId: second.channelId, name: 'two.md' });
    expect(report.download).toMatchObject({
      status: 200,
      bytes: 5,
      contentType: 'text/markdown; charset=utf-8',
    });

    const record = harness.standin.command('settings', [], { guildId: second.id });
    expect(record.payload).toMatchObject({
      guild_id: second.id,
      channel_id: second.channelId,
      channel: { guild_id: second.id },
      guild: { id: second.id },
    });
    expect((await record.response).data.flags).toBe(64);
    // The first guild is still the default.
    expect(harness.standin.command('settings').payload.guild_id).toBe(harness.standin.guildId);
  });

  it('keeps server settings apart: a change in one guild is not seen in the other', async () => {
    const second = await harness.addGuild();
    const set = await harness.standin.command('settings', [option('timezone', 'Asia/Seoul')], {
      user: harness.standin.users.moderator,
      guildId: second.id,
    }).response;
    expect(set.data.flags).toBe(64);
    expect((await harness.context.settings.get(second.id)).timeZone).toBe('Asia/Seoul');
    expect((await harness.context.settings.get(harness.standin.guildId)).timeZone).not.toBe('Asia/Seoul');
  });

  it('refuses an interaction in a channel of another guild than the one named, as Discord never sends one', () => {
    expect(() =>
      harness.standin.command('settings', [], {
        guildId: harness.standin.guildId,
        channelId: [...harness.standin.guilds.values()][1]?.channelId ?? '',
      }),
    ).toThrow(/not in guild/);
  });
});
