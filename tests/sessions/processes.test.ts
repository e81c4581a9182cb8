import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { SessionStore } from '../../src/sessions/index.js';
import type { SqlDatabase } from '../../src/state/sql.js';
import { describeEachEngine, handleOf, openTestDatabase, sqliteConnection } from '../support/engines.js';
import { passageIds, startInput } from './helpers.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const REPO_ROOT = path.resolve(FIXTURES, '..', '..', '..');

/** What a fixture child opens the database by (see fixtures/open.ts). */
const databaseArgument = (db: SqlDatabase): string => JSON.stringify(handleOf(db));

function spawnFixture(script: string, args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', path.join(FIXTURES, script), ...args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** Collects a child's stdout lines; resolves when it exits, rejects on a non-zero exit. */
function collect(child: ChildProcessWithoutNullStreams, onLine?: (line: string) => void) {
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    onLine?.(line);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { lines, exited, stderr: () => stderr };
}

describeEachEngine('concurrent next across processes', (engine) => {
  it('applies every press exactly once, in order, and stops at the end', async () => {
    const setup = await openTestDatabase(engine, { onDisk: true });
    const store = new SessionStore(setup);
    const roomy = await store.start(startInput({ channelId: 'roomy', passageIds: passageIds(200) }));
    const tight = await store.start(startInput({ channelId: 'tight', passageIds: passageIds(20) }));
    const childCount = 2;
    const presses = 20;

    const children = Array.from({ length: childCount }, () =>
      spawnFixture('press-next.ts', [
        databaseArgument(setup),
        String(presses),
        String(roomy.id),
        String(tight.id),
      ]),
    );
    let ready = 0;
    const allReady = new Promise<void>((resolve) => {
      for (const child of children) {
        createInterface({ input: child.stdout }).once('line', () => {
          ready += 1;
          if (ready === childCount) resolve();
        });
      }
    });
    const outputs = children.map((child) => collect(child));
    await allReady;
    // Released together, so the presses really interleave.
    for (const child of children) child.stdin.end('go\n');
    const exits = await Promise.all(outputs.map((output) => output.exited));
    for (const [index, exit] of exits.entries()) expect(exit.code, outputs[index]?.stderr()).toBe(0);

    const summaries = outputs.flatMap((output) =>
      output.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)),
    ) as Array<{ sessionId: number; moved: number; atEnd: number }>;
    const totalPresses = childCount * presses;

    for (const [session, expectedFinal] of [
      [roomy, totalPresses],
      [tight, 19],
    ] as const) {
      const mine = summaries.filter((summary) => summary.sessionId === session.id);
      expect(mine).toHaveLength(childCount);
      const after = await store.get(session.id);
      expect(after?.position).toBe(expectedFinal);
      expect(mine.reduce((sum, s) => sum + s.moved, 0)).toBe(expectedFinal);
      expect(mine.reduce((sum, s) => sum + s.atEnd, 0)).toBe(totalPresses - expectedFinal);
      const steps = await store.steps(session.id);
      expect(steps.map((step) => step.seq)).toEqual(
        Array.from({ length: expectedFinal + 1 }, (_, i) => i + 1),
      );
      expect(steps.map((step) => step.position)).toEqual(
        Array.from({ length: expectedFinal + 1 }, (_, i) => i),
      );
    }
    // On the roomy session no press can be refused, so each process's presses all landed, under its own name.
    const byPresser = new Map<string | null, number>();
    for (const step of (await store.steps(roomy.id)).slice(1)) {
      byPresser.set(step.shownBy, (byPresser.get(step.shownBy) ?? 0) + 1);
    }
    expect([...byPresser.values()]).toEqual(Array.from({ length: childCount }, () => presses));
  });
});

describeEachEngine('durability under kill -9', (engine) => {
  it('keeps every operation the process reported as committed', async () => {
    const db = await openTestDatabase(engine, { onDisk: true });
    const child = spawnFixture('write-forever.ts', [databaseArgument(db)]);
    const killAfter = 60;
    const output = collect(child, (line) => {
      if (output.lines.length === killAfter) child.kill('SIGKILL');
      void line;
    });
    const exit = await output.exited;
    expect(exit.signal, output.stderr()).toBe('SIGKILL');
    const reported = output.lines;
    expect(reported.length).toBeGreaterThanOrEqual(killAfter);

    // SQLite only: the file itself must have survived the kill (a Postgres server is not killed with it).
    if (engine === 'sqlite') {
      expect(sqliteConnection(db).pragma('integrity_check', { simple: true })).toBe('ok');
    }
    const store = new SessionStore(db);
    const sessionId = Number(reported[0]?.split(' ')[1]);
    const notes = new Set((await store.notes(sessionId)).map((note) => `${note.id} ${note.text}`));
    const attendance = new Set((await store.attendance(sessionId)).map((a) => a.userId));
    const steps = new Map((await store.steps(sessionId)).map((step) => [step.seq, step.position]));
    let checked = 0;
    for (const line of reported.slice(1)) {
      const [kind, first, second] = line.split(' ');
      if (kind === 'note')
        expect(notes.has(`${first} ${line.split(' ').slice(2).join(' ')}`), line).toBe(true);
      else if (kind === 'join') expect(attendance.has(first ?? ''), line).toBe(true);
      else if (kind === 'step') expect(steps.get(Number(first)), line).toBe(Number(second));
      else throw new Error(`unexpected line ${line}`);
      checked += 1;
    }
    expect(checked).toBe(reported.length - 1);
    // Nothing half-applied: the session's position matches its last recorded step.
    const session = await store.get(sessionId);
    expect(session?.position).toBe(Math.max(...steps.values()));
  });
});

describeEachEngine('exactly once across processes', (engine) => {
  it('applies each interaction once when two processes on one database both receive all of them', async () => {
    const setup = await openTestDatabase(engine, { onDisk: true });
    const store = new SessionStore(setup);
    const count = 30;
    const session = await store.start(startInput({ passageIds: passageIds(count + 10) }));
    const children = [0, 1].map(() =>
      spawnFixture('deliver-interactions.ts', [databaseArgument(setup), String(session.id), String(count)]),
    );
    const outputs = children.map((child) => collect(child));
    await Promise.all(
      children.map(
        (child) => new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve)),
      ),
    );
    for (const child of children) child.stdin.end('go\n');
    const exits = await Promise.all(outputs.map((output) => output.exited));
    for (const [index, exit] of exits.entries()) expect(exit.code, outputs[index]?.stderr()).toBe(0);
    const tallies = outputs.flatMap((output) =>
      output.lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)),
    ) as Array<{ applied: number; duplicates: number }>;
    expect(tallies).toHaveLength(2);
    expect(tallies.reduce((sum, tally) => sum + tally.applied, 0)).toBe(count);
    expect(tallies.reduce((sum, tally) => sum + tally.duplicates, 0)).toBe(count);
    expect((await store.get(session.id))?.position).toBe(count);
    expect(await store.steps(session.id)).toHaveLength(count + 1);
    // One post owed per applied move, none for the duplicates.
    expect((await store.outbox.pending(session.id)).filter((post) => post.cause === 'next')).toHaveLength(
      count,
    );
  });
});
