import { describe, expect, it } from 'vitest';
import { option, useHarness } from './harness.js';

type Embed = { title?: string; description?: string; fields?: Array<{ name: string; value: string }> };
const harness = useHarness();

const embedOf = async (name: string, options: ReturnType<typeof option>[]) =>
  ((await harness.standin.command(name, options).response).data.embeds as Embed[])[0] ?? {};

describe('/summary over the gateway', () => {
  it('/summary shows the extract with locators, key terms, reference and coverage', async () => {
    for (const length of ['short', 'medium', 'long']) {
      const embed = await embedOf('summary', [option('document', 'park-2013'), option('length', length)]);
      expect(embed.description).toMatch(/Lectern’s extract/);
      expect(embed.description).toMatch(/\*\(para\. \d\)\*/);
      const names = embed.fields?.map((field) => field.name) ?? [];
      expect(names.some((name) => name.startsWith('Key terms'))).toBe(true);
      expect(names).toContain('In the corpus');
    }
    const jung = await embedOf('summary', [option('document', 'jung-2013')]);
    expect(jung.description).toMatch(/from the author’s abstract/);
    expect(JSON.stringify(jung.fields)).toMatch(/What it cites \(49 works\)/);
    // The extract is drawn from the abstract, so the abstract is not shown a second time.
    expect(jung.fields?.some((field) => field.name === 'Author’s abstract')).toBe(false);
    expect(jung.description).toMatch(/> Arguing against the view .* \*\(abstract\)\* · \*\*thesis\*\*/);
    const park = await embedOf('summary', [option('document', 'park-2013')]);
    expect(park.description).toMatch(/the military option .* \*\(para\. 5\)\* · \*\*proposal\*\*/);
    expect(park.description).toMatch(/requires a regional framework .* \*\(para\. 7\)\* · \*\*proposal\*\*/);
    const terms = park.fields?.find((field) => field.name.startsWith('Key terms'))?.value ?? '';
    expect(terms).not.toMatch(/Korea nuclear/);
  });
});
