import { describe, expect, it } from 'vitest';
import { documentVocabulary, parseReference } from '../../src/corpus/references.js';

// Every entry below is copied from the reference list of Jung (2013), shared/seeds/001_…txt.
const parse = (raw: string, number = 1) => parseReference(raw, number, 'jung-2013');

describe('parseReference: journal articles', () => {
  it('reads author, year, quoted title, journal, volume.issue and pages', () => {
    const entry = parse(
      'Allison, Graham. 2006. “North Korean Nuclear Challenge: Bush Administration Failure: China’s Opportunity.” Korean Journal of Defense Analysis 18.3: 7–34.',
      12,
    );
    expect(entry.problems).toEqual([]);
    expect(entry.kind).toBe('journal-article');
    expect(entry.number).toBe(12);
    expect(entry.csl).toMatchObject({
      id: 'jung-2013-ref-12',
      type: 'article-journal',
      author: [{ family: 'Allison', given: 'Graham' }],
      issued: { 'date-parts': [[2006]] },
      title: 'North Korean Nuclear Challenge: Bush Administration Failure: China’s Opportunity',
      'container-title': 'Korean Journal of Defense Analysis',
      volume: '18',
      issue: '3',
      page: '7–34',
    });
  });

  it('reads a volume without an issue and keeps a middle initial with its full stop', () => {
    const entry = parse(
      'Baldwin, David A. 1971. “The Power of Positive Sanctions.” World Politics 24.1: 19-38.',
    );
    expect(entry.csl.author).toEqual([{ family: 'Baldwin', given: 'David A.' }]);
    const noIssue = parse(
      'Babbage, Maria. 2004. “White Elephants: Why South Africa Gave Up the Bomb and the Implications for Nuclear Non-proliferation Policy.” Journal of Public and International Affairs 15: 1-20.',
    );
    expect(noIssue.csl.volume).toBe('15');
    expect(noIssue.csl.issue).toBeUndefined();
    expect(noIssue.csl.page).toBe('1-20');
  });

  it('reads two authors joined by ", and"', () => {
    const entry = parse(
      'Byman, Daniel, and Jennifer Lind. 2010. “Pyongyang’s Survival Strategy: Tools of Authoritarian Control in North Korea.” International Security 35.1: 44–74.',
    );
    expect(entry.csl.author).toEqual([
      { family: 'Byman', given: 'Daniel' },
      { family: 'Lind', given: 'Jennifer' },
    ]);
  });

  it('keeps a title ending in a question mark and reads a month printed after the volume', () => {
    const question = parse(
      'Colin, Kahl, and William Odom. 2008. “When to Leave Iraq: Today, Tomorrow or Yesterday?” Foreign Affairs 87.4: 151-157.',
    );
    expect(question.csl.title).toBe('When to Leave Iraq: Today, Tomorrow or Yesterday?');
    // The source prints "Colin, Kahl"; the parser keeps what is printed (the data file carries a note).
    expect(question.csl.author?.[0]).toEqual({ family: 'Colin', given: 'Kahl' });

    const month = parse(
      'Przystup, James J. 2002. “Anticipating Strategic Surprise on the Korean Peninsula.” Strategic Forum 190 (March): 1-5.',
    );
    expect(month.csl.issued).toEqual({ 'date-parts': [[2002, 3]] });
    expect(month.csl.volume).toBe('190');
    expect(month.problems).toEqual([]);
  });

  it('reads a periodical printed with only a month and no volume or pages', () => {
    const entry = parse(
      'Madden, David. 2003. “Can America and Her Allies Pay Kim Jong Il to Go Into Exile? Plan ‘C’: A New Option for North Korea.” American Foreign Policy (October).',
    );
    expect(entry.kind).toBe('journal-article');
    expect(entry.csl['container-title']).toBe('American Foreign Policy');
    expect(entry.csl.issued).toEqual({ 'date-parts': [[2003, 10]] });
    expect(entry.csl.page).toBeUndefined();
  });

  it('calls a container named "Magazine" a magazine', () => {
    const entry = parse(
      'Carter, Ashton B. 2003. “The Korean Nuclear Crisis: Preventing the Truly Dangerous Spread of Weapons of Mass Destruction.” Harvard Magazine 106.1: 38-41.',
    );
    expect(entry.kind).toBe('magazine');
    expect(entry.csl.type).toBe('article-magazine');
  });

  it('splits a romanized Korean title from its English translation, in articles and in books', () => {
    const article = parse(
      'Kim, Keun-sik. 2006. “Segye cheje-ui appak-gwa yaksoja-roseoui bukhan-ui daeeung” (The Pressure of the World System and Response of North Korea as a Weak State). Silcheon munhak (Literature in Practice) 83: 441-548.',
    );
    expect(article.problems).toEqual([]);
    expect(article.csl.title).toBe('Segye cheje-ui appak-gwa yaksoja-roseoui bukhan-ui daeeung');
    expect(article.csl['translated-title']).toBe(
      'The Pressure of the World System and Response of North Korea as a Weak State',
    );
    expect(article.csl['container-title']).toBe('Silcheon munhak (Literature in Practice)');
    expect(article.csl.volume).toBe('83');

    const book = parse(
      'Paik, Hak-soon. 2012. Obama jeongbu sigi-ui bungmi gwangye, 2009-2012 (The U.S.-North Korea Relation under the Obama Administration, 2009-2012). Seong-nam: Sejong Institute.',
    );
    expect(book.kind).toBe('book');
    expect(book.csl.title).toBe('Obama jeongbu sigi-ui bungmi gwangye, 2009-2012');
    expect(book.csl['translated-title']).toBe(
      'The U.S.-North Korea Relation under the Obama Administration, 2009-2012',
    );
    expect(book.csl['publisher-place']).toBe('Seong-nam');
  });
});

describe('parseReference: books', () => {
  it('reads an unquoted title, place and publisher, with initials in the author name', () => {
    const entry = parse(
      'Davies, J. E. 2007. Constructive Engagement?: Chester Crocker and American Policy in South Africa, Namibia and Angola, 1981-8. Oxford: James Currey.',
    );
    expect(entry.problems).toEqual([]);
    expect(entry.kind).toBe('book');
    expect(entry.csl).toMatchObject({
      type: 'book',
      author: [{ family: 'Davies', given: 'J. E.' }],
      title:
        'Constructive Engagement?: Chester Crocker and American Policy in South Africa, Namibia and Angola, 1981-8',
      'publisher-place': 'Oxford',
      publisher: 'James Currey',
    });
  });

  it('reads a "Jr." suffix and a year set off by a comma', () => {
    const entry = parse(
      'Davis, James W. Jr., 2000. Threats and Promises: the Pursuit of International Influence. Baltimore: Johns Hopkins University Press.',
    );
    expect(entry.csl.author).toEqual([{ family: 'Davis', given: 'James W.', suffix: 'Jr.' }]);
    expect(entry.csl.issued).toEqual({ 'date-parts': [[2000]] });
    expect(entry.csl.publisher).toBe('Johns Hopkins University Press');
  });

  it('reads "eds." as editors of an edited volume', () => {
    const entry = parse(
      'Evans, Peter, Harold K. Jacobson, and Robert D. Putnam, eds. 1993. Double-Edged Diplomacy. Berkeley: University of California Press.',
    );
    expect(entry.kind).toBe('edited-volume');
    expect(entry.csl.type).toBe('book');
    expect(entry.csl.author).toBeUndefined();
    expect(entry.csl.editor).toEqual([
      { family: 'Evans', given: 'Peter' },
      { family: 'Jacobson', given: 'Harold K.' },
      { family: 'Putnam', given: 'Robert D.' },
    ]);
    expect(entry.csl.title).toBe('Double-Edged Diplomacy');
  });

  it('reads an edition and keeps it out of the title', () => {
    const entry = parse(
      'Sperber, Daniel, and Deirdre Wilson. 1995. Relevance: Communications and Cognition. 2nd ed. Oxford: Blackwell.',
    );
    expect(entry.csl.title).toBe('Relevance: Communications and Cognition');
    expect(entry.csl.edition).toBe('2');
    expect(entry.csl.publisher).toBe('Blackwell');
  });

  it('does not mistake "U.S." in a title for a sentence break', () => {
    const entry = parse(
      'Fitzpatrick, Kathy R. 2010. U.S. Public Diplomacy’s Neglected Domestic Mandate. Los Angeles: Figueroa Press.',
    );
    expect(entry.problems).toEqual([]);
    expect(entry.csl.title).toBe('U.S. Public Diplomacy’s Neglected Domestic Mandate');
    expect(entry.csl['publisher-place']).toBe('Los Angeles');
  });

  it('flags a given name ending in a family-name particle instead of silently reordering it', () => {
    const entry = parse(
      'Evera, Stephen Van. 1999. Causes of War: Power and the Roots of Conflict. Cornell: Cornell University Press.',
    );
    expect(entry.csl.author).toEqual([{ family: 'Evera', given: 'Stephen Van' }]);
    expect(entry.problems).toHaveLength(1);
    expect(entry.problems[0]).toContain('Van Evera');
  });
});

describe('parseReference: chapters, papers, testimony, newspapers and web pages', () => {
  it('reads a chapter with its book, editor, pages, place and publisher', () => {
    const entry = parse(
      'Sigal, Leon V. 2005. “North Korean Nuclear Brinkmanship, 1993-94 and 2002-03.” In North Korea and the World: Explaining Pyongyang’s Foreign Policy, edited by Byung Chul Koh, 35-60. Seoul: Kyungnam University Press.',
    );
    expect(entry.problems).toEqual([]);
    expect(entry.kind).toBe('chapter');
    expect(entry.csl).toMatchObject({
      type: 'chapter',
      title: 'North Korean Nuclear Brinkmanship, 1993-94 and 2002-03',
      'container-title': 'North Korea and the World: Explaining Pyongyang’s Foreign Policy',
      editor: [{ family: 'Koh', given: 'Byung Chul' }],
      page: '35-60',
      'publisher-place': 'Seoul',
      publisher: 'Kyungnam University Press',
    });
  });

  it('reads a conference paper with event title, place and the printed day', () => {
    const entry = parse(
      'Sigal, Leon V. 2001. “Bush Administration’s Policy toward North Korea.” Paper presented at the international conference “The Bush Administration’s Policy toward North Korea,” Washington, D.C., October 24.',
    );
    expect(entry.problems).toEqual([]);
    expect(entry.kind).toBe('conference-paper');
    expect(entry.csl).toMatchObject({
      type: 'paper-conference',
      title: 'Bush Administration’s Policy toward North Korea',
      'event-title': 'The Bush Administration’s Policy toward North Korea',
      'event-place': 'Washington, D.C.',
      issued: { 'date-parts': [[2001, 10, 24]] },
    });
  });

  it('keeps the organisers of a conference and a two-day date range', () => {
    const entry = parse(
      'Yoon, Young-Kwan. 2002. “The Sunshine Policy: A South Korean Perspective.” Paper presented at the conference “Inter-Korean Relations: Past, Present, and Future,” organized by the CSIS and the Council of Foreign Relations, Washing-ton, D.C., June 12-13.',
    );
    expect(entry.csl['event-title']).toBe('Inter-Korean Relations: Past, Present, and Future');
    expect(entry.csl.note).toBe('organized by the CSIS and the Council of Foreign Relations');
    expect(entry.csl['event-place']).toBe('Washing-ton, D.C.');
    expect(entry.csl.issued).toEqual({
      'date-parts': [
        [2002, 6, 12],
        [2002, 6, 13],
      ],
    });
  });

  it('reads testimony before a committee', () => {
    const entry = parse(
      'Snyder, Scott. 2009. “North Korea’s Nuclear and Missile Tests and Six-Party Talks: Where Do We Go from Here?” Testimony before the House Committee on Foreign Affairs Subcommittee on Asia, the Pacific, and the Global Environment Subcommittee on Terrorism, Nonproliferation and Trade, June 17.',
    );
    expect(entry.problems).toEqual([]);
    expect(entry.kind).toBe('testimony');
    expect(entry.csl.type).toBe('hearing');
    expect(entry.csl.genre).toMatch(/^Testimony before the House Committee on Foreign Affairs .* and Trade$/);
    expect(entry.csl.issued).toEqual({ 'date-parts': [[2009, 6, 17]] });
  });

  it('reads a newspaper article with the day the entry prints', () => {
    const entry = parse(
      'Cloud, David S. 2005. “Pentagon Studies Pre-Emptive Nuclear Strikes.” New York Times. September 11.',
    );
    expect(entry.kind).toBe('newspaper');
    expect(entry.csl).toMatchObject({
      type: 'article-newspaper',
      'container-title': 'New York Times',
      issued: { 'date-parts': [[2005, 9, 11]] },
    });
  });

  it('reads a "Last modified" web page and strips the full stop after the URL', () => {
    const entry = parse(
      'Han, Kyu-han. 2013. “North Korean Nuclear for 20 Years: U.S. Made an Unreasonable Demand of.” Last modified February 16. http://left21.com/article/12503.',
    );
    expect(entry.kind).toBe('web-page');
    expect(entry.csl.type).toBe('webpage');
    expect(entry.csl.URL).toBe('http://left21.com/article/12503');
    expect(entry.csl.issued).toEqual({ 'date-parts': [[2013, 2, 16]] });
  });

  it('reads a corporate author as a literal name and a bare URL as a web page', () => {
    const entry = parse(
      'United States. White House. 2011. “National Strategy for Conterterrorism.” http://www.whitehouse.gov/sites/default/files/counterterrorism_strategy.pdf.',
    );
    expect(entry.csl.author).toEqual([{ literal: 'United States. White House' }]);
    expect(entry.kind).toBe('web-page');
    // The misprint is the source's; the parser keeps it.
    expect(entry.csl.title).toBe('National Strategy for Conterterrorism');
    expect(entry.csl.URL).toBe('http://www.whitehouse.gov/sites/default/files/counterterrorism_strategy.pdf');
  });

  it('reads a webzine article: container, medium, month and URL', () => {
    const entry = parse(
      'Yoo, Ho-yeol. 2011. “Seeking New Policy toward North Korea: From Engagement to Regime Change.” Korea Focus (webzine), May. http://www.koreafocus.or.kr/design3/essays/view.asp?volume_id=109&content_id=103528&category=G.',
    );
    expect(entry.kind).toBe('magazine');
    expect(entry.csl).toMatchObject({
      'container-title': 'Korea Focus',
      medium: 'webzine',
      issued: { 'date-parts': [[2011, 5]] },
      URL: 'http://www.koreafocus.or.kr/design3/essays/view.asp?volume_id=109&content_id=103528&category=G',
    });
  });
});

describe('parseReference: what it cannot read', () => {
  it('reports an entry without "Author. Year." and keeps the raw text', () => {
    const raw = 'Some loose text without a year.';
    const entry = parse(raw, 7);
    expect(entry.raw).toBe(raw);
    expect(entry.problems.length).toBeGreaterThan(0);
    expect(entry.csl.title).toBeUndefined();
    expect(entry.csl.id).toBe('jung-2013-ref-7');
  });

  it('reports an unrecognised container part instead of guessing the fields', () => {
    const entry = parse('Doe, Jane. 2001. “A Title.” Something odd without numbers');
    expect(entry.csl.title).toBe('A Title');
    expect(entry.csl.type).toBe('document');
    expect(entry.problems.join(' ')).toContain('Something odd without numbers');
  });

  it('reports a book without place and publisher', () => {
    const entry = parse('Doe, Jane. 2001. A Book Title Alone.');
    expect(entry.kind).toBe('book');
    expect(entry.csl.publisher).toBeUndefined();
    expect(entry.problems).toHaveLength(1);
  });
});

describe('parseReference: hyphens left by a line break', () => {
  const yoon =
    'Yoon, Young-Kwan. 2002. “The Sunshine Policy: A South Korean Perspective.” Paper presented at the conference “Inter-Korean Relations: Past, Present, and Future,” organized by the CSIS and the Council of Foreign Relations, Washing-ton, D.C., June 12-13.';
  const sigal =
    'Sigal, Leon V. 2001. “Bush Administration’s Policy toward North Korea.” Paper presented at the international conference “The Bush Administration’s Policy toward North Korea,” Washington, D.C., October 24.';
  const babbage =
    'Babbage, Maria. 2004. “White Elephants: Why South Africa Gave Up the Bomb and the Implications for Nuclear Non-proliferation Policy.” Journal of Public and International Affairs 15: 1-20.';
  const perkovich =
    'Perkovich, George. 2003. “Bush’s Nuclear Revolution: A Regime Change in Nonproliferation.” Foreign Affairs 82.2: 2-8.';
  const parkCheong =
    'Park, Kun Young, and Cheong Wooksik. 2009. “Kim Dae-jung Bush jeongbu sigi hanmi gwangye” (Korea-U.S. Relations under the Kim Dae-jung and Bush Administrations: Focusing on North Korea Policies). Yeoksa bipyeong (Critical Review of History) 86: 140-168.';
  const ha =
    'Ha, Sang-Sik. 2009. “Revisiting the S. Korea’s Engagement Policy toward N. Korea under Kim Daejung and Roh Moohyun Administrations.” IRI Review 14.2: 31-61.';
  const abstract = 'North Korea must be encouraged to stop the proliferation of weapons of mass destruction.';
  const vocabulary = documentVocabulary([abstract, yoon, sigal, babbage, perkovich, parkCheong, ha]);

  it('joins a word the document prints unbroken elsewhere, continued in lower case: "Washing-ton" → "Washington"', () => {
    const entry = parseReference(yoon, 48, 'jung-2013', vocabulary);
    expect(entry.csl['event-place']).toBe('Washington, D.C.');
    expect(entry.raw).toBe(yoon);
  });

  it('keeps a compound whose second part is a word of its own in the document: "Non-proliferation"', () => {
    expect(parseReference(babbage, 2, 'jung-2013', vocabulary).csl.title).toContain('Non-proliferation');
  });

  it('keeps a romanised name the document prints hyphenated more than once: "Kim Dae-jung"', () => {
    expect(parseReference(parkCheong, 37, 'jung-2013', vocabulary).csl.title).toBe(
      'Kim Dae-jung Bush jeongbu sigi hanmi gwangye',
    );
  });

  it('keeps compounds of capitalised parts: "Nunn-Lugar", "Six-Party", "Young-Kwan"', () => {
    const words = documentVocabulary(['NunnLugar SixParty YoungKwan', yoon]);
    const entry = parseReference(
      'Doe, Jane. 2001. “The Nunn-Lugar Concept and the Six-Party Talks.” Journal 1: 1-2.',
      1,
      'x',
      words,
    );
    expect(entry.csl.title).toBe('The Nunn-Lugar Concept and the Six-Party Talks');
    expect(parseReference(yoon, 48, 'jung-2013', words).csl.author?.[0]?.given).toBe('Young-Kwan');
  });

  it('repairs the library’s own entry as loaded', async () => {
    const { loadCorpus, DATA_DIR } = await import('../../src/corpus/index.js');
    const jung = loadCorpus(DATA_DIR).getDocument('jung-2013');
    const entry = jung?.references.find((reference) => reference.csl.author?.[0]?.family === 'Yoon');
    expect(entry?.csl['event-place']).toBe('Washington, D.C.');
    expect(entry?.raw).toContain('Washing-ton');
  });
});
