import { describe, expect, it } from 'vitest';
import {
  embedLength,
  escapeText,
  fitEmbed,
  segmentsToMarkdown,
  truncate,
} from '../../src/discord/markdown.js';

describe('markdown helpers', () => {
  it('escapes markdown and breaks mentions', () => {
    const escaped = escapeText('**bold** @everyone <@123456789012345678> [x](http://evil) # heading');
    expect(escaped).not.toContain('**bold**');
    expect(escaped).not.toContain('@everyone');
    expect(escaped).not.toContain('<@123456789012345678>');
    expect(escaped).toContain('\\[x](http://evil)');
  });

  it('truncates at a word boundary with an ellipsis', () => {
    const text = 'one two three four five six seven';
    const cut = truncate(text, 16);
    expect(cut.length).toBeLessThanOrEqual(16);
    expect(cut.endsWith('…')).toBe(true);
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    expect(truncate('short', 10)).toBe('short');
  });

  it('bolds matched segments only', () => {
    expect(
      segmentsToMarkdown([
        { text: 'the ', match: false },
        { text: 'UN', match: true },
      ]),
    ).toBe('the **UN**');
  });

  it('fits an oversized embed inside every Discord limit', () => {
    const embed = fitEmbed({
      title: 't'.repeat(400),
      description: 'd'.repeat(5000),
      footer: { text: 'f'.repeat(3000) },
      fields: Array.from({ length: 30 }, (_, index) => ({
        name: `n${index}`.repeat(100),
        value: 'v '.repeat(800),
      })),
    });
    expect(embed.title?.length).toBeLessThanOrEqual(256);
    expect(embed.description?.length).toBeLessThanOrEqual(4096);
    expect(embed.fields?.length).toBe(25);
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeLessThanOrEqual(256);
      expect(field.value.length).toBeLessThanOrEqual(1024);
    }
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
  });
});

describe('truncate edge cases', () => {
  it('never exceeds the requested length', () => {
    for (const max of [0, 1, 2, 3, 10]) {
      expect(truncate('abcdefghijklmnop qrs', max).length).toBeLessThanOrEqual(max);
    }
  });
});
