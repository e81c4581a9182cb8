import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StandinGuild } from '../../src/discord-standin/server.js';
import {
  buildArticlePdf,
  buildDocx,
  buildEpub,
  buildImageOnlyPdf,
  buildPdf,
  paragraph,
} from '../ingest/build.js';
import { attachmentOption, option, useHarness } from './harness.js';
import { answer, buttons, embedsOf, library, sub, textOf } from './library-helpers.js';
import { until } from './until.js';

/**
 * Uploads through attachment options, as Discord hands them over (the stand-in's CDN on loopback), and the
 * wall between two servers: a reading one adds is invisible to the other whatever it types.
 */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url));
const TOPICS = [
  'memory',
  'attention',
  'argument',
  'silence',
  'translation',
  'rhythm',
  'doubt',
  'ritual',
  'margins',
];
const ordinal = (index: number) =>
  ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][index % 6] ?? 'next';
const harness = useHarness({ env: { UPLOAD_MAX_MB: '1', UPLOAD_MAX_PAGES: '200' } });
const moderator = () => ({ user: harness.standin.users.moderator });

async function upload(filename: string, bytes: Uint8Array | Buffer | string, contentType?: string | null) {
  const attachment = harness.standin.upload({
    filename,
    bytes,
    ...(contentType === undefined ? {} : { contentType }),
  });
  return answer(library(harness.standin, 'add', [attachmentOption('file', attachment)]));
}

describe('uploads', () => {
  it('adds every format from an attachment', async () => {
    const cases: Array<[string, Uint8Array | Buffer, RegExp]> = [
      ['article.pdf', await buildArticlePdf(), /Doe \(n\.d\.\)/],
      [
        'report.docx',
        buildDocx([{ text: 'Moderators who post one passage at a time keep the talk on the text.' }], {
          title: 'Seminar Attendance',
          creator: 'Okafor, Ngozi',
        }),
        /Okafor \(n\.d\.\)/,
      ],
      [
        'book.epub',
        buildEpub([{ file: 'one.xhtml', title: 'One', paragraphs: ['The keeper counted the gulls.'] }], {
          title: 'The Keeper',
          creator: 'Varga, Ilona',
          date: '2018',
        }),
        /Varga \(2018\)/,
      ],
      ['article.html', fixture('article.html'), /Park & Kim \(2021\)/],
      ['notes.md', fixture('notes.md'), /Lee \(2019\)/],
      ['plain.txt', fixture('plain.txt'), /Added to this server’s library/],
    ];
    for (const [filename, bytes, title] of cases) {
      const reply = await upload(filename, bytes);
      expect(embedsOf(reply)[0]?.title, `${filename}: ${reply.content}`).toMatch(title);
    }
    expect(await harness.context.libraries.added(harness.standin.guildId)).toHaveLength(cases.length);
  });

  it('answers a bad upload privately: too large, scanned, encrypted, mismatched, unknown', async () => {
    const before = (await harness.context.libraries.added(harness.standin.guildId)).length;
    const cases: Array<[string, Uint8Array | Buffer | string, RegExp]> = [
      ['huge.txt', 'word '.repeat(300_000), /at most 1 MB/],
      ['scan.pdf', await buildImageOnlyPdf(), /OCR/],
      ['encrypted.pdf', fixture('encrypted.pdf'), /encrypt|password/i],
      ['notes.pdf', 'Plain words in a file named as a PDF.', /PDF/],
      ['data.bin', Buffer.from([0, 1, 2, 255, 0, 3]), /not one Lectern can read/],
    ];
    for (const [filename, bytes, expected] of cases) {
      const reply = await upload(filename, bytes);
      expect(reply.flags & 64, filename).toBe(64);
      expect(reply.embeds, filename).toEqual([]);
      expect(reply.content, filename).toMatch(expected);
    }
    expect(await harness.context.libraries.added(harness.standin.guildId)).toHaveLength(before);
  });

  it('shows progress on a long file, then the answer; refuses one with too many pages', async () => {
    const book = (pages: number, word: string) =>
      buildPdf(
        // Text that differs from page to page in words and place, so none of it reads as a running header.
        Array.from({ length: pages }, (_, index) =>
          paragraph(
            500 - (index % 7) * 30,
            `${TOPICS[index % TOPICS.length]} is what the ${word} volume takes up in its ${ordinal(index)} part,`,
            `where ${TOPICS[(index + 3) % TOPICS.length]} meets ${TOPICS[(index + 5) % TOPICS.length]}.`,
          ),
        ),
        { title: `The ${word} volume`, author: 'Long, Lara' },
      );
    const edits: string[] = [];
    const attachment = harness.standin.upload({ filename: 'long.pdf', bytes: await book(150, 'long') });
    const record = library(harness.standin, 'add', [attachmentOption('file', attachment)]);
    const onEdit = (edited: typeof record, message: { content: string }) => {
      if (edited === record) edits.push(message.content);
    };
    harness.standin.on('edit', onEdit);
    const reply = await answer(record);
    harness.standin.off('edit', onEdit);
    expect(embedsOf(reply)[0]?.title, reply.content).toMatch(/Long \(n\.d\.\)/);
    expect(edits[0]).toBe('Downloading the file…');
    const progress = edits.slice(0, -1);
    for (const text of progress) expect(text).toMatch(/^(Downloading the file|Reading page \d+ of 150)…$/);
    expect(edits.at(-1)).not.toMatch(/…$/);

    const tooLong = harness.standin.upload({ filename: 'longer.pdf', bytes: await book(201, 'longer') });
    const refused = await answer(library(harness.standin, 'add', [attachmentOption('file', tooLong)]));
    expect(refused.flags & 64).toBe(64);
    expect(refused.content).toMatch(/201 pages.*200/);
  });

  it('refuses both file and url at once', async () => {
    const attachment = harness.standin.upload({ filename: 'a.txt', bytes: 'Some text.' });
    const refused = await library(harness.standin, 'add', [
      attachmentOption('file', attachment),
      option('url', 'https://example.org/a.pdf'),
    ]).response;
    expect(refused.data.content).toMatch(/not both/);
  });

  it('tells the moderator a stored reading was added even when its reply cannot be edited', async () => {
    const { standin, context } = harness;
    const attachment = standin.upload({
      filename: 'stored-anyway.txt',
      bytes: 'A reading that is stored before its reply fails.\n\nIt has a second paragraph as well.',
    });
    // Every edit of the reply is refused (404 is not retried); the follow-up goes through.
    standin.failNext(/^PATCH \/webhooks\//, 404, 20);
    const record = library(standin, 'add', [attachmentOption('file', attachment)]);
    await record.response;
    const details = await until(
      () => record.followUps.find((message) => /^Added\./.test(message.content)),
      'the details as a follow-up',
    );
    expect(details.flags & 64).toBe(64);
    expect(
      (await context.libraries.added(standin.guildId)).some(
        (reading) => reading.file === 'stored-anyway.txt',
      ),
    ).toBe(true);
    expect(record.followUps.some((message) => /went wrong/.test(message.content))).toBe(false);
    standin.clearFaults();
  });
});

describe('two servers', () => {
  let other: StandinGuild;
  const there = (extra: { user?: typeof harness.standin.users.member } = {}) => ({
    guildId: other.id,
    channelId: other.channelId,
    ...extra,
  });

  it('never shows the second server what the first added', async () => {
    other = await harness.addGuild('Other Seminar');
    const { standin } = harness;
    // The first server can find its reading.
    const own = await standin.command('search', [option('query', 'readers argue about the claim')]).response;
    expect(JSON.stringify(own.data)).toMatch(/Doe \(n\.d\.\), p\. 2/);

    const list = await standin.command('library', sub('list'), there()).response;
    expect(JSON.stringify(list.data)).toMatch(/The library: 2 documents"/);
    expect(JSON.stringify(list.data)).not.toContain('added here');

    const search = await standin.command(
      'search',
      [option('query', 'readers argue about the claim')],
      there(),
    ).response;
    expect(JSON.stringify(search.data)).not.toMatch(/Doe|Reading in Groups/);

    const choices = await standin.autocomplete('cite', [option('document', '', true)], there()).response;
    expect((choices.data.choices as Array<{ value: string }>).map((choice) => choice.value).sort()).toEqual([
      'jung-2013',
      'park-2013',
    ]);
    const ownChoices = await standin.autocomplete(
      'library',
      [{ name: 'remove', type: 1, options: [option('document', '', true)] }],
      there(moderator()),
    ).response;
    expect(ownChoices.data.choices).toEqual([]);

    // A Cite button of the second server's own search, its id changed to name the first server's passage.
    const ownSearch = standin.command('search', [option('query', 'Security Council')], there());
    await ownSearch.response;
    const searchMessage = standin.replyOf(ownSearch);
    const cite = buttons(searchMessage).find((button) => button.custom_id.startsWith('search:cite:'));
    expect(cite).toBeDefined();
    const doePassage = (await harness.context.libraries.added(standin.guildId))[0]?.passages[0]?.id ?? '';
    if (!searchMessage) throw new Error('no search reply');
    const forgedButton = await standin.clickButton(searchMessage, `search:cite:${doePassage}`).response;
    expect(forgedButton.data.flags).toBe(64);
    expect(JSON.stringify(forgedButton.data)).not.toMatch(/Doe|Reading in groups/i);

    const forgedCite = await standin.command('cite', [option('document', 'doe')], there()).response;
    expect(forgedCite.data.flags).toBe(64);
    expect(forgedCite.data.content).toMatch(/I don't know that document/);
    const forgedSummary = await standin.command('summary', [option('document', 'doe')], there()).response;
    expect(JSON.stringify(forgedSummary.data)).not.toContain('Reading in Groups');
    const forgedRemove = await library(standin, 'remove', [option('document', 'doe')], there(moderator()))
      .response;
    expect(forgedRemove.data.content).toMatch(/no readings yet/);

    const references = await standin.command('references', [option('query', 'money and power')], there())
      .response;
    expect(JSON.stringify(references.data)).not.toContain('Doe (n.d.)');
    const compare = await standin.command('compare', [option('topic', 'reading groups')], there()).response;
    expect(JSON.stringify(compare.data)).not.toMatch(/Doe \(n\.d\.\)|Okafor|Varga/);
  });

  it('refuses a forged remove button naming the first server’s reading, pressed in the second', async () => {
    const { standin } = harness;
    const attachment = standin.upload({
      filename: 'own.txt',
      bytes: 'The second seminar reads its own notes.\n\nThey are short.',
      channelId: other.channelId,
    });
    const added = await answer(
      library(
        standin,
        'add',
        [attachmentOption('file', attachment), option('title', 'Own Notes')],
        there(moderator()),
      ),
    );
    const ownId = /· id `([^`]+)`/.exec(textOf(added))?.[1] ?? '';
    expect(ownId).not.toBe('');
    expect(
      (await harness.context.libraries.added(standin.guildId)).map((document) => document.id),
    ).not.toContain(ownId);
    const prompt = await answer(library(standin, 'remove', [option('document', ownId)], there(moderator())));
    const forged = await standin.clickButton(prompt, 'library:remove:doe', moderator()).response;
    expect(forged.data.flags).toBe(64);
    expect(forged.data.content).toMatch(/no longer works/);
    expect((await harness.context.libraries.added(standin.guildId)).map((document) => document.id)).toContain(
      'doe',
    );
    const keep = buttons(prompt).find((button) => button.label === 'Keep it');
    await standin.clickButton(prompt, keep?.custom_id ?? '', moderator()).response;
    await until(() => /^Kept/.test(prompt.content), 'the keep');
  });
});
