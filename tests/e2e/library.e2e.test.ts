import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '../../src/discord-standin/server.js';
import { buildArticlePdf, buildImageOnlyPdf } from '../ingest/build.js';
import { option, useHarness } from './harness.js';
import {
  answer,
  buttons,
  embedsOf,
  type Json,
  library,
  type Served,
  startFileServer,
  sub,
} from './library-helpers.js';
import { until } from './until.js';

/**
 * /library add, edit, remove and reload through the real client, with readings fetched from a loopback web
 * server by `url:` (attachments are covered once the stand-in serves them).
 */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url));
const files = new Map<string, Served>([
  ['/article.pdf', { bytes: await buildArticlePdf(), type: 'application/pdf' }],
  ['/scan.pdf', { bytes: await buildImageOnlyPdf(), type: 'application/pdf' }],
  ['/encrypted.pdf', { bytes: fixture('encrypted.pdf'), type: 'application/pdf' }],
  ['/article.html', { bytes: fixture('article.html'), type: 'text/html; charset=utf-8' }],
  ['/plain.txt', { bytes: fixture('plain.txt'), type: 'text/plain; charset=utf-8' }],
  [
    '/noise.bin',
    { bytes: new Uint8Array([0, 1, 2, 3, 255, 254, 0, 7, 9, 0]), type: 'application/octet-stream' },
  ],
  ['/gone', { bytes: 'gone', type: 'text/plain', status: 500 }],
]);
const web = await startFileServer(files);
afterAll(() => web.close());

const harness = useHarness({ env: { FETCH_PRIVATE_NETWORKS: 'true', DOI_RESOLVER_URL: web.origin } });

const moderator = () => ({ user: harness.standin.users.moderator });
const addUrl = (path: string, options: Json[] = [], user = harness.standin.users.moderator) =>
  library(harness.standin, 'add', [option('url', web.url(path)), ...options], { user });

describe('/library subcommands', () => {
  it('registers list, add, edit, remove and reload under /library', () => {
    const registered = harness.standin.commands.guild.get(harness.standin.guildId) ?? [];
    const definition = registered.find((command) => command.name === 'library') as
      | { options: Array<{ name: string; options?: Array<{ name: string }> }> }
      | undefined;
    expect(definition?.options.map((entry) => entry.name)).toEqual([
      'list',
      'add',
      'edit',
      'remove',
      'reload',
    ]);
    const add = definition?.options.find((entry) => entry.name === 'add');
    expect(add?.options?.map((entry) => entry.name)).toEqual([
      'file',
      'url',
      'title',
      'author',
      'year',
      'type',
      'container',
      'publisher',
      'doi',
    ]);
  });

  it('refuses a member without Manage Server or the moderator role, and a non-operator reload', async () => {
    const member = harness.standin.users.member;
    for (const [subcommand, options] of [
      ['add', [option('url', web.url('/plain.txt'))]],
      ['edit', [option('document', 'park-2013'), option('year', 2000)]],
      ['remove', [option('document', 'park-2013')]],
    ] as const) {
      const refused = await library(harness.standin, subcommand, [...options], { user: member }).response;
      expect(refused.data.flags).toBe(64);
      expect(refused.data.content).toMatch(/Manage Server permission or the moderator role/);
    }
    const reload = await library(harness.standin, 'reload').response;
    expect(reload.data.flags).toBe(64);
    expect(reload.data.content).toMatch(/Only the operator/);
    expect(web.requests).toEqual([]);
  });

  it('lets the moderator role from /settings change the library, but not Manage Events alone', async () => {
    const { standin, context } = harness;
    const member = BigInt(standin.users.member.permissions);
    const eventsOnly = standin.addUser('events-only', (member | PERMISSIONS.MANAGE_EVENTS).toString());
    const refused = await library(standin, 'remove', [option('document', 'park-2013')], { user: eventsOnly })
      .response;
    expect(refused.data.content).toMatch(/Manage Server permission or the moderator role/);
    const leads = [...standin.roles.values()].find((role) => role.name === 'reading-leads');
    await context.settings.update(standin.guildId, { moderatorRoleId: String(leads?.id) });
    const lead = standin.addUser('lead', member.toString(), [String(leads?.id)]);
    const allowed = await library(standin, 'remove', [option('document', 'park-2013')], { user: lead })
      .response;
    // Past the precondition: the command itself says a shared document is not the server's to remove.
    expect(allowed.data.content).toMatch(/shared library/);
    await context.settings.update(standin.guildId, { moderatorRoleId: null });
  });

  it('asks for exactly one of file and url', async () => {
    const neither = await library(harness.standin, 'add', [option('title', 'X')]).response;
    expect(neither.data.flags).toBe(64);
    expect(neither.data.content).toMatch(/file:.*url:/);
    const notAUrl = await library(harness.standin, 'add', [option('url', 'ftp://example.org/x.pdf')])
      .response;
    expect(notAUrl.data.content).toMatch(/https:\/\//);
  });
});

describe('/library add', () => {
  it('adds a PDF: deferred privately, then the reference, contents, id, sources and missing fields; the server is told', async () => {
    const record = addUrl('/article.pdf');
    expect((await record.response).type).toBe(5);
    const reply = await answer(record);
    expect(reply.flags & 64).toBe(64);
    const [embed] = embedsOf(reply);
    expect(embed?.title).toMatch(/Added to this server’s library: Doe \(n\.d\.\)/);
    expect(embed?.description).toMatch(/Reading in groups/i);
    const contents = embed?.fields?.find((field) => field.name === 'Contents')?.value ?? '';
    expect(contents).toMatch(/paragraph/);
    expect(contents).toMatch(/from 3 pages/);
    expect(contents).toContain('`doe`');
    const missing = embed?.fields?.find((field) => field.name.startsWith('Missing'))?.value ?? '';
    expect(missing).toContain('/library edit document: doe year');
    const notice = await until(() => record.followUps[0], 'the public notice');
    expect(notice.flags & 64).toBe(0);
    expect(embedsOf(notice)[0]?.title).toMatch(/New in the library/);
    const stored = await harness.context.libraries.added(harness.standin.guildId);
    expect(stored.map((document) => document.id)).toEqual(['doe']);
  });

  it('serves the PDF to /search and /cite with page locators', async () => {
    const search = await harness.standin.command('search', [option('query', 'readers argue about the claim')])
      .response;
    expect(JSON.stringify(search.data)).toMatch(/Doe \(n\.d\.\), p\. 2/);
    const cite = await harness.standin.command('cite', [
      option('query', 'readers argue about the claim'),
      option('document', 'doe'),
    ]).response;
    expect(JSON.stringify(cite.data)).toMatch(/\(Doe, n\.d\., p\. 2\)/);
  });

  it('lists the reading as added here, beside the shared library', async () => {
    const list = await harness.standin.command('library', sub('list')).response;
    const text = JSON.stringify(list.data);
    expect(text).toMatch(/The library: 3 documents \(1 added here, 2 shared\)/);
    expect(text).toContain('Doe (n.d.) · added here');
    expect(text).toMatch(/Added <t:\d+:D> from a PDF \(3 pages\)/);
  });

  it('refuses the same file again, naming the reading it duplicates, without reading it', async () => {
    const before = harness.logs.filter((line) => line.includes('ingesting a new reading')).length;
    const record = addUrl('/article.pdf');
    const reply = await answer(record);
    expect(reply.flags & 64).toBe(64);
    expect(reply.content).toMatch(/already in the library as \*Reading in Groups\* \(`doe`\)/);
    expect(harness.logs.filter((line) => line.includes('ingesting a new reading')).length).toBe(before);
  });

  it('takes the metadata from a web page’s citation tags, and what the moderator typed over it', async () => {
    const reply = await answer(addUrl('/article.html', [option('type', 'article'), option('year', 2020)]));
    const [embed] = embedsOf(reply);
    expect(embed?.description).toMatch(/Reading together/i);
    expect(embed?.title).toMatch(/Park & Kim \(2020\)/);
    const sources = embed?.fields?.find((field) => field.name === 'Where each field came from')?.value ?? '';
    expect(sources).toMatch(/\*\*year\*\*: you/);
    const search = await harness.standin.command('search', [option('query', 'study groups argue')]).response;
    expect(JSON.stringify(search.data)).toContain('Park & Kim (2020)');
  });

  it('answers every bad file privately with what is wrong, and stores nothing', async () => {
    const before = (await harness.context.libraries.added(harness.standin.guildId)).length;
    const cases: Array<[string, RegExp]> = [
      ['/scan.pdf', /OCR/i],
      ['/encrypted.pdf', /encrypt|password/i],
      ['/noise.bin', /not one Lectern can read/],
      ['/gone', /500|answer/i],
      ['/missing.pdf', /404|not found|answer/i],
    ];
    for (const [path, expected] of cases) {
      const reply = await answer(addUrl(path));
      expect(reply.flags & 64, path).toBe(64);
      expect(reply.embeds, path).toEqual([]);
      expect(reply.content, path).toMatch(expected);
    }
    expect(await harness.context.libraries.added(harness.standin.guildId)).toHaveLength(before);
  });
});

describe('/library edit', () => {
  it('offers only this server’s own readings', async () => {
    const record = harness.standin.autocomplete(
      'library',
      [{ name: 'edit', type: 1, options: [{ name: 'document', type: 3, value: '', focused: true }] }],
      { user: harness.standin.users.moderator },
    );
    const choices = ((await record.response).data.choices as Array<{ value: string }>).map(
      (choice) => choice.value,
    );
    expect(choices.sort()).toEqual(['doe', 'park-2020']);
  });

  it('changes a field, shows the new reference, and search cites it so', async () => {
    const reply = await answer(
      library(harness.standin, 'edit', [
        option('document', 'doe'),
        option('year', 2024),
        option('author', 'Doe, Jane; Roe, Richard'),
      ]),
    );
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('Updated: Doe & Roe (2024)');
    expect(embed?.fields?.[0]?.value).toMatch(/year/);
    const cite = await harness.standin.command('cite', [
      option('query', 'readers argue'),
      option('document', 'doe'),
    ]).response;
    expect(JSON.stringify(cite.data)).toMatch(/Doe & Roe, 2024, p\. 2/);
  });

  it('clears a field', async () => {
    const reply = await answer(
      library(harness.standin, 'edit', [option('document', 'doe'), option('clear', 'year')]),
    );
    expect(embedsOf(reply)[0]?.title).toBe('Updated: Doe & Roe (n.d.)');
  });

  it('refuses a shared document, saying where it is edited', async () => {
    const refused = await library(harness.standin, 'edit', [
      option('document', 'park-2013'),
      option('year', 2000),
    ]).response;
    expect(refused.data.flags).toBe(64);
    expect(refused.data.content).toMatch(/shared library.*data directory/);
  });
});

describe('/library remove', () => {
  it('asks first, and Keep it keeps it', async () => {
    const record = library(harness.standin, 'remove', [option('document', 'park-2020')]);
    const prompt = await answer(record);
    expect(prompt.flags & 64).toBe(64);
    expect(prompt.content).toMatch(/cannot be undone/);
    const keep = buttons(prompt).find((button) => button.label === 'Keep it');
    const kept = await harness.standin.clickButton(prompt, keep?.custom_id ?? '', moderator()).response;
    expect(kept.type).toBe(7);
    expect((await harness.context.libraries.added(harness.standin.guildId)).map((d) => d.id)).toContain(
      'park-2020',
    );
  });

  it('removes on confirmation: gone from search and the store; a second press is refused', async () => {
    const record = library(harness.standin, 'remove', [option('document', 'park-2020')]);
    const prompt = await answer(record);
    const confirm = buttons(prompt).find((button) => button.label === 'Remove');
    expect(confirm?.custom_id).toBe('library:remove:park-2020');
    const forged = await harness.standin.clickButton(prompt, 'library:remove:doe', moderator()).response;
    expect(forged.data.content).toMatch(/no longer works/);
    await harness.standin.clickButton(prompt, confirm?.custom_id ?? '', moderator()).response;
    const done = await until(() =>
      /^Removed/.test(record.original?.content ?? '') ? record.original : undefined,
    );
    expect(done.content).toContain('`park-2020`');
    expect((await harness.context.libraries.added(harness.standin.guildId)).map((d) => d.id)).toEqual([
      'doe',
    ]);
    const search = await harness.standin.command('search', [option('query', 'study groups argue')]).response;
    expect(JSON.stringify(search.data)).not.toContain('Park & Kim');
    const again = await harness.standin.clickButton(prompt, confirm?.custom_id ?? '', moderator()).response;
    expect(again.data.flags).toBe(64);
  });

  it('answers two quick presses of Remove once: the result is not overwritten by "already removed"', async () => {
    // A session on the reading makes the first press slow (it ends the session and posts the recap first).
    const channelId = harness.standin.addChannel('double-press');
    await answer(
      harness.standin.command('session', sub('start', [option('document', 'doe')]), {
        ...moderator(),
        channelId,
      }),
    );
    const record = library(harness.standin, 'remove', [option('document', 'doe')]);
    const prompt = await answer(record);
    const confirm = buttons(prompt).find((button) => button.label === 'Remove')?.custom_id ?? '';
    const first = harness.standin.clickButton(prompt, confirm, moderator());
    const second = harness.standin.clickButton(prompt, confirm, moderator());
    await Promise.all([first.response, second.response]);
    const done = await until(() =>
      /^Removed/.test(record.original?.content ?? '') ? record.original : undefined,
    );
    // Give a late second answer the chance to overwrite it, as it did.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(record.original?.content).toBe(done.content);
    expect(record.original?.content).not.toMatch(/already removed/);
    expect(record.original?.content).toMatch(/Ended 1 reading session/);
    expect(await harness.context.libraries.added(harness.standin.guildId)).toEqual([]);
  });
});
