import { describe, expect, it } from 'vitest';
import { htmlToRichText } from '../../src/citations/html.js';
import { formatReference as formatReferenceRich } from '../../src/citations/index.js';
import { formatReference } from '../../src/discord/citing.js';
import { segmentsToMarkdown } from '../../src/discord/markdown.js';
import { toPlainText } from '../../src/text/rich-text.js';
import { journalArticle, TODAY, webPage } from './fixtures.js';

describe('htmlToRichText', () => {
  it('turns italics and bold into segments and decodes entities', () => {
    expect(htmlToRichText('<i>Title</i> &amp; <b>Bold</b> &#60;x&#62; &#8220;q&#8221;')).toEqual([
      { text: 'Title', italic: true },
      { text: ' & ' },
      { text: 'Bold', match: true },
      { text: ' <x> “q”' },
    ]);
  });

  it('joins adjacent italic spans and drops empty ones, so no stray "**" appears', () => {
    const rich = htmlToRichText('<i>A</i><i>B</i> <i></i>end');
    expect(rich).toEqual([{ text: 'AB', italic: true }, { text: ' end' }]);
    expect(segmentsToMarkdown(rich)).toBe('*AB* end');
  });

  it('drops other tags but keeps their text, and collapses white space', () => {
    expect(
      htmlToRichText('<div class="csl-entry"> <span style="font-variant:small-caps">Name</span>  x </div>'),
    ).toEqual([{ text: 'Name x' }]);
  });

  it('marks a URL as a link, without the full stop the style puts after it', () => {
    expect(htmlToRichText('See https://x.test/a_b*c?d=1_2.')).toEqual([
      { text: 'See ' },
      { text: 'https://x.test/a_b*c?d=1_2', link: 'https://x.test/a_b*c?d=1_2' },
      { text: '.' },
    ]);
  });
});

describe('rich text to Discord markdown', () => {
  it('keeps URLs whole and clickable while escaping the text around them', () => {
    expect(
      segmentsToMarkdown([
        { text: 'a*b_c ' },
        { text: 'https://x.test/a_b*c', link: 'https://x.test/a_b*c' },
        { text: '.' },
      ]),
    ).toBe('a\\*b\\_c https://x.test/a_b*c.');
    expect(formatReference(webPage, 'apa')).toContain('/rss_viewer/national_security_strategy.pdf');
  });

  it('puts white space outside the markers, where markdown reads them', () => {
    expect(segmentsToMarkdown([{ text: 'Title ', italic: true }, { text: 'x' }])).toBe('*Title* x');
  });

  it('gives plain text without any markup, for scheduled events and the terminal', () => {
    const reference = formatReferenceRich(journalArticle, 'apa', { today: TODAY });
    expect(toPlainText(reference)).toBe(
      'Baldwin, D. A. (1971). The power of positive sanctions. World Politics, 24(1), 19–38.',
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
