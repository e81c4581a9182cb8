import { describe, expect, it } from 'vitest';
import { option, useHarness } from './harness.js';

const harness = useHarness();

const searchesLogged = () => harness.logs.filter((line) => line.includes('"msg":"searched"')).length;

describe('a burst of interactions', () => {
  it('sends the first reply before most of the burst has run, and answers every one', async () => {
    const burst = 60;
    const before = searchesLogged();
    const records = Array.from({ length: burst }, (_, index) =>
      harness.standin.command('search', [option('query', index % 2 ? 'Security Council' : 'engagement')]),
    );
    // When the first reply reaches Discord, how many of the burst's searches have already run?
    const ranBeforeFirstReply = await Promise.race(
      records.map((record) => record.response.then(() => searchesLogged() - before)),
    );
    const responses = await Promise.all(records.map((record) => record.response));
    expect(responses.every((response) => response.type === 4)).toBe(true);
    expect(searchesLogged() - before).toBe(burst);
    // Started all at once, every search would run before any reply left: 60 of 60.
    expect(ranBeforeFirstReply).toBeLessThan(burst / 2);
  });
});
