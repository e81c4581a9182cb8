import { describe, expect, it } from 'vitest';
import { option, useHarness } from './harness.js';

const harness = useHarness();

const HOSTILE = [
  '@everyone @here',
  '<@123456789012345678> <@&123456789012345678> <#123456789012345678>',
  'x'.repeat(6000),
  '```\nfence\n``` **bold** __u__ ||spoiler|| > quote [link](http://example.com)',
  '\u202Eneercs\u202C \u200B\u200Bnuclear\u2066test\u2069',
  'AND OR NOT "unclosed * ~1 ^2 (field:value)',
  '𝔐𝔦𝔩𝔦𝔱𝔞𝔯𝔶 🙂 ﷽',
  '   ',
];

/** Every command that takes free text, with the option that carries it. */
const TEXT_OPTIONS: Array<[string, string, Array<ReturnType<typeof option>>]> = [
  ['search', 'query', []],
  ['cite', 'query', []],
  ['references', 'query', []],
  ['references', 'author', []],
  ['quote', 'text', []],
  ['compare', 'topic', []],
  ['summary', 'document', []],
];

describe('hostile input to every command', () => {
  for (const [command, name, extra] of TEXT_OPTIONS) {
    it(`/${command} ${name}: answered, nothing pinged, nothing Discord would reject`, async () => {
      for (const text of HOSTILE) {
        const response = await harness.standin.command(command, [option(name, text), ...extra]).response;
        expect([4, 5]).toContain(response.type);
        const body = JSON.stringify(response.data);
        expect(body).not.toMatch(/(?<!\u200b)@(everyone|here)/);
        expect(body).not.toMatch(/<@&?\d+>/);
      }
    });
  }

  it('answers autocomplete for hostile text with valid choices', async () => {
    for (const command of ['search', 'cite', 'compare']) {
      const name = command === 'compare' ? 'topic' : 'query';
      for (const text of HOSTILE) {
        const response = await harness.standin.autocomplete(command, [option(name, text, true)]).response;
        const choices = response.data.choices as Array<{ name: string }>;
        expect(choices.length).toBeLessThanOrEqual(25);
        for (const choice of choices) {
          expect(choice.name.length).toBeGreaterThanOrEqual(1);
          expect(choice.name.length).toBeLessThanOrEqual(100);
        }
      }
    }
  });
});
