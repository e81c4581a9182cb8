import { describe, expect, it } from 'vitest';
import { cleanName, truncateText, wellFormed } from '../../src/text/unicode.js';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}';
const FLAGS = '\u{1F1EF}\u{1F1F5}\u{1F1F0}\u{1F1F7}\u{1F1FA}\u{1F1F8}';
const THUMBS_DARK = '\u{1F44D}\u{1F3FF}';
const E_ACUTE = 'e\u0301';

/** Texts that a UTF-16 cut breaks: astral emoji, flags, ZWJ sequences, modifiers, combining marks, scripts. */
const TRICKY = [
  '\u{1F642}'.repeat(500),
  FAMILY.repeat(40),
  FLAGS.repeat(30),
  `${THUMBS_DARK} `.repeat(60),
  `caf${E_ACUTE} `.repeat(80),
  'Z\u0351\u0352\u0353a\u0354\u0355l\u0356g\u0357o '.repeat(30),
  '\u{1D510}\u{1D526}\u{1D529}\u{1D526}\u{1D531}\u{1D51E}\u{1D52F}\u{1D536} '.repeat(30),
  '\u0928\u092E\u0938\u094D\u0924\u0947 \u0915\u094D\u0937\u093F '.repeat(30),
  '\u1100\u1161\u11A8'.repeat(100),
  `word ${FAMILY} word ${FLAGS} `.repeat(20),
];

function boundaries(text: string): Set<number> {
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const found = new Set<number>([text.length]);
  for (const { index } of segmenter.segment(text)) found.add(index);
  return found;
}

describe('truncateText', () => {
  it('stays within the limit, is well formed and cuts only between graphemes, for every limit', () => {
    let tried = 0;
    for (const text of TRICKY) {
      const whole = boundaries(text);
      for (let max = 0; max <= Math.min(text.length + 1, 260); max++) {
        const cut = truncateText(text, max);
        tried++;
        expect(cut.length).toBeLessThanOrEqual(max);
        expect(cut.isWellFormed()).toBe(true);
        if (cut === text) continue;
        if (max === 0) {
          expect(cut).toBe('');
          continue;
        }
        expect(cut.endsWith('…')).toBe(true);
        const body = cut.slice(0, -1);
        expect(text.startsWith(body)).toBe(true);
        expect(whole.has(body.length)).toBe(true);
      }
    }
    expect(tried).toBeGreaterThan(2000);
  });

  it('keeps a ZWJ family, a flag and a skin tone whole or drops them whole', () => {
    expect(truncateText(FAMILY.repeat(3), FAMILY.length + 1)).toBe(`${FAMILY}…`);
    expect(truncateText(FAMILY.repeat(3), FAMILY.length)).toBe('…');
    expect(truncateText(FLAGS, 5)).toBe('\u{1F1EF}\u{1F1F5}…');
    expect(truncateText(FLAGS, 4)).toBe('…');
    expect(truncateText(THUMBS_DARK.repeat(2), 4)).toBe('…');
    expect(truncateText(`${E_ACUTE}${E_ACUTE}`, 3)).toBe(`${E_ACUTE}…`);
    expect(truncateText(`${E_ACUTE}${E_ACUTE}`, 2)).toBe('…');
  });

  it('prefers the last word boundary and leaves short text alone', () => {
    expect(truncateText('one two three four five six seven', 16)).toBe('one two three…');
    expect(truncateText('short', 10)).toBe('short');
    expect(truncateText('abcdef', 4, '...')).toBe('a...');
  });
});

describe('wellFormed', () => {
  it('replaces unpaired surrogates and keeps pairs and length', () => {
    const broken = `a\uD83Db\uDE42c\u{1F642}`;
    const fixed = wellFormed(broken);
    expect(fixed).toBe('a\uFFFDb\uFFFDc\u{1F642}');
    expect(fixed.length).toBe(broken.length);
  });
});

describe('cleanName', () => {
  it('removes controls, NUL and bidi overrides and isolates, and puts line breaks on one line', () => {
    expect(cleanName('\u202Eneercs\u202C Week\u0000 1\u2066x\u2069')).toBe('neercs Week 1x');
    expect(cleanName('Week 1:\r\n\tPark\u0085(2013)')).toBe('Week 1: Park (2013)');
    expect(cleanName('\u0007bell\u009B[31mred\u007F')).toBe('bell[31mred');
    expect(cleanName(`  ${FAMILY} caf${E_ACUTE} \uD83D `)).toBe(`${FAMILY} caf${E_ACUTE} \uFFFD`);
    expect(cleanName('\u202A\u202B\u202D\u2067\u2068')).toBe('');
  });
});
