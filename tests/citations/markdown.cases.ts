import { describe, expect, it } from 'vitest';
import { escapeMarkdown, formatReference, htmlToDiscord } from '../../src/citations/index.js';
import { journalArticle } from './fixtures.js';

describe('htmlToDiscord', () => {
  it('turns italics and bold into markdown and decodes entities', () => {
    expect(htmlToDiscord('<i>Title</i> &amp; <b>Bold</b> &#60;x&#62; &#8220;q&#8221;')).toBe(
      '*Title* & **Bold** <x> “q”',
    );
  });

  it('merges adjacent italic spans and drops empty ones, so no stray "**" appears', () => {
    expect(htmlToDiscord('<i>A</i><i>B</i> <i></i>end')).toBe('*AB* end');
  });

  it('drops other tags but keeps their text', () => {
    expect(
      htmlToDiscord('<div class="csl-entry"><span style="font-variant:small-caps">Name</span></div>'),
    ).toBe('Name');
  });

  it('defuses block syntax at the start of a line', () => {
    expect(htmlToDiscord('&gt; quoted')).toBe('\\> quoted');
    expect(htmlToDiscord('# heading')).toBe('\\# heading');
  });
});

describe('escapeMarkdown', () => {
  it('escapes formatting characters but leaves URLs clickable and intact', () => {
    expect(escapeMarkdown('a*b_c~d|e`f [x](y) see https://x.test/a_b*c?d=1_2.')).toBe(
      'a\\*b\\_c\\~d\\|e\\`f \\[x\\](y) see https://x.test/a_b*c?d=1_2.',
    );
  });
});

describe('data cannot inject formatting', () => {
  it('escapes markdown in a title while the style’s italics stay', () => {
    const hostile = {
      ...journalArticle,
      title: 'A *bold* __claim__ with ~~strike~~ and `code`|| spoiler ||',
    };
    const output = formatReference(hostile, 'mla');
    expect(output).toContain(
      '“A \\*bold\\* \\_\\_claim\\_\\_ with \\~\\~strike\\~\\~ and \\`code\\`\\|\\| Spoiler \\|\\|.”',
    );
    expect(output).toContain('*World Politics*');
  });

  it('keeps a hostile author name from starting a block quote', () => {
    const hostile = { ...journalArticle, author: [{ literal: '> Quote' }] };
    expect(formatReference(hostile, 'apa').startsWith('\\>')).toBe(true);
  });
});
