import { describe, expect, it } from 'vitest';
import { option, useHarness } from './harness.js';

type Field = { name: string; value: string };
type Embed = { title?: string; description?: string; fields?: Field[] };
const harness = useHarness();

const embedOf = async (options: ReturnType<typeof option>[]) =>
  ((await harness.standin.command('compare', options).response).data.embeds as Embed[])[0] ?? {};
const field = (embed: Embed, name: string) => embed.fields?.find((entry) => entry.name === name)?.value ?? '';

describe('/compare over the gateway', () => {
  it('on a topic, says "does not address" only where no passage uses the topic’s words', async () => {
    const nunn = await embedOf([option('topic', 'Nunn-Lugar')]);
    expect(field(nunn, 'Park (2013)')).toMatch(/Park \(2013\) does not address \*Nunn-Lugar\* in the corpus/);
    expect(field(nunn, 'Jung (2013)')).toMatch(/“Nunn-Lugar” concept/);

    const proliferation = await embedOf([option('topic', 'nuclear proliferation')]);
    expect(JSON.stringify(proliferation.fields)).not.toMatch(/does not address/);
    expect(field(proliferation, 'Park (2013)')).toMatch(/Never uses “proliferation”/);

    const council = await embedOf([option('topic', 'Security Council')]);
    expect(field(council, 'Park (2013)')).toMatch(/UN Security Council \(UNSC\)/);
    expect(field(council, 'Jung (2013)')).toMatch(/No sentence uses the topic’s words together/);
  });

  it('without a topic: theses, terms only one uses, and the disagreement side by side', async () => {
    const embed = await embedOf([]);
    const names = embed.fields?.map((entry) => entry.name) ?? [];
    expect(names).toContain('Park (2013): thesis');
    expect(names).toContain('Jung (2013): thesis');
    expect(names).toContain('Terms both use');
    expect(names.join('\n')).not.toMatch(/on coercion|on engagement/);
    expect(field(embed, 'Only in Jung (2013)')).not.toMatch(/measures/);
    expect(field(embed, 'Where they disagree: Jung (2013) argues against “coercive measures”')).toMatch(
      /Arguing against the view that “coercive measures”/,
    );
    expect(field(embed, 'Park (2013) calls for “coercive measures”')).toMatch(/applying coercive measures/);
    expect(names.some((name) => name.startsWith('On “positive engagement”'))).toBe(true);
    expect(embed.description).toMatch(/from the texts in the corpus/);
  });
});
