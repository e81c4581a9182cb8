import { describe, expect, it } from 'vitest';
import { CITATION_STYLES, type CitationStyle } from '../../src/citations/index.js';
import type { CslItem } from '../../src/corpus/types.js';
import { formatInText, formatReference, formatReferences } from '../../src/discord/citing.js';
import {
  book,
  chapter,
  conferencePaper,
  editedVolume,
  journalArticle,
  jungArticle,
  newspaperArticle,
  parkReport,
  TODAY,
  TODAY_CITE_THEM_RIGHT,
  testimony,
  webPage,
} from './fixtures.js';

/** Entries of document B's reference list cited as works of their own; expectations from the manuals. */
const expected: Array<[string, CslItem, Record<CitationStyle, [string, string]>]> = [
  [
    'journal article',
    journalArticle,
    {
      apa: [
        'Baldwin, D. A. (1971). The power of positive sanctions. *World Politics*, *24*(1), 19–38.',
        '(Baldwin, 1971)',
      ],
      mla: [
        'Baldwin, David A. “The Power of Positive Sanctions.” *World Politics*, vol. 24, no. 1, 1971, pp. 19–38.',
        '(Baldwin)',
      ],
      chicago: [
        'Baldwin, David A. 1971. “The Power of Positive Sanctions.” *World Politics* 24 (1): 19–38.',
        '(Baldwin 1971)',
      ],
      harvard: [
        'Baldwin, D.A. (1971) ‘The power of positive sanctions’, *World Politics*, 24(1), pp. 19–38.',
        '(Baldwin, 1971)',
      ],
    },
  ],
  [
    'book',
    book,
    {
      apa: [
        'Haggard, S., & Noland, M. (2007). *Famine in North Korea: Markets, aid, and reform*. Columbia University Press.',
        '(Haggard & Noland, 2007)',
      ],
      mla: [
        'Haggard, Stephan, and Marcus Noland. *Famine in North Korea: Markets, Aid, and Reform*. Columbia University Press, 2007.',
        '(Haggard and Noland)',
      ],
      chicago: [
        'Haggard, Stephan, and Marcus Noland. 2007. *Famine in North Korea: Markets, Aid, and Reform*. New York: Columbia University Press.',
        '(Haggard and Noland 2007)',
      ],
      harvard: [
        'Haggard, S. and Noland, M. (2007) *Famine in North Korea: Markets, aid, and reform*. New York: Columbia University Press.',
        '(Haggard and Noland, 2007)',
      ],
    },
  ],
  [
    'edited volume',
    editedVolume,
    {
      apa: [
        'Evans, P., Jacobson, H. K., & Putnam, R. D. (Eds.). (1993). *Double-edged diplomacy*. University of California Press.',
        '(Evans et al., 1993)',
      ],
      mla: [
        'Evans, Peter, et al., editors. *Double-Edged Diplomacy*. University of California Press, 1993.',
        '(Evans et al.)',
      ],
      chicago: [
        'Evans, Peter, Harold K. Jacobson, and Robert D. Putnam, eds. 1993. *Double-Edged Diplomacy*. Berkeley: University of California Press.',
        '(Evans, Jacobson, and Putnam 1993)',
      ],
      harvard: [
        'Evans, P., Jacobson, H.K. and Putnam, R.D. (eds) (1993) *Double-edged diplomacy*. Berkeley: University of California Press.',
        '(Evans, Jacobson and Putnam, 1993)',
      ],
    },
  ],
  [
    'chapter in an edited book',
    chapter,
    {
      apa: [
        'Sigal, L. V. (2005). North Korean nuclear brinkmanship, 1993-94 and 2002-03. In B. C. Koh (Ed.), *North Korea and the world: Explaining Pyongyang’s foreign policy* (pp. 35–60). Kyungnam University Press.',
        '(Sigal, 2005)',
      ],
      mla: [
        'Sigal, Leon V. “North Korean Nuclear Brinkmanship, 1993-94 and 2002-03.” *North Korea and the World: Explaining Pyongyang’s Foreign Policy*, edited by Byung Chul Koh, Kyungnam University Press, 2005, pp. 35–60.',
        '(Sigal)',
      ],
      chicago: [
        'Sigal, Leon V. 2005. “North Korean Nuclear Brinkmanship, 1993-94 and 2002-03.” In *North Korea and the World: Explaining Pyongyang’s Foreign Policy*, edited by Byung Chul Koh, 35–60. Seoul: Kyungnam University Press.',
        '(Sigal 2005)',
      ],
      harvard: [
        'Sigal, L.V. (2005) ‘North Korean nuclear brinkmanship, 1993-94 and 2002-03’, in B.C. Koh (ed.) *North Korea and the world: Explaining Pyongyang’s foreign policy*. Seoul: Kyungnam University Press, pp. 35–60.',
        '(Sigal, 2005)',
      ],
    },
  ],
  [
    'newspaper article',
    newspaperArticle,
    {
      apa: [
        'Cloud, D. S. (2005, September 11). Pentagon studies pre-emptive nuclear strikes. *New York Times*.',
        '(Cloud, 2005)',
      ],
      mla: [
        'Cloud, David S. “Pentagon Studies Pre-Emptive Nuclear Strikes.” *New York Times*, 11 Sept. 2005.',
        '(Cloud)',
      ],
      chicago: [
        'Cloud, David S. 2005. “Pentagon Studies Pre-Emptive Nuclear Strikes.” *New York Times*, September 11, 2005.',
        '(Cloud 2005)',
      ],
      harvard: [
        'Cloud, D.S. (2005) ‘Pentagon studies pre-emptive nuclear strikes’, *New York Times*, 11 September.',
        '(Cloud, 2005)',
      ],
    },
  ],
  [
    'web page by an institution',
    webPage,
    {
      apa: [
        'United States. White House. (2010). *National security strategy*. http://www.whitehouse.gov/sites/default/files/rss_viewer/national_security_strategy.pdf',
        '(United States. White House, 2010)',
      ],
      mla: [
        'United States. White House. *National Security Strategy*. 2010, http://www.whitehouse.gov/sites/default/files/rss_viewer/national_security_strategy.pdf.',
        '(United States. White House)',
      ],
      // Chicago's CSL style repeats a year-only date for web pages ("2010. … 2010."); the manual has it once.
      chicago: [
        'United States. White House. 2010. “National Security Strategy.” 2010. http://www.whitehouse.gov/sites/default/files/rss_viewer/national_security_strategy.pdf.',
        '(United States. White House 2010)',
      ],
      harvard: [
        `United States. White House (2010) *National security strategy*. Available at: http://www.whitehouse.gov/sites/default/files/rss_viewer/national_security_strategy.pdf (Accessed: ${TODAY_CITE_THEM_RIGHT}).`,
        '(United States. White House, 2010)',
      ],
    },
  ],
];

describe.each(expected)('%s', (_kind, item, styles) => {
  it.each(CITATION_STYLES)('in %s: reference and author-date citation of its own', (style) => {
    expect(formatReference(item, style, TODAY)).toBe(styles[style][0]);
    expect(formatInText(item, style)).toBe(styles[style][1]);
  });
});

describe('testimony and conference papers (CSL speeches)', () => {
  it('puts the witness first and cites the witness, not the title', () => {
    expect(formatReference(testimony, 'apa', TODAY)).toBe(
      'Snyder, S. (2009, June 17). *North Korea’s nuclear and missile tests and Six-Party Talks: Where do we go from here?* [Testimony before the House Committee on Foreign Affairs Subcommittee on Asia, the Pacific, and the Global Environment Subcommittee on Terrorism, Nonproliferation and Trade].',
    );
    expect(formatReference(testimony, 'chicago', TODAY)).toBe(
      'Snyder, Scott. 2009. “North Korea’s Nuclear and Missile Tests and Six-Party Talks: Where Do We Go from Here?” Testimony before the House Committee on Foreign Affairs Subcommittee on Asia, the Pacific, and the Global Environment Subcommittee on Terrorism, Nonproliferation and Trade, June 17.',
    );
    // MLA 9 dates a talk by its event and names the hearing as the event.
    expect(formatReference(testimony, 'mla', TODAY)).toBe(
      'Snyder, Scott. *North Korea’s Nuclear and Missile Tests and Six-Party Talks: Where Do We Go from Here?* Testimony before the House Committee on Foreign Affairs Subcommittee on Asia, the Pacific, and the Global Environment Subcommittee on Terrorism, Nonproliferation and Trade, 17 June 2009.',
    );
    expect(formatInText(testimony, 'apa')).toBe('(Snyder, 2009)');
    for (const style of CITATION_STYLES)
      expect(formatReference(testimony, style, TODAY)).toMatch(/^Snyder, S/);
  });

  it('APA 7 (10.5) labels a paper read at a meeting "[Paper presentation]"', () => {
    expect(formatReference(conferencePaper, 'apa', TODAY)).toBe(
      'Sigal, L. V. (2001, October 24). *Bush administration’s policy toward North Korea* [Paper presentation]. The Bush Administration’s Policy toward North Korea, Washington, D.C.',
    );
  });

  it('names the event a paper was read at', () => {
    expect(formatReference(conferencePaper, 'mla', TODAY)).toBe(
      'Sigal, Leon V. *Bush Administration’s Policy toward North Korea*. The Bush Administration’s Policy toward North Korea, 24 Oct. 2001, Washington, D.C.',
    );
    expect(formatReference(conferencePaper, 'chicago', TODAY)).toBe(
      'Sigal, Leon V. 2001. “Bush Administration’s Policy toward North Korea.” Paper presented at the Bush Administration’s Policy toward North Korea, Washington, D.C., October 24.',
    );
    expect(formatInText(conferencePaper, 'chicago')).toBe('(Sigal 2001)');
    for (const style of CITATION_STYLES) {
      const output = formatReference(conferencePaper, style, TODAY);
      expect(output).toMatch(/^Sigal, L/);
      expect(output).toMatch(/[Tt]he Bush Administration’s Policy toward North Korea/);
      expect(output).toMatch(/2001/);
      expect(output).not.toContain('In .');
    }
  });
});

describe('formatReferences', () => {
  it('sorts by author and disambiguates one author’s works of the same year', () => {
    const sameYear: CslItem = { ...journalArticle, id: 'baldwin-1971-b', title: 'Another Paper' };
    const list = formatReferences([webPage, jungArticle, journalArticle, parkReport, sameYear], 'apa', TODAY);
    expect(list.map((entry) => entry.slice(0, 12))).toEqual([
      'Baldwin, D. ',
      'Baldwin, D. ',
      'Jung, H. (20',
      'Park, J. (20',
      'United State',
    ]);
    expect(list[0]).toContain('(1971a). Another paper.');
    expect(list[1]).toContain('(1971b). The power of positive sanctions.');
  });

  it('returns nothing for no items', () => {
    expect(formatReferences([], 'mla')).toEqual([]);
  });
});

describe('titles in another language', () => {
  /** Kim, Keun-sik. 2006. “Segye cheje-ui appak-gwa …” (The Pressure of …). Silcheon munhak (Literature in Practice) 83: 441-548. */
  const romanised: CslItem = {
    id: 'kim-2006',
    type: 'article-journal',
    title: 'Segye cheje-ui appak-gwa yaksoja-roseoui bukhan-ui daeeung',
    'translated-title': 'The Pressure of the World System and Response of North Korea as a Weak State',
    author: [{ family: 'Kim', given: 'Keun-sik' }],
    'container-title': 'Silcheon munhak (Literature in Practice)',
    volume: '83',
    page: '441-548',
    issued: { 'date-parts': [[2006]] },
  };

  it.each(CITATION_STYLES)(
    'in %s, a romanised title printed with its translation keeps the original’s capitalisation (APA 7: a non-English title as in the original)',
    (style) => {
      const output = formatReference(romanised, style, TODAY);
      expect(output).toContain('Segye cheje-ui appak-gwa yaksoja-roseoui bukhan-ui daeeung');
      expect(output).toContain('Silcheon munhak (Literature in Practice)');
    },
  );

  it('still title-cases an English title in MLA and Chicago', () => {
    expect(
      formatReference({ ...journalArticle, title: 'the power of positive sanctions' }, 'mla', TODAY),
    ).toContain('“The Power of Positive Sanctions.”');
  });
});

describe('a periodical issue known only by its month', () => {
  /** Madden, David. 2003. “Can America and Her Allies Pay Kim Jong Il to Go Into Exile? …” American Foreign Policy (October). */
  const dated: CslItem = {
    id: 'madden-2003',
    type: 'article-journal',
    title:
      'Can America and Her Allies Pay Kim Jong Il to Go Into Exile? Plan ‘C’: A New Option for North Korea',
    author: [{ family: 'Madden', given: 'David' }],
    'container-title': 'American Foreign Policy',
    issued: { 'date-parts': [[2003, 10]] },
  };

  it('APA 7 (10.1) dates it by year and month: "(2003, October)"', () => {
    expect(formatReference(dated, 'apa', TODAY)).toMatch(/^Madden, D\. \(2003, October\)\./);
  });

  it.each(CITATION_STYLES)('%s keeps the October issue date and adds no "[Preprint]"', (style) => {
    const output = formatReference(dated, style, TODAY);
    expect(output).toMatch(/October|Oct\./);
    expect(output).not.toContain('Preprint');
  });
});
