import type { CslItem } from '../../src/corpus/types.js';

/** The day the tests make their references on: Cite Them Right prints it as the access date. */
export const TODAY = new Date('2026-12-01T09:00:00Z');
export const TODAY_CITE_THEM_RIGHT = '1 December 2026';

/**
 * CSL items written by hand: the two documents from shared/corpus/METADATA.md, and reference-list entries
 * of document B from their printed form (the corpus parser may shape them differently; these pin what
 * the citation core does with each kind of work).
 */

/** Document A. Year only: the day is not confirmed; no DOI. */
export const parkReport: CslItem = {
  id: 'park-2013',
  type: 'report',
  title: 'Coercive Engagement toward North Korea',
  author: [{ family: 'Park', given: 'Jinho' }],
  'collection-title': 'PacNet',
  number: '9A',
  publisher: 'Pacific Forum CSIS',
  'publisher-place': 'Honolulu',
  issued: { 'date-parts': [[2013]] },
  URL: 'https://pacforum.org/publications/pacnet-9a-coercive-engagement-toward-north-korea/',
};

/** Document B. Autumn 2013 issue, no month; no DOI. */
export const jungArticle: CslItem = {
  id: 'jung-2013',
  type: 'article-journal',
  title: 'Strategies for Positive Engagement with North Korea',
  author: [{ family: 'Jung', given: 'Haangsok' }],
  'container-title': 'Korea Journal',
  volume: '53',
  issue: '3',
  page: '133-157',
  issued: { 'date-parts': [[2013]], season: 3 },
  publisher: 'Korean National Commission for UNESCO',
  ISSN: '0023-3900',
  URL: 'https://kj.accesson.kr/v.53/3/133/8333',
};

/** Baldwin, David A. 1971. “The Power of Positive Sanctions.” World Politics 24.1: 19-38. */
export const journalArticle: CslItem = {
  id: 'baldwin-1971',
  type: 'article-journal',
  title: 'The Power of Positive Sanctions',
  author: [{ family: 'Baldwin', given: 'David A.' }],
  'container-title': 'World Politics',
  volume: '24',
  issue: '1',
  page: '19-38',
  issued: { 'date-parts': [[1971]] },
};

/** Haggard, Stephan, and Marcus Noland. 2007. Famine in North Korea: Markets, Aid, and Reform. New York: Columbia University Press. */
export const book: CslItem = {
  id: 'haggard-2007',
  type: 'book',
  title: 'Famine in North Korea: Markets, Aid, and Reform',
  author: [
    { family: 'Haggard', given: 'Stephan' },
    { family: 'Noland', given: 'Marcus' },
  ],
  publisher: 'Columbia University Press',
  'publisher-place': 'New York',
  issued: { 'date-parts': [[2007]] },
};

/** Evans, Peter, Harold K. Jacobson, and Robert D. Putnam, eds. 1993. Double-Edged Diplomacy. Berkeley: University of California Press. */
export const editedVolume: CslItem = {
  id: 'evans-1993',
  type: 'book',
  title: 'Double-Edged Diplomacy',
  editor: [
    { family: 'Evans', given: 'Peter' },
    { family: 'Jacobson', given: 'Harold K.' },
    { family: 'Putnam', given: 'Robert D.' },
  ],
  publisher: 'University of California Press',
  'publisher-place': 'Berkeley',
  issued: { 'date-parts': [[1993]] },
};

/** Sigal, Leon V. 2005. “North Korean Nuclear Brinkmanship, 1993-94 and 2002-03.” In North Korea and the World: Explaining Pyongyang’s Foreign Policy, edited by Byung Chul Koh, 35-60. Seoul: Kyungnam University Press. */
export const chapter: CslItem = {
  id: 'sigal-2005',
  type: 'chapter',
  title: 'North Korean Nuclear Brinkmanship, 1993-94 and 2002-03',
  author: [{ family: 'Sigal', given: 'Leon V.' }],
  editor: [{ family: 'Koh', given: 'Byung Chul' }],
  'container-title': 'North Korea and the World: Explaining Pyongyang’s Foreign Policy',
  page: '35-60',
  publisher: 'Kyungnam University Press',
  'publisher-place': 'Seoul',
  issued: { 'date-parts': [[2005]] },
};

/** Cloud, David S. 2005. “Pentagon Studies Pre-Emptive Nuclear Strikes.” New York Times. September 11. */
export const newspaperArticle: CslItem = {
  id: 'cloud-2005',
  type: 'article-newspaper',
  title: 'Pentagon Studies Pre-Emptive Nuclear Strikes',
  author: [{ family: 'Cloud', given: 'David S.' }],
  'container-title': 'New York Times',
  issued: { 'date-parts': [[2005, 9, 11]] },
};

/** Snyder, Scott. 2009. “North Korea’s Nuclear and Missile Tests and Six-Party Talks: Where Do We Go from Here?” Testimony before the House Committee on Foreign Affairs …, June 17. */
export const testimony: CslItem = {
  id: 'snyder-2009',
  type: 'hearing',
  title: 'North Korea’s Nuclear and Missile Tests and Six-Party Talks: Where Do We Go from Here?',
  author: [{ family: 'Snyder', given: 'Scott' }],
  genre:
    'Testimony before the House Committee on Foreign Affairs Subcommittee on Asia, the Pacific, and the Global Environment Subcommittee on Terrorism, Nonproliferation and Trade',
  issued: { 'date-parts': [[2009, 6, 17]] },
};

/** Sigal, Leon V. 2001. “Bush Administration’s Policy toward North Korea.” Paper presented at the international conference “The Bush Administration’s Policy toward North Korea,” Washington, D.C., October 24. */
export const conferencePaper: CslItem = {
  id: 'sigal-2001',
  type: 'paper-conference',
  title: 'Bush Administration’s Policy toward North Korea',
  author: [{ family: 'Sigal', given: 'Leon V.' }],
  'event-title': 'The Bush Administration’s Policy toward North Korea',
  'event-place': 'Washington, D.C.',
  issued: { 'date-parts': [[2001, 10, 24]] },
};

/** United States. White House. 2010. “National Security Strategy.” http://www.whitehouse.gov/…/national_security_strategy.pdf. */
export const webPage: CslItem = {
  id: 'white-house-2010',
  type: 'webpage',
  title: 'National Security Strategy',
  author: [{ literal: 'United States. White House' }],
  issued: { 'date-parts': [[2010]] },
  URL: 'http://www.whitehouse.gov/sites/default/files/rss_viewer/national_security_strategy.pdf',
};

export const referenceEntries: readonly CslItem[] = [
  journalArticle,
  book,
  editedVolume,
  chapter,
  newspaperArticle,
  testimony,
  conferencePaper,
  webPage,
];
