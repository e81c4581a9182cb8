import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/discord-standin/server.js';
import { option, useHarness } from './harness.js';

type Embed = {
  title?: string;
  description?: string;
  footer?: { text: string };
  fields?: Array<{ name: string; value: string }>;
};
type Row = { components: Array<{ custom_id: string; label: string }> };

const harness = useHarness();

const embedOf = (data: Record<string, unknown>): Embed => (data.embeds as Embed[] | undefined)?.[0] ?? {};
const buttons = (message: StoredMessage) =>
  (message.components as unknown as Row[]).flatMap((row) => row.components);

describe('counts read as English', () => {
  it('says "1 work" in the /references footer and in the export message', async () => {
    const interaction = harness.standin.command('references', [option('author', 'allison')]);
    const response = await interaction.response;
    expect(embedOf(response.data).footer?.text).toMatch(/^Page 1 of 1 · 1 work · /);
    const message = harness.standin.replyOf(interaction) as StoredMessage;
    const exportBib = buttons(message).find((button) => button.label.endsWith('.bib'));
    const click = harness.standin.clickButton(message, exportBib?.custom_id ?? '');
    await click.response;
    expect((harness.standin.replyOf(click) as StoredMessage).content).toBe('1 work as BibTeX.');
  });

  it('keeps the plural for many works', async () => {
    const response = await harness.standin.command('references', [option('author', 'sigal')]).response;
    expect(embedOf(response.data).footer?.text).toMatch(/ · 2 works · /);
  });

  it('says "1 passage" in the /search footer', async () => {
    const response = await harness.standin.command('search', [option('query', 'deterrence')]).response;
    expect(embedOf(response.data).footer?.text).toMatch(/^Page 1 of 1 · 1 passage · /);
  });
});

describe('/search without results', () => {
  it('suggests dropping the document filter only when one was set', async () => {
    const unfiltered = await harness.standin.command('search', [option('query', 'basketball playoffs')])
      .response;
    expect(embedOf(unfiltered.data).description).toMatch(/Tip: use fewer, more specific words\.$/);
    expect(embedOf(unfiltered.data).description).not.toContain('`document`');
    const filtered = await harness.standin.command('search', [
      option('query', 'basketball playoffs'),
      option('document', 'park-2013'),
    ]).response;
    expect(embedOf(filtered.data).description).toContain('drop the `document` filter');
  });
});

describe('a query in another script', () => {
  const keywords = () => harness.context.corpus.documents.flatMap((document) => document.keywords);

  it('says the library is in English and suggests its own terms, never "no passage" or "Did you mean"', async () => {
    const response = await harness.standin.command('search', [option('query', '북한 핵')]).response;
    const { description = '' } = embedOf(response.data);
    expect(description).toMatch(/library is in English/);
    expect(description).toContain('Hangul');
    expect(description).not.toMatch(/No passage|Did you mean/);
    const [first] = keywords();
    expect(first).toBeDefined();
    expect(description).toContain(String(first));
    for (const document of harness.context.corpus.documents) {
      expect(description).toContain(String(document.csl.title));
    }
  });

  it('names other scripts too, and answers a query with no letters at all', async () => {
    const japanese = await harness.standin.command('search', [option('query', '北朝鮮の核問題')]).response;
    expect(embedOf(japanese.data).description).toMatch(/library is in English/);
    expect(embedOf(japanese.data).description).not.toMatch(/No passage|Did you mean/);
    const emoji = await harness.standin.command('search', [option('query', '🤔❓')]).response;
    expect(embedOf(emoji.data).description).toMatch(/no words to search for.*English/);
  });

  it('limits the suggestions to the filtered document', async () => {
    const response = await harness.standin.command('search', [
      option('query', '북한'),
      option('document', 'park-2013'),
    ]).response;
    const { description = '' } = embedOf(response.data);
    expect(description).toContain('Coercive Engagement toward North Korea');
    expect(description).not.toContain('Strategies for Positive Engagement');
  });

  it('searches a mixed query with enough English words as usual, noting the other words', async () => {
    const response = await harness.standin.command('search', [option('query', '북한 Security Council')])
      .response;
    const embed = embedOf(response.data);
    expect(embed.fields?.length).toBeGreaterThan(0);
    expect(embed.description).toMatch(/words in Hangul match nothing/);
  });

  it('offers no spelling guesses for the words in another script of a mixed query that finds nothing', async () => {
    const response = await harness.standin.command('search', [option('query', '북한 핵 basketball playoffs')])
      .response;
    const { description = '' } = embedOf(response.data);
    expect(description).toMatch(/^No passage answers this closely enough/);
    expect(description).toMatch(/words in Hangul match nothing/);
    expect(description).not.toMatch(/Did you mean/);
  });

  it('answers "Find in readings" on a Korean message the same way', async () => {
    const target = harness.standin.postUserMessage(harness.standin.channelId, '안보리는 무엇을 해야 하나요?');
    const response = await harness.standin.messageContextMenu('Find in readings', target).response;
    expect(response.data.flags).toBe(64);
    expect(embedOf(response.data).description).toMatch(/library is in English/);
    expect(embedOf(response.data).description).not.toMatch(/No passage|Did you mean/);
  });
});

describe('/references', () => {
  it('names the documents whose reference lists it searches', async () => {
    const citing = harness.context.corpus.documents.filter((document) => document.references.length > 0);
    expect(citing.map((document) => document.shortTitle)).toEqual(['Jung (2013)']);
    const all = await harness.standin.command('references', []).response;
    expect(embedOf(all.data).title).toBe('Works cited by Jung (2013): all entries');
    const none = await harness.standin.command('references', [option('query', 'basketball')]).response;
    expect(embedOf(none.data).description).toMatch(/^No work cited by Jung \(2013\) matches/);
  });

  it('keeps its slash command description generic', () => {
    const definition = (harness.standin.commands.guild.get(harness.standin.guildId) ?? []).find(
      (command) => command.name === 'references',
    );
    expect(definition?.description).not.toMatch(/\(\d{4}\)/);
    const help = harness.context.commandHelp.find((command) => command.name === '/references');
    expect(help?.description).not.toMatch(/\(\d{4}\)/);
  });

  it('shows an oddly printed entry without sending anyone to a developer command', async () => {
    const flagged = harness.context.corpus.documents
      .flatMap((document) => document.references)
      .find((entry) => entry.problems.length > 0);
    expect(flagged).toBeDefined();
    const all = harness.standin.command('references', []);
    await all.response;
    const message = harness.standin.replyOf(all) as StoredMessage;
    let seen = '';
    // Page through until a flagged entry shows; each page is the reply a user reads.
    for (let page = 0; page < 10 && !seen.includes('⚠️'); page++) {
      seen = JSON.stringify(message.embeds);
      const next = buttons(message).find((button) => button.label.startsWith('Next'));
      if (!seen.includes('⚠️') && next) await harness.standin.clickButton(message, next.custom_id).response;
    }
    expect(seen).toContain('The source prints this entry oddly; it is shown as printed.');
    expect(seen).not.toMatch(/npm|validate-data/);
  });
});

describe('a group’s own library', () => {
  // Replies are computed from whatever library a group brings: here one invented document, no keywords.
  const dataDir = mkdtempSync(join(tmpdir(), 'lectern-own-library-'));
  copyFileSync(
    new URL('../fixtures/corpus/extra/doe-2021.md.txt', import.meta.url),
    join(dataDir, 'doe-2021.md'),
  );
  const own = useHarness({ dataDir });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('counts one document and one reference in the singular', async () => {
    const response = await own.standin.command('library', [{ name: 'list', type: 1, options: [] }]).response;
    const embed = embedOf(response.data);
    expect(embed.title).toBe('The library: 1 document');
    expect(embed.fields?.[0]?.value).toContain('Parts: 2 paragraphs, 1 reference (3 passages)');
    const help = JSON.stringify((await own.standin.command('help').response).data);
    expect(help).toContain('Doe (2021)');
    expect(help).toContain('· 1 reference');
    expect(help).not.toContain('Jung');
  });

  it('names the document whose references /references searches', async () => {
    const response = await own.standin.command('references', []).response;
    const embed = embedOf(response.data);
    expect(embed.title).toBe('Works cited by Doe (2021): all entries');
    expect(embed.footer?.text).toMatch(/ · 1 work · /);
  });

  it('says /compare needs two documents instead of comparing one with itself', async () => {
    for (const options of [[], [option('topic', 'reading groups')]]) {
      const response = await own.standin.command('compare', options).response;
      const seen = JSON.stringify(response.data);
      expect(seen).toContain('needs at least two documents');
      expect(seen).not.toMatch(/Only in|both use|thesis/);
      expect((response.data.flags as number | undefined) ?? 0).toBe(64);
    }
  });

  it('suggests the library’s titles for a query in another script when it lists no keywords', async () => {
    const response = await own.standin.command('search', [option('query', 'Читательские группы')]).response;
    const { description = '' } = embedOf(response.data);
    expect(description).toMatch(/library is in English.*Cyrillic/);
    expect(description).toContain('A Fixture Document for Loader Tests');
    expect(description).not.toMatch(/No passage|Did you mean|Korea/);
  });
});
