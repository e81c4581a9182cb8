import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Standin, startStandin } from '../../src/discord-standin/server.js';
import { buildPdf, paragraph } from '../ingest/build.js';
import { attachmentOption, type LecternProcess, spawnLectern } from './harness.js';
import { answer, library } from './library-helpers.js';
import { until } from './until.js';

const directory = mkdtempSync(join(tmpdir(), 'lectern-library-kill-'));
const running: LecternProcess[] = [];
let standin: Standin | undefined;
afterAll(async () => {
  for (const bot of running) bot.kill();
  await standin?.close();
  rmSync(directory, { recursive: true, force: true });
});

/** `npm start` with a token against the stand-in, counted ready once its citation styles are compiled. */
async function startBot(on: Standin): Promise<LecternProcess> {
  const bot = spawnLectern({
    DISCORD_TOKEN: on.token,
    DISCORD_API_URL: on.apiUrl,
    DATABASE_PATH: join(directory, 'lectern.sqlite'),
    LOG_LEVEL: 'debug',
  });
  running.push(bot);
  await until(() => /citation styles compiled/.test(bot.output()), 'the bot to be ready', 90_000);
  return bot;
}

const WORDS = 'reading group claim argument member quote page habit meeting question answer book'.split(' ');

/** Words that differ from page to page, so no line looks like a running header. */
function line(page: number, seed: number): string {
  return Array.from({ length: 8 }, (_, index) => WORDS[(page * 7 + index * seed + seed) % WORDS.length]).join(
    ' ',
  );
}

/** A PDF long enough that the bot is still reading it when it is killed. */
async function longPdf(pages: number): Promise<Uint8Array> {
  return await buildPdf(
    Array.from({ length: pages }, (_, index) => [
      ...paragraph(520, `${line(index, 3)}.`, `${line(index, 5)}.`),
      ...paragraph(440, `${line(index, 11)}.`, `${line(index, 13)}.`),
    ]),
    { title: 'A long reading', author: 'Roe, Rita' },
  );
}

describe('/library add when the bot is killed with SIGKILL mid-add', () => {
  it('leaves no half reading: after a restart the library holds none, and the same file then adds whole', async () => {
    standin = await startStandin();
    const on = standin;
    const first = await startBot(on);
    const bytes = await longPdf(400);
    const attachment = on.upload({ filename: 'long.pdf', bytes, contentType: 'application/pdf' });
    const adding = library(on, 'add', [attachmentOption('file', attachment)]);
    // Killed while it extracts: the moment it says so in its log.
    await until(
      () => /ingesting a new reading/.test(first.output()),
      'the bot to be reading the file',
      60_000,
    );
    expect(adding.original?.content ?? '').not.toMatch(/^Added/);
    first.kill();
    await first.exited;

    const second = await startBot(on);
    const listed = await answer(library(on, 'list'));
    expect(JSON.stringify(listed)).not.toMatch(/A long reading|Roe/);
    const again = await answer(
      library(on, 'add', [attachmentOption('file', on.upload({ filename: 'long.pdf', bytes }))]),
      120_000,
    );
    expect(again.content).toMatch(/^Added\./);
    expect(JSON.stringify(again.embeds)).toMatch(/400 pages/);
    expect(second.output()).not.toContain(on.token);
  }, 240_000);
});
