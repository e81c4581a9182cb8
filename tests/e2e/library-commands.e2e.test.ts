import { copyFileSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildArticlePdf, buildDocx, buildEpub } from '../ingest/build.js';
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
  textOf,
} from './library-helpers.js';
import { until } from './until.js';

/**
 * A server's added readings through every other command, each format, metadata from a DOI served locally,
 * removal during a session and of a scheduled reading, and the operator's reload.
 */

const fixture = (name: string) => readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url));
const files = new Map<string, Served>([
  ['/article.pdf', { bytes: await buildArticlePdf(), type: 'application/pdf' }],
  ['/notes.md', { bytes: fixture('notes.md'), type: 'text/markdown' }],
  ['/plain.txt', { bytes: fixture('plain.txt'), type: 'text/plain' }],
  [
    '/report.docx',
    {
      bytes: buildDocx(
        [
          { text: 'Seminar Attendance', style: 'Heading1' },
          { text: 'Attendance in reading seminars rises when the readings are short and argued over.' },
          { text: 'Findings', style: 'Heading2' },
          { text: 'Moderators who post one passage at a time keep the discussion on the text.' },
        ],
        { title: 'Seminar Attendance', creator: 'Okafor, Ngozi' },
      ),
      type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    },
  ],
  [
    '/book.epub',
    {
      bytes: buildEpub(
        [
          {
            file: 'one.xhtml',
            title: 'Beginnings',
            paragraphs: ['The lighthouse keeper counted the gulls each dawn.'],
          },
          {
            file: 'two.xhtml',
            title: 'Endings',
            paragraphs: ['At dusk the keeper wrote the tally in a ledger.'],
          },
        ],
        { title: 'The Keeper', creator: 'Varga, Ilona', date: '2018', publisher: 'Harbour Press' },
      ),
      type: 'application/epub+zip',
    },
  ],
  [
    '/10.5555/reading.42',
    {
      bytes: JSON.stringify({
        type: 'article-journal',
        title: 'Quiet Reading in Loud Rooms',
        author: [{ family: 'Abebe', given: 'Tsion' }],
        issued: { 'date-parts': [[2017]] },
        'container-title': 'Journal of Reading Groups',
        DOI: '10.5555/reading.42',
      }),
      type: 'application/vnd.citationstyles.csl+json',
    },
  ],
]);
const web = await startFileServer(files);
afterAll(() => web.close());

// The shared library is one invented document, so a reload can be checked against a folder the test owns.
const dataDir = mkdtempSync(join(tmpdir(), 'lectern-library-reload-'));
copyFileSync(
  new URL('../fixtures/corpus/extra/doe-2021.md.txt', import.meta.url),
  join(dataDir, 'doe-2021.md'),
);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const harness = useHarness({
  dataDir,
  env: { FETCH_PRIVATE_NETWORKS: 'true', DOI_RESOLVER_URL: web.origin },
});
const moderator = () => ({ user: harness.standin.users.moderator });
const addUrl = async (path: string, options: Json[] = []) => {
  const reply = await answer(library(harness.standin, 'add', [option('url', web.url(path)), ...options]));
  const id = /· id `([^`]+)`/.exec(textOf(reply))?.[1];
  if (!id) throw new Error(`not added: ${reply.content}`);
  return { reply, id };
};

describe('every format', () => {
  it('reads Word, EPUB, Markdown and text, with the metadata each file states', async () => {
    const docx = await addUrl('/report.docx');
    expect(embedsOf(docx.reply)[0]?.title).toContain('Okafor (n.d.)');
    const epub = await addUrl('/book.epub');
    expect(embedsOf(epub.reply)[0]?.description).toMatch(
      /Varga, I\. \(2018\)\. \*The keeper\*\. Harbour Press/,
    );
    const markdown = await addUrl('/notes.md');
    expect(embedsOf(markdown.reply)[0]?.title).toContain('Lee (2019)');
    const text = await addUrl('/plain.txt', [option('title', 'Plain Notes'), option('author', 'Ng, Ada')]);
    expect(embedsOf(text.reply)[0]?.title).toContain('Ng (n.d.)');

    const keeper = await harness.standin.command('search', [option('query', 'keeper tally ledger')]).response;
    expect(JSON.stringify(keeper.data)).toMatch(/Varga \(2018\), ch\. \d, para\. 1/);
    const seminar = await harness.standin.command('search', [option('query', 'one passage at a time')])
      .response;
    expect(JSON.stringify(seminar.data)).toContain('Okafor (n.d.)');
  });

  it('takes the metadata from a DOI served by content negotiation', async () => {
    files.set('/doi-reading.txt', {
      bytes: 'Quiet reading in loud rooms is still reading.\n\nThe noise of a café does not stop a reader.',
      type: 'text/plain',
    });
    const { reply, id } = await addUrl('/doi-reading.txt', [option('doi', '10.5555/reading.42')]);
    expect(id).toBe('abebe-2017');
    const [embed] = embedsOf(reply);
    expect(embed?.description).toMatch(
      /Abebe, T\. \(2017\)\. Quiet reading in loud rooms\. \*Journal of Reading Groups\*/,
    );
    expect(
      web.requests.some((line) => line.startsWith('GET /10.5555/reading.42') && line.includes('csl+json')),
    ).toBe(true);
  });
});

describe('/library edit with a DOI', () => {
  it('fills the reference from the DOI record, and keeps what is typed with it', async () => {
    files.set('/untitled.txt', { bytes: 'A reading that states nothing about itself.', type: 'text/plain' });
    const { id } = await addUrl('/untitled.txt');
    const reply = await answer(
      library(harness.standin, 'edit', [
        option('document', id),
        option('doi', '10.5555/reading.42'),
        option('year', 2016),
      ]),
    );
    const [embed] = embedsOf(reply);
    expect(embed?.title).toBe('Updated: Abebe (2016)');
    expect(embed?.description).toMatch(
      /Abebe, T\. \(2016\)\. Quiet reading in loud rooms\. \*Journal of Reading Groups\*/,
    );
    expect(embed?.fields?.[0]?.value).toMatch(/title/);
  });
});

describe('an added reading in every command', () => {
  it('is quoted, summarised, compared, its references searched and found from a message', async () => {
    const { id } = await addUrl('/article.pdf', [option('year', 2024)]);
    expect(id).toBe('doe-2024');
    const quote = await harness.standin.command('quote', [
      option('text', 'Readers are known to argue about the claim'),
    ]).response;
    expect(JSON.stringify(quote.data)).toMatch(/Doe, 2024, p\. 2/);
    const summary = await harness.standin.command('summary', [option('document', id)]).response;
    expect(JSON.stringify(summary.data)).toContain('Reading in Groups');
    const compare = await harness.standin.command('compare', [option('topic', 'reading groups')]).response;
    // Compare shows six documents side by side; the server's own readings are among them.
    expect(JSON.stringify(compare.data)).toMatch(/Okafor \(n\.d\.\).*Varga \(2018\)/);
    const references = await harness.standin.command('references', [option('query', 'money power')]).response;
    expect(JSON.stringify(references.data)).toMatch(/Baldwin/);
    const target = harness.standin.postUserMessage(
      harness.standin.channelId,
      'do readers argue about the claim?',
    );
    const found = await harness.standin.messageContextMenu('Find in readings', target).response;
    expect(JSON.stringify(found.data)).toContain('Doe (2024), p. 2');
  });
});

describe('removing a reading in use', () => {
  it('ends a running session on it with its recap; /session status then shows none', async () => {
    const { standin, context } = harness;
    const channelId = standin.addChannel('week-9');
    await answer(
      standin.command('session', sub('start', [option('document', 'doe-2024'), option('title', 'Week 9')]), {
        ...moderator(),
        channelId,
      }),
    );
    const session = await context.sessions.getLiveByChannel(standin.guildId, channelId);
    const threadId = session?.threadId ?? '';
    expect(threadId).not.toBe('');

    const prompt = await answer(library(standin, 'remove', [option('document', 'doe-2024')]));
    expect(prompt.content).toMatch(/1 reading session on it will end/);
    const confirm = buttons(prompt).find((button) => button.label === 'Remove');
    const record = standin.clickButton(prompt, confirm?.custom_id ?? '', moderator());
    await record.response;
    const done = await until(() => (/^Removed/.test(prompt.content) ? prompt : undefined), 'the removal');
    expect(done.content).toMatch(/Ended 1 reading session/);
    const recap = await until(
      () => standin.messagesIn(threadId).find((message) => embedsOf(message)[0]?.title?.startsWith('Recap')),
      'the recap',
    );
    expect(embedsOf(recap)[0]?.title).toBe('Recap: Week 9');
    expect(textOf(recap)).toMatch(/Session bibliography.*Doe, J\. \(2024\)\. \*Reading in groups\*/);
    const status = await answer(standin.command('session', sub('status'), { ...moderator(), channelId }));
    expect(textOf(status)).toMatch(/No reading session/);
    expect((await context.libraries.added(standin.guildId)).map((document) => document.id)).not.toContain(
      'doe-2024',
    );
  });

  it('cancels a scheduled reading of it and deletes its server event', async () => {
    const { standin, context } = harness;
    await answer(
      standin.command(
        'session',
        sub('schedule', [option('document', 'abebe-2017'), option('when', 'tomorrow 19:00')]),
        moderator(),
      ),
    );
    const [scheduled] = await context.scheduledReadings.listUpcoming(standin.guildId);
    expect(scheduled?.documentId).toBe('abebe-2017');
    expect(standin.scheduledEvents.has(scheduled?.discordEventId ?? '')).toBe(true);
    const prompt = await answer(library(standin, 'remove', [option('document', 'abebe-2017')]));
    expect(prompt.content).toMatch(/1 scheduled reading of it will be cancelled/);
    const confirm = buttons(prompt).find((button) => button.label === 'Remove');
    await standin.clickButton(prompt, confirm?.custom_id ?? '', moderator()).response;
    await until(() => /^Removed/.test(prompt.content), 'the removal');
    expect(prompt.content).toMatch(/Cancelled 1 scheduled reading/);
    expect((await context.scheduledReadings.get(scheduled?.id ?? 0))?.status).toBe('cancelled');
    expect(standin.scheduledEvents.has(scheduled?.discordEventId ?? '')).toBe(false);
  });
});

describe('/library reload', () => {
  it('re-reads the data directory for the operator, and keeps the old library when it is broken', async () => {
    const { standin, context } = harness;
    // The operator is the configured OPERATOR_IDS; here the stand-in's moderator.
    Object.assign(context.config, { operatorIds: [standin.users.moderator.id] });
    writeFileSync(join(dataDir, 'broken.md'), '---\nid: broken\n---\nNo title, no author.\n');
    const refused = await answer(library(standin, 'reload'));
    expect(refused.flags & 64).toBe(64);
    expect(refused.content).toMatch(/could not be loaded, so the library in use is unchanged \(1 document\)/);
    expect(refused.content).toContain('broken.md');
    expect(context.libraries.sharedCorpus.documents).toHaveLength(1);

    unlinkSync(join(dataDir, 'broken.md'));
    // A session runs on the shared document that the new data directory drops.
    const channelId = standin.addChannel('week-doe');
    await answer(
      standin.command('session', sub('start', [option('document', 'doe-2021')]), {
        ...moderator(),
        channelId,
      }),
    );
    unlinkSync(join(dataDir, 'doe-2021.md'));
    copyFileSync(new URL('../../data/park-2013.md', import.meta.url), join(dataDir, 'park-2013.md'));
    const reloaded = await answer(library(standin, 'reload'));
    expect(reloaded.content).toMatch(
      /^Reloaded the shared library: 1 document, \d+ passages \(before: 1 document\)/,
    );
    expect(reloaded.content).toMatch(
      /1 live reading session run on documents no longer in the library: `doe-2021`/,
    );
    const search = await standin.command('search', [option('query', 'Security Council military option')])
      .response;
    expect(JSON.stringify(search.data)).toContain('Park (2013)');
    // The server's own readings are still there after the reload.
    const list = await standin.command('library', sub('list')).response;
    expect(JSON.stringify(list.data)).toContain('Varga (2018) · added here');
  });
});
