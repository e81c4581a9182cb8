import { describe, expect, it } from 'vitest';
import { throttledProgress } from '../../src/commands/library/progress.js';
import { progressText } from '../../src/commands/library/render.js';

/** Lets queued edits run, as the event loop does between two progress messages from the worker. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('progress of a long add', () => {
  it('edits at most once per interval, in order, and never after stop', async () => {
    let now = 0;
    const shown: string[] = [];
    const progress = throttledProgress(
      async (text) => {
        shown.push(text);
      },
      { intervalMs: 1500, now: () => now },
    );
    for (let page = 1; page <= 300; page++) {
      now = page * 100;
      progress.update(progressText({ stage: 'reading', unit: 'page', page, pages: 300 }));
      await tick();
    }
    await progress.stop();
    progress.update('too late');
    await progress.stop();
    // 30 s of pages at one edit per 1.5 s.
    expect(shown.length).toBe(20);
    expect(shown[0]).toBe('Reading page 1 of 300…');
    expect(shown.at(-1)).toBe('Reading page 286 of 300…');
    expect(shown).not.toContain('too late');
  });

  it('drops an edit still waiting when stopped, and survives a failing edit', async () => {
    let now = 0;
    const shown: string[] = [];
    let release: () => void = () => {};
    const errors: unknown[] = [];
    const progress = throttledProgress(
      (text) => {
        shown.push(text);
        if (text === 'first') return new Promise<void>((resolve) => (release = resolve));
        return Promise.reject(new Error('rate limited'));
      },
      { intervalMs: 10, now: () => now, onError: (error) => errors.push(error) },
    );
    progress.update('first');
    await tick();
    now = 20;
    progress.update('second');
    const stopped = progress.stop();
    release();
    await stopped;
    expect(shown).toEqual(['first']);
    expect(errors).toEqual([]);

    const failing = throttledProgress(() => Promise.reject(new Error('rate limited')), {
      onError: (error) => errors.push(error),
    });
    failing.update('x');
    await tick();
    await failing.stop();
    expect(errors).toHaveLength(1);
  });
});
