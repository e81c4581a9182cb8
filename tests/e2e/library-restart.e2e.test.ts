import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { createAppContext } from '../../src/app/create.js';
import { commandHelp } from '../../src/commands/index.js';
import { loadConfig } from '../../src/config.js';
import type { Bot } from '../../src/discord/client.js';
import { type Standin, startStandin } from '../../src/discord-standin/server.js';
import { startBotOnStandin } from '../../src/local/standin-bot.js';
import { buildArticlePdf } from '../ingest/build.js';
import { capturingLogger } from '../logs.js';
import { attachmentOption, option } from './harness.js';
import { answer, library, sub } from './library-helpers.js';

/**
 * The bot restarted on the same database, against the same server: an added reading is served from the
 * store at once, without being read from its file again.
 */

const directory = mkdtempSync(join(tmpdir(), 'lectern-library-restart-'));
let standin: Standin | undefined;
afterAll(async () => {
  await standin?.close();
  rmSync(directory, { recursive: true, force: true });
});

async function startBot(on: Standin): Promise<{ bot: Bot; context: AppContext; logs: string[] }> {
  const { logger, lines: logs } = capturingLogger();
  const config = loadConfig({ DATABASE_PATH: join(directory, 'lectern.sqlite'), LOG_LEVEL: 'debug' });
  const context = await createAppContext(config, logger, commandHelp);
  return { bot: await startBotOnStandin(context, on), context, logs };
}

const extracted = (logs: readonly string[]) =>
  logs.filter((line) => line.includes('ingesting a new reading')).length;

describe('an added reading across a restart', () => {
  it('is served after the restart without being extracted again', async () => {
    standin = await startStandin();
    const first = await startBot(standin);
    const attachment = standin.upload({ filename: 'article.pdf', bytes: await buildArticlePdf() });
    const added = await answer(
      library(standin, 'add', [attachmentOption('file', attachment), option('year', 2022)]),
    );
    expect(added.embeds.length).toBe(1);
    expect(extracted(first.logs)).toBe(1);
    await first.bot.stop();
    first.context.close();

    const second = await startBot(standin);
    try {
      const search = await standin.command('search', [option('query', 'readers argue about the claim')])
        .response;
      expect(JSON.stringify(search.data)).toMatch(/Doe \(2022\), p\. 2/);
      const list = await standin.command('library', sub('list')).response;
      expect(JSON.stringify(list.data)).toContain('Doe (2022) · added here');
      const again = await answer(library(standin, 'add', [attachmentOption('file', attachment)]));
      expect(again.content).toMatch(/already in the library/);
      expect(extracted(second.logs)).toBe(0);
      expect(second.logs.some((line) => line.includes('"level":50'))).toBe(false);
      expect(standin.violations).toEqual([]);
      for (const mentions of standin.allowedMentions) expect(mentions).toEqual({ parse: [] });
    } finally {
      await second.bot.stop();
      second.context.close();
    }
  });
});
