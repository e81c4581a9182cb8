import { describe, expect, it } from 'vitest';
import { option, useHarness } from './harness.js';

type Embed = { description?: string };
const harness = useHarness();

const description = async (text: string) => {
  const response = await harness.standin.command('quote', [option('text', text)]).response;
  return (response.data.embeds as Embed[])[0]?.description ?? '';
};

describe('/quote', () => {
  it('verifies an exact quotation and says where it stands, with a citation', async () => {
    const text = await description(
      '“It should be noted that the essential mission of the UNSC is not to dismantle North Korea’s nuclear program”',
    );
    expect(text).toMatch(/Verified/);
    expect(text).toContain('Park (2013), para. 5');
    expect(text).toContain('(Park, 2013, para. 5)');
  });

  it('shows a near quotation word by word against the source, then the true text', async () => {
    const text = await description(
      'Coercive engagement is not for threatening punishment, but for showing our will and capability',
    );
    expect(text).toMatch(/Close, but not exact/);
    expect(text).toContain('**demonstrating**');
    expect(text).toContain('~~showing~~');
    expect(text).toMatch(/The source reads:[\s\S]*> .*demonstrating our will and capability/);
  });

  it('counts a changed last word and shows the whole word the source prints', async () => {
    const text = await description(
      'Coercive engagement is not for threatening punishment, but for demonstrating our will and capabilities',
    );
    expect(text).toContain('13 of 14 words match (1 word changed)');
    expect(text).toContain('**capability**');
    expect(text).toContain('~~capabilities~~');
    expect(text).toMatch(/The source reads:\*\*\n> Coercive engagement .* our will and capability\n/);
    expect(text).not.toMatch(/100 %/);
  });

  it('says plainly when a quotation is not in the readings', async () => {
    const text = await description(
      'Diplomacy is the art of letting someone else have your way, as the author famously wrote',
    );
    expect(text).toMatch(/Not found in the readings/);
  });

  it('refuses an empty quotation with a short private message', async () => {
    const response = await harness.standin.command('quote', [option('text', '   ')]).response;
    expect(response.data.flags).toBe(64);
    expect(response.data.content).toMatch(/Give the quotation/);
  });

  it('"Check quote" checks a right-clicked message', async () => {
    const target = harness.standin.postUserMessage(
      harness.standin.channelId,
      'Park says "Increasing our strategic cohesiveness requires a regional framework for addressing peace and security of Asia"',
    );
    const response = await harness.standin.messageContextMenu('Check quote', target).response;
    expect(response.data.flags).toBe(64);
    expect(JSON.stringify(response.data)).toMatch(/para\. 7/);
  });
});
