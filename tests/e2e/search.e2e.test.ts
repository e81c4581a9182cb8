import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, option, startHarness } from './harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.stop();
});

describe('search over the real gateway', () => {
  it('answers /search with an embed of located passages', async () => {
    const interaction = harness.standin.command('search', [
      option('query', 'what should the UN Security Council do?'),
    ]);
    const response = await interaction.response;
    expect(response.type).toBe(4);
    const embed = (response.data.embeds as Array<{ fields: Array<{ name: string; value: string }> }>)[0];
    expect(embed?.fields[0]?.name).toContain('Park (2013), para. 5');
    expect(embed?.fields[0]?.value).toMatch(/\*\*Security\*\* \*\*Council\*\*|\*\*UNSC\*\*/);
  });
});
