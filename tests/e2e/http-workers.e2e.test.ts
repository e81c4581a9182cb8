import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { loadCorpus } from '../../src/corpus/index.js';
import type { HttpDelivery } from '../../src/discord-standin/http-delivery.js';
import {
  type InteractionRecord,
  type Standin,
  type StoredMessage,
  startStandin,
} from '../../src/discord-standin/server.js';
import { SessionStore } from '../../src/sessions/index.js';
import { openSqlite } from '../../src/state/sqlite.js';
import { freePort } from '../support/ports.js';
import { mixedLoad, option } from './harness.js';
import { until } from './until.js';

type Row = { components: Array<{ custom_id: string; label: string; disabled?: boolean }> };

let standin: Standin;
let delivery: HttpDelivery;
let directory: string;
let endpoint: string;
let primary: ChildProcess;
let output = '';
let threadId: string;
let sessionId: number;

/** Pids of the workers that said they are serving, in the order they said it. */
const servingPids = () =>
  [...output.matchAll(/"pid":(\d+)[^\n]*"msg":"serving interactions over HTTP"/g)].map((match) =>
    Number(match[1]),
  );

/** Every callback the stand-in took for the interaction, accepted or refused. */
const callbacksOf = (record: InteractionRecord) =>
  standin.requests.filter(
    (request) =>
      request.method === 'POST' && request.path === `/interactions/${record.id}/${record.token}/callback`,
  );

beforeAll(async () => {
  // The deadline is Discord's rule, not what this test is about: two cores run the stand-in, the primary and
  // both workers, so give the load room and check that each interaction is answered once.
  standin = await startStandin({ ackDeadlineMs: 8_000 });
  delivery = standin.interactionsEndpoint;
  directory = mkdtempSync(join(tmpdir(), 'lectern-http-workers-'));
  const databasePath = join(directory, 'lectern.sqlite');

  // A timed session left overdue by an earlier life: its start post still owed, its minute long past.
  const corpus = loadCorpus(join(PROJECT_ROOT, 'data'));
  const passages = corpus.passages.slice(0, 3).map((passage) => passage.id);
  const documentId = corpus.passages[0]?.documentId ?? '';
  threadId = standin.addChannel('session-thread');
  const db = openSqlite(databasePath);
  const store = new SessionStore(db, { now: () => new Date(Date.now() - 5 * 60_000) });
  const session = await store.start({
    guildId: standin.guildId,
    channelId: standin.channelId,
    documentId,
    passageIds: passages,
    startedBy: standin.users.moderator.id,
    minutes: 1,
  });
  await store.setThread(session.id, threadId);
  sessionId = session.id;
  await db.close();

  const port = await freePort();
  endpoint = `http://127.0.0.1:${port}/interactions`;
  primary = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: standin.token,
      DISCORD_API_URL: standin.apiUrl,
      DISCORD_PUBLIC_KEY: delivery.publicKeyHex,
      INTERACTIONS_PORT: String(port),
      INTERACTIONS_HOST: '127.0.0.1',
      WORKERS: '2',
      DATABASE_PATH: databasePath,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (chunk: unknown) => {
    output += String(chunk);
  };
  primary.stdout?.on('data', append);
  primary.stderr?.on('data', append);
  await until(() => servingPids().length >= 2, 'two workers serving', 40_000);
  await delivery.setEndpoint(endpoint);
}, 60_000);

afterAll(async () => {
  delivery.close();
  if (primary.exitCode === null) primary.kill('SIGKILL');
  await standin.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('HTTP interactions mode with two worker processes', () => {
  it('passes Discord’s endpoint check and refuses a bad signature with 401', async () => {
    expect(delivery.probe).toEqual({ badSignatureStatus: 401, pingStatus: 200, pingType: 1, accepted: true });
    const body = JSON.stringify({ id: '1', type: 2, token: 'x', application_id: standin.applicationId });
    const { signature, timestamp } = delivery.signed(body);
    const forged = `${signature.slice(0, -2)}${signature.endsWith('00') ? '11' : '00'}`;
    const refused = await delivery.post(new URL(endpoint), body, { signature: forged, timestamp });
    expect(refused.status).toBe(401);
  });

  it('fires the overdue session timer once across both workers, each post once', async () => {
    // Both workers start their timers on the same overdue session and sweep the same owed start post.
    const thread = await until(
      () => (standin.messagesIn(threadId).length >= 2 ? standin.messagesIn(threadId) : undefined),
      'the session posts',
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(standin.messagesIn(threadId)).toHaveLength(2);
    expect(thread.map((message) => JSON.stringify(message.embeds[0]?.title))).toEqual([
      expect.stringContaining('step 1 of 3'),
      expect.stringContaining('step 2 of 3'),
    ]);
    const db = openSqlite(join(directory, 'lectern.sqlite'));
    const session = await new SessionStore(db).get(sessionId);
    await db.close();
    expect(session?.position).toBe(1);
    expect(output.match(/reading session moved on by its timer/g)).toHaveLength(1);
  });

  it('answers 600 concurrent interactions, each exactly once, spread over both workers', async () => {
    const records = mixedLoad(standin, 600);
    await Promise.allSettled(records.map((record) => record.response));
    await delivery.settled();
    const outcomes = records.map((record) => delivery.outcomes.get(record.id));
    expect(outcomes.filter((outcome) => outcome?.status !== 202)).toEqual([]);
    const callbacks = records.map((record) => callbacksOf(record));
    expect(callbacks.filter((list) => list.length !== 1)).toEqual([]);
    expect(callbacks.flat().filter((request) => request.status !== 204)).toEqual([]);
    expect(records.filter((record) => !record.callback)).toEqual([]);
    expect(new Set(outcomes.map((outcome) => outcome?.worker)).size).toBe(2);
    expect(standin.violations).toEqual([]);
  }, 60_000);

  it('pages a /search reply on whichever worker gets the button, the other one included', async () => {
    const search = standin.command('search', [option('query', 'North Korea nuclear')]);
    await search.response;
    await delivery.settled();
    const answeredBy = delivery.outcomes.get(search.id)?.worker;
    const message = standin.replyOf(search) as StoredMessage;
    const pressedOn = new Set<string | undefined>();
    // Workers are handed connections, not requests: each press on a connection of its own.
    delivery.freshConnections = true;
    for (let press = 0; press < 10 && !pressedOn.has(otherThan(answeredBy)); press++) {
      const page = ((message.components ?? []) as unknown as Row[])
        .flatMap((row) => row.components)
        .find((button) => /Next|Prev/.test(button.label) && !button.disabled);
      const click = standin.clickButton(message, page?.custom_id ?? '');
      const clicked = await click.response;
      expect(clicked.data.content ?? '').toBe('');
      expect(clicked.type).toBe(7);
      await delivery.settled();
      pressedOn.add(delivery.outcomes.get(click.id)?.worker);
    }
    delivery.freshConnections = false;
    expect([...pressedOn].some((worker) => worker !== answeredBy)).toBe(true);

    function otherThan(worker: string | undefined): string | undefined {
      return servingPids()
        .map(String)
        .find((pid) => pid !== worker);
    }
  }, 30_000);

  it('keeps answering when a worker is killed mid-load: all but its in-flight interactions', async () => {
    const before = servingPids();
    const records = mixedLoad(standin, 300);
    await until(() => delivery.outcomes.size > 0 && records.filter((record) => record.callback).length >= 40);
    const victim = delivery.outcomes.get(
      records.find((record) => delivery.outcomes.has(record.id))?.id ?? '',
    );
    const victimPid = Number(victim?.worker);
    expect(before).toContain(victimPid);
    process.kill(victimPid, 'SIGKILL');
    // An answered interaction's request ends only after its callback was taken; a lost one's ends at the kill.
    await delivery.settled();
    const lost = records.filter((record) => delivery.outcomes.get(record.id)?.error !== undefined);
    const answered = records.filter((record) => delivery.outcomes.get(record.id)?.status === 202);
    // Discord does not redeliver: what the killed worker held is lost; everything else is answered once.
    expect(answered.length + lost.length).toBe(records.length);
    expect(lost.length).toBeLessThan(records.length / 2);
    for (const record of answered)
      expect(callbacksOf(record).filter((r) => r.status === 204)).toHaveLength(1);
    expect(records.filter((record) => callbacksOf(record).length > 1)).toEqual([]);
    // The primary starts a replacement, which serves like the others.
    await until(() => servingPids().length > before.length, 'a replacement worker', 30_000);
    expect(output).toContain('worker died: starting another');
    const after = standin.command('search', [option('query', 'Security Council')]);
    await delivery.settled();
    expect((await after.response).type).toBe(4);
  }, 60_000);

  it('drains and exits 0 on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down: workers finish the interactions they hold');
    expect(output).not.toContain(standin.token);
  }, 20_000);
});
