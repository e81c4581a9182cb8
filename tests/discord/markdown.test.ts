import { escapeMarkdown } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { ESCAPE_MEMO_MAX_CHARS, ESCAPE_MEMO_SIZE } from '../../src/discord/escape.js';
import {
  defuseMentions,
  embedLength,
  escapeText,
  fitEmbed,
  markdownUrl,
  maskedLink,
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

/** discord.js's escaper as Lectern used it before, with its block-quote rule; the single-pass one must agree. */
const discordJsEscape = (text: string) =>
  defuseMentions(
    escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }),
  ).replace(/^(\s*)>/gm, '$1\\>');

/** What Discord shows: a backslash before ASCII punctuation is dropped; defused mentions lose their space. */
const shown = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1').replaceAll('\u200b', '');

/**
 * Markdown Discord would still act on in escaped text: an unescaped `*`, `_`, backtick, `~~` or `||`
 * outside a URL or custom emoji, a heading, bullet or numbered-list marker at a line's start, a masked link.
 */
function liveMarkdown(escaped: string): string[] {
  const found: string[] = [];
  const lines = escaped.split(/\r\n|[\n\r\u2028\u2029]/);
  for (const line of lines) {
    if (/^ *(?:- +)?#{1,3} /.test(line) || /^ *- /.test(line) || /^ *\d+\./.test(line)) found.push(line);
    // A custom emoji's name keeps its underscores; Discord formats nothing inside a URL.
    const words = line.replace(/<a?:\w+:\d+>/g, ' ').split(/\s+/);
    for (const word of words) {
      const exempt = /https?:\/\/|<[^\s:]+:\//.test(word);
      let index = 0;
      while (index < word.length) {
        const char = word[index] as string;
        if (char === '\\') {
          index += 2;
          continue;
        }
        if (char === '`' || (!exempt && (char === '*' || char === '_'))) found.push(`${char} in ${word}`);
        if ((char === '~' || char === '|') && word[index + 1] === char)
          found.push(`${char}${char} in ${word}`);
        if (char === '[' && /^\[.+\]\(.+\)/.test(word.slice(index))) found.push(word);
        index++;
      }
    }
    if (/(^|[^\\])\[.+\]\(.+\)/.test(line.replace(/\\\\/g, ''))) found.push(line);
  }
  return found;
}

const corpus = loadCorpus(DATA_DIR);
const libraryStrings = [
  ...corpus.passages.map((passage) => passage.text),
  ...corpus.documents.flatMap((document) => [
    document.shortTitle,
    document.csl.title ?? '',
    ...document.keywords,
    ...document.references.map((reference) => reference.raw),
  ]),
];

/** Hostile strings on which the two escapers agree exactly. */
const HOSTILE = [
  '**bold** @everyone <@123456789012345678> [x](http://evil) # heading',
  '*italic* _italic_ __underline__ ~~strike~~ ||spoiler|| `code` ``double``',
  '```js\nconsole.log("fence")\n```',
  '***bold italic*** ___underline italic___',
  '**nested *emphasis* inside** and __*mixed*__',
  '# h1\n## h2\n### h3\n#### not a heading\n  # indented\n- # bullet heading\n   - deep bullet',
  '- - double dash\n- [# not a heading\n  - :# nor this\n* star bullet\n- dash bullet\n  - nested\n1. one\n 23. twenty-three\n4) not a list',
  '[masked](https://evil.example) and more (on one line)\n[a]() [](b) x\n[c](d) [e]',
  '@everyone @here <@123> <@!456> <@&789> <#101112> <@abc>',
  'snake_case_name https://example.com/a_b*c?d=1_2 <https://example.com/x_y> http://x/__y__',
  'emoji <:thinking_face:123456> <a:party_blob:98765> and *after* on the line',
  '*_~|'.repeat(1_500),
  'back\\slash \\*already\\* escaped \\_ too',
  '~ single ~ | single | ~~~ odd ~~~ ||| odd |||',
  '> block quote\n>>> multi',
  'line\r\n# after crlf\r- bullet after cr\u2028## after LS',
  '',
  ' ',
  '<scheme:/path_with*stars> <x:/a_b> <ab:/c_d>',
];

/**
 * Where discord.js leaves markdown live (or shows a stray backslash), Lectern escapes more. The one case
 * where discord.js's output is safe too is three stars inside a URL, where it leaves one star bare.
 */
const LIVE_AFTER_DISCORD_JS = [
  '````four backticks````',
  '****four stars****',
  '____four underscores____',
  '*** *** *** third run of three',
  '___ ___ ___ third run of three',
  '[first](https://a.example) then [second](https://b.example)',
  'emoji <:thinking_face:123456> and _after_ on the line',
  'x _:1> y_:1>',
  '****____````~~~~||||'.repeat(300),
];
const SAFE_BOTH_WAYS = ['https://example.com/***'];

describe('escapeText against discord.js escapeMarkdown', () => {
  it('agrees exactly on every passage, title, keyword and reference entry of the library', () => {
    expect(libraryStrings.length).toBeGreaterThan(100);
    const disagreements = libraryStrings.filter((text) => escapeText(text) !== discordJsEscape(text));
    expect(disagreements).toEqual([]);
  });

  it('agrees exactly on hostile strings', () => {
    for (const text of HOSTILE) {
      expect(escapeText(text), JSON.stringify(text.slice(0, 60))).toBe(discordJsEscape(text));
    }
  });

  it('differs only where discord.js leaves markdown live, and then shows the text exactly as written', () => {
    for (const text of [...LIVE_AFTER_DISCORD_JS, ...SAFE_BOTH_WAYS]) {
      const escaped = escapeText(text);
      const theirs = discordJsEscape(text);
      const label = JSON.stringify(text.slice(0, 60));
      expect(escaped, label).not.toBe(theirs);
      expect(shown(escaped)).toBe(text);
      expect(liveMarkdown(escaped)).toEqual([]);
      const theirsIsLive = liveMarkdown(theirs).length > 0 || shown(theirs) !== text;
      expect(theirsIsLive, label).toBe(LIVE_AFTER_DISCORD_JS.includes(text));
    }
  });

  it('shows every library and hostile string as written, with no markdown left to act on', () => {
    for (const text of [...libraryStrings, ...HOSTILE]) {
      const escaped = escapeText(text);
      expect(shown(escaped)).toBe(text);
      expect(liveMarkdown(escaped), JSON.stringify(text.slice(0, 60))).toEqual([]);
    }
  });

  it('does work in proportion to the input: ten times the text, ten times the character reads', () => {
    const hostile = (length: number) =>
      Array.from({ length }, (_, index) => '*_~|`\\<:h/'[(index * 7 + (index >> 3)) % 10]).join('');
    // The escaper walks the text by char codes; counting the reads measures its work, not the clock.
    const reads = (text: string) => {
      const original = String.prototype.charCodeAt;
      let count = 0;
      String.prototype.charCodeAt = function (this: string, index: number) {
        count++;
        return original.call(this, index);
      };
      try {
        escapeText(text);
      } finally {
        String.prototype.charCodeAt = original;
      }
      return count;
    };
    const small = reads(hostile(6_000));
    expect(small).toBeGreaterThan(6_000);
    // Linear work gives a ratio of 10, quadratic 100.
    expect(reads(hostile(60_000)) / small).toBeLessThan(12);
  });
});

describe('addresses a document states, in markdown', () => {
  const hostile = 'https://legit.example/a)[Claim your Nitro](https://evil.example/b';

  it('cannot close a masked link and open another', () => {
    const link = maskedLink('Source: Park (2013)', hostile);
    expect(link.startsWith('[Source: Park (2013)](https://legit.example/a')).toBe(true);
    expect(link.match(/\]\(/g)).toHaveLength(1);
    expect(link).not.toContain('](https://evil');
    expect(link).toContain('%29%5BClaim%20your%20Nitro%5D%28');
    expect(segmentsToMarkdown([{ text: hostile, link: hostile }])).not.toContain('](');
  });

  it('links only http(s) addresses, and keeps an ordinary one as it is', () => {
    expect(markdownUrl('javascript:alert(1)')).toBeUndefined();
    expect(markdownUrl('data:text/html,hi')).toBeUndefined();
    expect(markdownUrl('not a url')).toBeUndefined();
    expect(maskedLink('Source', 'javascript:alert(1)')).toBe('Source');
    expect(markdownUrl('https://pacforum.org/publication/pacnet-20-2013')).toBe(
      'https://pacforum.org/publication/pacnet-20-2013',
    );
  });
});

describe('escapeText remembers what it escaped', () => {
  const samples = [
    '**bold** and _under_',
    '# heading\n> quote <@123>',
    '',
    '@everyone [x](https://a.example)',
  ];

  it('gives the same answer from its memo as from a fresh walk, past its bounds too', () => {
    const fresh = samples.map((text) => escapeText(text));
    expect(samples.map((text) => escapeText(text))).toEqual(fresh);
    // Push every sample out of the memo, then ask again: the walk's answer, not a stale or missing one.
    for (let index = 0; index <= ESCAPE_MEMO_SIZE; index++) escapeText(`filler *${index}*`);
    expect(samples.map((text) => escapeText(text))).toEqual(fresh);
    expect(escapeText('*1*')).toBe('\\*1\\*');
  });

  it('escapes text longer than it keeps the same way', () => {
    const unit = '*a* _b_ ~~c~~ ||d|| `e`\n- f\n';
    const long = unit.repeat(Math.ceil((ESCAPE_MEMO_MAX_CHARS + 1) / unit.length));
    expect(long.length).toBeGreaterThan(ESCAPE_MEMO_MAX_CHARS);
    expect(escapeText(long)).toBe(escapeText(unit).repeat(long.length / unit.length));
    expect(escapeText(long)).toBe(escapeText(long));
  });
});

describe('segmentsToMarkdown puts the spaces outside its markers', () => {
  /** The rule as it was written before, with a regex: the spaces `\s` matches go outside the marker. */
  function byRegex(escaped: string, marker: string): string {
    const [, before = '', body = '', after = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(escaped) ?? [];
    return body === '' ? escaped : `${before}${marker}${body}${marker}${after}`;
  }
  const texts = [
    'word',
    '  two words  ',
    '\n\tline\u00a0',
    '\u2003\u3000wide\u202f\ufeff',
    '\u2028split\u2029',
    '   ',
    '',
    ' a * b ',
    '\u200bzero width\u200b',
  ];

  it('matches the regex rule for every marker and edge of white space', () => {
    for (const text of texts)
      for (const [italic, match, marker] of [
        [true, false, '*'],
        [false, true, '**'],
        [true, true, '***'],
      ] as const) {
        expect(segmentsToMarkdown([{ text, italic, match }]), JSON.stringify(text)).toBe(
          byRegex(escapeText(text), marker),
        );
      }
    expect(segmentsToMarkdown([{ text: ' bold ', match: true }])).toBe(' **bold** ');
  });
});

describe('markdownUrl remembers the addresses it made safe', () => {
  it('answers again as the first time, for addresses and for what is not one', () => {
    const addresses = [
      'https://a.example/x)[y](z',
      'javascript:alert(1)',
      'not a url',
      'http://b.example/(c)',
    ];
    const first = addresses.map(markdownUrl);
    expect(first[1]).toBeUndefined();
    expect(first[2]).toBeUndefined();
    expect(first[0]).toBe('https://a.example/x%29%5By%5D%28z');
    for (let round = 0; round < 3; round++) expect(addresses.map(markdownUrl)).toEqual(first);
    expect(maskedLink('Source', 'not a url')).toBe('Source');
  });
});
