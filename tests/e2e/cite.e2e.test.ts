import { describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/discord-standin/server.js';
import { option, useHarness } from './harness.js';

type Embed = { title?: string; description?: string; footer?: { text: string } };
const harness = useHarness();

const embedOf = (data: Record<string, unknown>) => (data.embeds as Embed[])[0] ?? {};

describe('/cite', () => {
  it('quotes the best passage at sentence boundaries, with in-text citation and reference (APA)', async () => {
    const response = await harness.standin.command('cite', [
      option('query', 'military option Security Council'),
    ]).response;
    const { title, description = '' } = embedOf(response.data);
    expect(title).toBe('APA 7: Park (2013), para. 5');
    expect(description).toMatch(/^> /);
    expect(description).toContain('military option');
    expect(description).toContain('(Park, 2013, para. 5)');
    expect(description).toContain(
      'Park, J. (2013). *Coercive engagement toward North Korea* (PacNet No. 9A). Pacific Forum CSIS.',
    );
    expect(description).toContain(
      'https://pacforum.org/publications/pacnet-9a-coercive-engagement-toward-north-korea/',
    );
  });

  it('cites a whole document as BibTeX, attached and in a code block', async () => {
    const interaction = harness.standin.command('cite', [
      option('document', 'jung-2013'),
      option('style', 'bibtex'),
    ]);
    const response = await interaction.response;
    const message = harness.standin.replyOf(interaction) as StoredMessage;
    expect(embedOf(response.data).description).toContain('```bibtex');
    expect(message.files.map((file) => file.filename)).toEqual(['jung-2013.bib']);
    const bib = message.files[0]?.data.toString('utf8') ?? '';
    expect(bib).toContain('Korea Journal');
    expect(bib).toContain('133--157');
  });

  it('exports a quoted reference-list entry as the work it names, not the document that lists it', async () => {
    for (const style of ['bibtex', 'ris'] as const) {
      const interaction = harness.standin.command('cite', [
        option('query', 'Sunshine in Korea Levin'),
        option('style', style),
      ]);
      const response = await interaction.response;
      const message = harness.standin.replyOf(interaction) as StoredMessage;
      const exported = message.files[0]?.data.toString('utf8') ?? '';
      expect(exported).toContain('Levin');
      expect(exported).toMatch(/Sunshine in \{?Korea/);
      expect(exported).not.toContain('Strategies for Positive Engagement');
      expect(message.files[0]?.filename).not.toMatch(/^jung-2013\./);
      expect(embedOf(response.data).title).toContain('listed in Jung (2013)');
    }
  });

  it('switches style in place from the menu', async () => {
    const interaction = harness.standin.command('cite', [option('document', 'park-2013')]);
    await interaction.response;
    const message = harness.standin.replyOf(interaction) as StoredMessage;
    const menu = (message.components[0] as { components: Array<{ custom_id: string }> }).components[0];
    const select = harness.standin.selectMenu(message, menu?.custom_id ?? '', ['ris']);
    const update = await select.response;
    expect(update.type).toBe(7);
    expect(message.files.map((file) => file.filename)).toEqual(['park-2013.ris']);
    expect(message.files[0]?.data.toString('utf8')).toContain('TY  - RPRT');
  });

  it('never shows a DOI or a day or month the metadata lacks', async () => {
    for (const style of ['apa', 'mla', 'chicago', 'harvard', 'bibtex', 'ris']) {
      for (const document of ['park-2013', 'jung-2013']) {
        const interaction = harness.standin.command('cite', [
          option('document', document),
          option('style', style),
        ]);
        const response = await interaction.response;
        const message = harness.standin.replyOf(interaction) as StoredMessage;
        const shown = `${JSON.stringify(response.data)}${message.files.map((file) => file.data.toString('utf8')).join('')}`;
        // Cite Them Right's access date is the day the reference is made, not a fact of the document.
        if (style === 'harvard') expect(shown).toMatch(/\(Accessed: \d{1,2} [A-Z][a-z]+ \d{4}\)/);
        const text = shown.replace(/ \(Accessed: [^)]*\)/g, '');
        expect(text).not.toMatch(/doi/i);
        expect(text).not.toMatch(
          /\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/,
        );
        expect(text).not.toMatch(/2013[-/]\d|DA {2}- 2013\/\d/);
      }
    }
  });

  it.each([
    [
      'mla',
      'MLA 9',
      '(Park, par. 5)',
      'Park, Jinho. *Coercive Engagement toward North Korea*. PacNet, no. 9A, Pacific Forum CSIS, 2013,',
    ],
    [
      'chicago',
      'Chicago 17 (author-date)',
      '(Park 2013, para. 5)',
      'Park, Jinho. 2013. “Coercive Engagement toward North Korea.” PacNet 9A. Honolulu: Pacific Forum CSIS.',
    ],
    [
      'harvard',
      'Harvard (Cite Them Right)',
      '(Park, 2013, para. 5)',
      'Park, J. (2013) *Coercive engagement toward North Korea*. PacNet 9A. Honolulu: Pacific Forum CSIS. Available at:',
    ],
  ])(
    'cites a passage in %s with the style’s own locator and reference',
    async (style, label, inText, reference) => {
      const response = await harness.standin.command('cite', [
        option('query', 'military option Security Council'),
        option('style', style),
      ]).response;
      const { title, description = '' } = embedOf(response.data);
      expect(title).toBe(`${label}: Park (2013), para. 5`);
      expect(description).toContain(`**In text:** ${inText}`);
      expect(description).toContain(reference);
    },
  );

  it('uses the server’s style from /settings as the default, for /cite and /summary alike', async () => {
    const moderator = { user: harness.standin.users.moderator };
    await harness.standin.command('settings', [option('style', 'chicago')], moderator).response;
    try {
      const cited = await harness.standin.command('cite', [option('document', 'jung-2013')]).response;
      expect(embedOf(cited.data).title).toBe('Chicago 17 (author-date): Jung (2013)');
      expect(embedOf(cited.data).description).toContain('*Korea Journal* 53 (3): 133–57.');
      const summary = await harness.standin.command('summary', [option('document', 'park-2013')]).response;
      const [embed] = summary.data.embeds as Array<{ fields?: Array<{ name: string; value: string }> }>;
      const reference = embed?.fields?.find((field) => field.name.startsWith('Reference'));
      expect(reference?.name).toBe('Reference (Chicago 17 (author-date))');
      expect(reference?.value).toContain('Park, Jinho. 2013.');
    } finally {
      await harness.context.settings.update(harness.standin.guildId, { citationStyle: null });
    }
  });
});

describe('/references', () => {
  it('filters by words, author and year and pages through the results', async () => {
    const words = await harness.standin.command('references', [option('query', 'sunshine')]).response;
    expect(embedOf(words.data).footer?.text).toMatch(/^Page 1 of 1 · 4 works/);
    const author = await harness.standin.command('references', [option('author', 'sigal')]).response;
    expect(embedOf(author.data).footer?.text).toMatch(/2 works/);
    const year = await harness.standin.command('references', [option('year', 2007)]).response;
    expect(embedOf(year.data).description).toContain('Nuclear Sisyphus');

    const all = harness.standin.command('references', []);
    await all.response;
    const message = harness.standin.replyOf(all) as StoredMessage;
    expect((message.embeds[0] as Embed).footer?.text).toMatch(/Page 1 of 10 · 49 works/);
    const next = (
      message.components[0] as { components: Array<{ custom_id: string; label: string }> }
    ).components.find((b) => b.label.startsWith('Next'));
    await harness.standin.clickButton(message, next?.custom_id ?? '').response;
    expect((message.embeds[0] as Embed).footer?.text).toMatch(/^Page 2 of 10/);
  });

  it('exports every matching entry as .ris', async () => {
    const interaction = harness.standin.command('references', [option('query', 'sunshine')]);
    await interaction.response;
    const message = harness.standin.replyOf(interaction) as StoredMessage;
    const exportButton = (
      message.components[0] as { components: Array<{ custom_id: string; label: string }> }
    ).components.find((b) => b.label.endsWith('.ris'));
    const click = harness.standin.clickButton(message, exportButton?.custom_id ?? '');
    await click.response;
    const reply = harness.standin.replyOf(click) as StoredMessage;
    const ris = reply.files[0]?.data.toString('utf8') ?? '';
    expect(reply.files[0]?.filename).toBe('references.ris');
    expect(ris.match(/^TY {2}-/gm)?.length).toBe(4);
    expect(ris).toContain('Sunshine');
  });
});
