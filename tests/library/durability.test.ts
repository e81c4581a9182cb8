import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it, onTestFinished } from 'vitest';
import { LibraryStore } from '../../src/library/index.js';
import { describeEachEngine, handleOf, openTestDatabase, sqliteConnection } from '../support/engines.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/add-forever.ts', import.meta.url));

describeEachEngine('adding a reading under kill -9', (engine) => {
  it('leaves each reading whole or absent, and keeps every one reported as added', async () => {
    const db = await openTestDatabase(engine, { onDisk: true });
    const file = handleOf(db).path;
    // Its 24 MB readings are not left in the temporary directory.
    if (file) onTestFinished(() => rmSync(path.dirname(file), { recursive: true, force: true }));
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(handleOf(db))], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const reported: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += String(chunk);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('added ')) reported.push(line);
        // Killed while the third add is writing: most of an add's time is storing its 24 MB file.
        else if (line === 'adding reading-3') setTimeout(() => child.kill('SIGKILL'), 12);
      }
    });
    const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, sig) => resolve(sig)),
    );
    expect(signal, stderr).toBe('SIGKILL');

    // The file itself can be torn only on SQLite; a Postgres server rolls back a client that vanished.
    if (engine === 'sqlite')
      expect(sqliteConnection(db).pragma('integrity_check', { simple: true })).toBe('ok');
    const counts = await db.get<{ documents: number; files: number; withoutFile: number }>(
      `SELECT (SELECT COUNT(*) FROM library_documents) AS documents, (SELECT COUNT(*) FROM library_files) AS files,
              (SELECT COUNT(*) FROM library_documents d LEFT JOIN library_files f USING (guild_id, document_id) WHERE f.document_id IS NULL) AS "withoutFile"`,
    );
    expect(counts?.withoutFile).toBe(0);
    expect(counts?.files).toBe(counts?.documents);
    const store = new LibraryStore(db);
    const unreadable: string[] = [];
    const served = await store.list('g', (problem) => unreadable.push(problem.documentId));
    expect(unreadable).toEqual([]);
    expect(served.length).toBe(counts?.documents);
    // Everything the child saw committed is there, whole: its file hashes to the recorded sha256.
    for (const line of reported) {
      const [, id, sha256] = line.split(' ');
      const document = served.find((candidate) => candidate.id === id);
      expect(document?.passages.length, line).toBe(300);
      const original = await store.original('g', id ?? '');
      expect(
        createHash('sha256')
          .update(original?.bytes ?? new Uint8Array())
          .digest('hex'),
        line,
      ).toBe(sha256);
    }
    expect(reported.length).toBeGreaterThanOrEqual(2);
    expect(served.length - reported.length).toBeLessThanOrEqual(1);
    // The revision moved with every reading that committed, and with none that did not.
    expect((await store.revisions('g')).guild).toBe(served.length);
  });
});
