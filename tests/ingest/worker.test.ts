import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { buildArticlePdf } from './build.js';
import { rejection, text } from './helpers.js';

const REPOSITORY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('ingest: the worker', () => {
  it('stops a worker that runs past the time limit', async () => {
    const error = await rejection(ingest({ bytes: await buildArticlePdf() }, { timeoutMs: 1 }), 'timeout');
    expect(error.message).toContain('took longer than');
  });

  it('stops a worker that needs more memory than allowed, and the caller carries on', async () => {
    await rejection(ingest({ bytes: await buildArticlePdf() }, { maxMemoryMb: 4 }), 'too-large');
    const after = await ingest({ bytes: text('Still here.'), filename: 'after.txt' });
    expect(after.passages).toHaveLength(1);
  });

  it('leaves the caller’s bytes as they were: a Uint8Array, a pooled Buffer, a Buffer of its own', async () => {
    const bytes = text('One paragraph.');
    await ingest({ bytes });
    expect(bytes.byteLength).toBe(14);
    expect(new TextDecoder().decode(bytes)).toBe('One paragraph.');
    const pooled = Buffer.from('Another paragraph.');
    expect(pooled.buffer.byteLength).toBeGreaterThan(pooled.byteLength);
    await ingest({ bytes: pooled, filename: 'pooled.txt' });
    expect(pooled.toString()).toBe('Another paragraph.');
    expect(Buffer.from('A later buffer from the same pool.').toString()).toBe(
      'A later buffer from the same pool.',
    );
    const own = Buffer.alloc(15, 'Own paragraph. ');
    await ingest({ bytes: own, filename: 'own.txt' });
    expect(own.toString()).toBe('Own paragraph. ');
  });

  describe('compiled to JavaScript, as in dist/', () => {
    // Inside the repository, so that the compiled modules find node_modules and package.json's "type".
    mkdirSync(path.join(REPOSITORY, '.tmp'), { recursive: true });
    const out = mkdtempSync(path.join(REPOSITORY, '.tmp', 'ingest-dist-'));
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it('starts worker.js beside index.js under plain node', async () => {
      execFileSync(
        process.execPath,
        [
          path.join(REPOSITORY, 'node_modules', 'typescript', 'bin', 'tsc'),
          ...[
            '--outDir',
            out,
            '--rootDir',
            REPOSITORY,
            '--module',
            'NodeNext',
            '--moduleResolution',
            'NodeNext',
          ],
          ...['--target', 'ES2022', '--lib', 'ES2024', '--types', 'node', '--skipLibCheck', '--strict'],
          ...['--resolveJsonModule', '--esModuleInterop', '--verbatimModuleSyntax'],
          path.join(REPOSITORY, 'src', 'ingest', 'index.ts'),
          path.join(REPOSITORY, 'src', 'ingest', 'worker.ts'),
        ],
        { cwd: REPOSITORY, stdio: 'pipe' },
      );
      const pdfPath = path.join(out, 'article.pdf');
      writeFileSync(pdfPath, await buildArticlePdf());
      const script = `
        import { readFileSync } from 'node:fs';
        import { ingest } from ${JSON.stringify(path.join(out, 'src', 'ingest', 'index.js'))};
        const pages = [];
        const document = await ingest({ bytes: readFileSync(${JSON.stringify(pdfPath)}) }, { onProgress: (p) => pages.push(p.page) });
        console.log(JSON.stringify({ pages, locators: document.passages.map((passage) => passage.locator) }));
      `;
      // --expose-gc stands for the process-wide flags a bot may run with, which Node refuses in a worker.
      const output = execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], {
        cwd: out,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      expect(JSON.parse(output)).toEqual({
        pages: [1, 2, 3],
        locators: ['abstract', 'p. 1', 'p. 1', 'p. 2', 'p. 2', 'p. 3', 'reference 1', 'reference 2'],
      });
    }, 120_000);
  });
});
