import { describe, expect, it } from 'vitest';
import { cslItemSchema } from '../../src/corpus/schema.js';
import type { StatedMetadata } from '../../src/ingest/types.js';
import type { DoiMetadata } from '../../src/library/doi.js';
import {
  applyEdit,
  CSL_TYPE_OF_READING,
  parseAuthors,
  READING_TYPES,
  type SettledCsl,
  settleMetadata,
  titleFromFilename,
} from '../../src/library/metadata.js';

const nothingStated: StatedMetadata = { csl: {}, sources: {}, identifiers: [] };

const PDF_STATED: StatedMetadata = {
  csl: {
    title: 'Sunshine Policy (draft)',
    author: [{ literal: 'jpark' }],
    issued: { 'date-parts': [[2012]] },
    publisher: 'Stated Press',
    keyword: 'engagement',
  },
  sources: {
    title: 'PDF info dictionary (Title)',
    author: 'PDF info dictionary (Author)',
    issued: 'PDF XMP metadata (dc:date)',
    publisher: 'PDF XMP metadata (dc:publisher)',
    keyword: 'PDF info dictionary (Keywords)',
  },
  identifiers: [],
  fileCreated: { date: { 'date-parts': [[2019, 5, 3]] }, source: 'PDF creation date' },
};

const DOI_RECORD: DoiMetadata = {
  csl: {
    type: 'article-journal',
    title: 'The Sunshine Policy and Its Critics',
    author: [
      { family: 'Park', given: 'Jinho' },
      { family: 'Jung', given: 'Haangsok' },
    ],
    issued: { 'date-parts': [[2013, 6]] },
    'container-title': 'Korea Journal',
    volume: '53',
    DOI: '10.25024/kj.2013.53.2.7',
    URL: 'https://doi.org/10.25024/kj.2013.53.2.7',
  },
  source: 'DOI 10.25024/kj.2013.53.2.7 via doi.org content negotiation',
};

describe('reading types', () => {
  it('maps each type a moderator picks to a CSL type the schema takes', () => {
    expect(READING_TYPES).toEqual(['article', 'report', 'chapter', 'book', 'web page', 'other']);
    expect(CSL_TYPE_OF_READING).toEqual({
      article: 'article-journal',
      report: 'report',
      chapter: 'chapter',
      book: 'book',
      'web page': 'webpage',
      other: 'document',
    });
  });
});

describe('parseAuthors', () => {
  it.each([
    [
      'Park, Jinho; Jung, Haangsok',
      [
        { family: 'Park', given: 'Jinho' },
        { family: 'Jung', given: 'Haangsok' },
      ],
    ],
    [
      'Jinho Park and Haangsok Jung',
      [
        { family: 'Park', given: 'Jinho' },
        { family: 'Jung', given: 'Haangsok' },
      ],
    ],
    [
      'Park, Jinho, and Haangsok Jung',
      [
        { family: 'Park', given: 'Jinho' },
        { family: 'Jung', given: 'Haangsok' },
      ],
    ],
    ['Park, Jinho;', [{ family: 'Park', given: 'Jinho' }]],
    ['Smith, James W., Jr.', [{ family: 'Smith', given: 'James W.', suffix: 'Jr.' }]],
    ['James W. Smith', [{ family: 'Smith', given: 'James W.' }]],
    ['Ludwig von Mises', [{ family: 'Mises', given: 'Ludwig', 'non-dropping-particle': 'von' }]],
    ["Mary-Jane O'Neil", [{ family: "O'Neil", given: 'Mary-Jane' }]],
    ['van Evera, Stephen', [{ family: 'van Evera', given: 'Stephen' }]],
    ['García Márquez, Gabriel José;', [{ family: 'García Márquez', given: 'Gabriel José' }]],
    ['{United Nations Security Council}', [{ literal: 'United Nations Security Council' }]],
    ['United Nations Security Council', [{ literal: 'United Nations Security Council' }]],
    ['World Bank', [{ literal: 'World Bank' }]],
    ['박진호', [{ literal: '박진호' }]],
    [
      '{Ministry of Foreign Affairs, Korea}; Park, Jinho',
      [{ literal: 'Ministry of Foreign Affairs, Korea' }, { family: 'Park', given: 'Jinho' }],
    ],
    [
      'Jinho Park & {Korea Foundation}',
      [{ family: 'Park', given: 'Jinho' }, { literal: 'Korea Foundation' }],
    ],
  ])('%j is read without problems', (text, names) => {
    expect(parseAuthors(text)).toEqual({ names, problems: [] });
  });

  it.each([
    ['Park Jinho', 'Park Jinho'],
    ['Lee Jae-myung', 'Lee Jae-myung'],
    ['Kim Dae Jung', 'Kim Dae Jung'],
  ])('keeps %j whole, since its family name may come first, and says how to split it', (text, literal) => {
    const { names, problems } = parseAuthors(text);
    expect(names).toEqual([{ literal }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('"Family, Given"');
  });

  it.each([
    ['', 'no name was given'],
    [' ; ', 'no name was given'],
    [', Jinho', 'could not tell the names apart'],
    ['Park, Jinho, Jung, Haangsok', 'could not tell the names apart'],
    ['Jinho Park, Haangsok Jung', 'one name or two'],
    ['{}', 'the braces are empty'],
  ])('refuses %j', (text, phrase) => {
    const { names, problems } = parseAuthors(text);
    expect(names).toEqual([]);
    expect(problems.join(' ')).toContain(phrase);
  });

  it('keeps the readable names of a list and names the one it could not read', () => {
    const { names, problems } = parseAuthors('Park, Jinho; Jung, Haangsok, Kim, Minsu');
    expect(names).toEqual([{ family: 'Park', given: 'Jinho' }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^author 2: /);
  });
});

describe('titleFromFilename', () => {
  it('drops a known extension and underscores, and keeps dots that belong to the name', () => {
    expect(titleFromFilename('Park_2013_Sunshine.pdf')).toBe('Park 2013 Sunshine');
    expect(titleFromFilename('Report v2.1')).toBe('Report v2.1');
    expect(titleFromFilename('notes.MD')).toBe('notes');
  });
});

describe('settleMetadata', () => {
  it('does not use a stated text field no reply could show, and says so', () => {
    const settled = settleMetadata({
      supplied: {},
      stated: { csl: { title: 'T'.repeat(3_200) }, sources: { title: 'HTML <title>' }, identifiers: [] },
      fallbackTitle: 'wading-birds.html',
    });
    expect(settled.csl.title?.length).toBeLessThanOrEqual(500);
    expect(settled.csl.title).not.toContain('TTTT');
    expect(settled.problems.join(' ')).toContain('HTML <title> states a title of 3200 characters');
  });

  it('takes each field from the moderator, then the DOI record, then the file, and says where from', () => {
    const settled = settleMetadata({
      supplied: { title: '  The Sunshine Policy  ', year: 2014, type: 'article' },
      doi: DOI_RECORD,
      stated: PDF_STATED,
      fallbackTitle: 'park2013.pdf',
    });
    expect(settled.csl).toEqual({
      type: 'article-journal',
      title: 'The Sunshine Policy',
      author: DOI_RECORD.csl.author,
      issued: { 'date-parts': [[2014]] },
      'container-title': 'Korea Journal',
      volume: '53',
      publisher: 'Stated Press',
      keyword: 'engagement',
      DOI: '10.25024/kj.2013.53.2.7',
      URL: 'https://doi.org/10.25024/kj.2013.53.2.7',
    });
    expect(settled.sources).toEqual({
      type: 'you (/library add type:)',
      title: 'you (/library add title:)',
      issued: 'you (/library add year:)',
      author: DOI_RECORD.source,
      'container-title': DOI_RECORD.source,
      volume: DOI_RECORD.source,
      DOI: DOI_RECORD.source,
      URL: DOI_RECORD.source,
      publisher: 'PDF XMP metadata (dc:publisher)',
      keyword: 'PDF info dictionary (Keywords)',
    });
    expect(settled.missing).toEqual([]);
    expect(settled.problems).toEqual([]);
    expect(cslItemSchema.safeParse({ id: 'x', ...settled.csl }).success).toBe(true);
  });

  it("never turns the file's creation date into the issued date, and leaves an unstated date missing", () => {
    const { fileCreated } = PDF_STATED;
    const settled = settleMetadata({
      supplied: {},
      stated: {
        csl: { title: 'Untitled draft' },
        sources: { title: 'PDF info dictionary (Title)' },
        identifiers: [],
        ...{ fileCreated },
      },
    });
    expect(settled.csl).not.toHaveProperty('issued');
    expect(settled.sources).not.toHaveProperty('issued');
    expect(settled.missing.map((field) => field.field)).toEqual(['author', 'issued']);
    expect(settled.missing.find((field) => field.field === 'issued')).toEqual({
      field: 'issued',
      label: 'year',
      howToSet: '`/library edit document: … year:`',
    });
  });

  it('has no DOI, place or URL unless someone gave one', () => {
    const settled = settleMetadata({ supplied: { title: 'A report' }, stated: nothingStated });
    expect(settled.csl).toEqual({ type: 'document', title: 'A report' });
    expect(settled.sources.type).toContain('not stated');
  });

  it('takes the DOI the file states, and a DOI the moderator typed in any usual form', () => {
    const stated: StatedMetadata = {
      csl: { title: 'T', DOI: '10.1111/stated' },
      sources: { title: 'EPUB package metadata (dc:title)', DOI: 'EPUB package metadata (dc:identifier)' },
      identifiers: [],
    };
    expect(settleMetadata({ supplied: {}, stated }).csl.DOI).toBe('10.1111/stated');
    const typed = settleMetadata({ supplied: { doi: 'https://doi.org/10.2222/Typed' }, stated });
    expect(typed.csl.DOI).toBe('10.2222/Typed');
    expect(typed.sources.DOI).toBe('you (/library add doi:)');
    const wrong = settleMetadata({ supplied: { doi: 'ISBN 978-89' }, stated });
    expect(wrong.csl.DOI).toBe('10.1111/stated');
    expect(wrong.problems).toEqual(['doi: "ISBN 978-89" is not a DOI; a DOI looks like 10.1234/abcd']);
  });

  it('falls back to the file name for the title and lists the title as still missing', () => {
    const settled = settleMetadata({
      supplied: {},
      stated: nothingStated,
      fallbackTitle: 'Park_Jung_2013.pdf',
    });
    expect(settled.csl.title).toBe('Park Jung 2013');
    expect(settled.sources.title).toBe('the file name');
    expect(settled.missing[0]).toEqual({
      field: 'title',
      label: 'title (taken from the file name for now)',
      howToSet: '`/library edit document: … title:`',
    });
    const titled = settleMetadata({ supplied: {}, stated: PDF_STATED, fallbackTitle: 'x.pdf' });
    expect(titled.csl.title).toBe('Sunshine Policy (draft)');
    expect(titled.missing.map((field) => field.field)).not.toContain('title');
  });

  it('files a fetched HTML page as a web page with its address, and an uploaded one as a document', () => {
    const stated: StatedMetadata = {
      csl: { title: 'North Korea Policy', 'container-title': '38 North' },
      sources: { title: 'HTML <title>', 'container-title': 'HTML meta (og:site_name)' },
      identifiers: [],
    };
    const page = settleMetadata({
      supplied: {},
      stated,
      sourceUrl: 'https://www.38north.org/2024/01/policy/',
      format: 'html',
    });
    expect(page.csl.type).toBe('webpage');
    expect(page.csl.URL).toBe('https://www.38north.org/2024/01/policy/');
    expect(page.sources.URL).toBe('the address you gave (/library add url:)');
    expect(settleMetadata({ supplied: {}, stated, format: 'html' }).csl.type).toBe('document');
    const pdf = settleMetadata({
      supplied: {},
      stated,
      sourceUrl: 'https://example.org/a.pdf',
      format: 'pdf',
    });
    expect(pdf.csl.type).toBe('document');
    expect(
      settleMetadata({ supplied: {}, stated, doi: DOI_RECORD, sourceUrl: 'https://x.org/', format: 'html' })
        .csl,
    ).toMatchObject({
      type: 'article-journal',
      URL: DOI_RECORD.csl.URL,
    });
  });

  it('lists what each type still needs, with the option that sets it', () => {
    const missing = (type: Parameters<typeof settleMetadata>[0]['supplied']['type']) =>
      settleMetadata({ supplied: { title: 'T', type }, stated: nothingStated }).missing.map(
        (field) => `${field.field}:${field.label}:${field.howToSet}`,
      );
    expect(missing('article')).toEqual([
      'author:author:`/library edit document: … author:`',
      'issued:year:`/library edit document: … year:`',
      'container-title:journal:`/library edit document: … container:`',
    ]);
    expect(missing('chapter')).toContain('container-title:book title:`/library edit document: … container:`');
    expect(missing('book')).toContain('publisher:publisher:`/library edit document: … publisher:`');
    expect(missing('report')).toContain('publisher:publisher:`/library edit document: … publisher:`');
    expect(missing('web page')).toContain('URL:web address:`/library edit document: … url:`');
    expect(missing('other')).toEqual([
      'author:author:`/library edit document: … author:`',
      'issued:year:`/library edit document: … year:`',
    ]);
  });

  it('counts an editor as the name a book needs', () => {
    const settled = settleMetadata({
      supplied: { title: 'Edited', type: 'book', year: 2001, publisher: 'Press' },
      doi: {
        csl: { editor: [{ family: 'Kim', given: 'Samuel' }] },
        source: 'DOI 10.1/x via doi.org content negotiation',
      },
      stated: nothingStated,
    });
    expect(settled.missing).toEqual([]);
  });

  it.each([999, 1000.5, new Date().getUTCFullYear() + 2])(
    'refuses the year %d and keeps the stated one',
    (year) => {
      const settled = settleMetadata({ supplied: { year }, stated: PDF_STATED });
      expect(settled.csl.issued).toEqual({ 'date-parts': [[2012]] });
      expect(settled.problems).toHaveLength(1);
      expect(settled.problems[0]).toMatch(/^year: /);
    },
  );

  it('takes next year (forthcoming) and the year 1000', () => {
    const next = new Date().getUTCFullYear() + 1;
    expect(settleMetadata({ supplied: { year: next }, stated: nothingStated }).csl.issued).toEqual({
      'date-parts': [[next]],
    });
    expect(settleMetadata({ supplied: { year: 1000 }, stated: nothingStated }).problems).toEqual([]);
  });

  it('reads the typed authors and reports a list it could not read, leaving the stated names', () => {
    const typed = settleMetadata({ supplied: { author: 'Park, Jinho; Jung, Haangsok' }, stated: PDF_STATED });
    expect(typed.csl.author).toEqual([
      { family: 'Park', given: 'Jinho' },
      { family: 'Jung', given: 'Haangsok' },
    ]);
    expect(typed.sources.author).toBe('you (/library add author:)');
    const unreadable = settleMetadata({
      supplied: { author: 'Jinho Park, Haangsok Jung' },
      stated: PDF_STATED,
    });
    expect(unreadable.csl.author).toEqual([{ literal: 'jpark' }]);
    expect(unreadable.problems[0]).toContain('one name or two');
  });

  it('cleans typed text and refuses empty text', () => {
    const settled = settleMetadata({
      supplied: { title: 'A\u202Etitle\nwith a break', container: '   ', publisher: 'Press' },
      stated: nothingStated,
    });
    expect(settled.csl.title).toBe('Atitle with a break');
    expect(settled.csl).not.toHaveProperty('container-title');
    expect(settled.problems).toEqual(['container: it is empty']);
  });

  it('leaves out a stated field the store would refuse, and says so', () => {
    const settled = settleMetadata({
      supplied: { title: 'T' },
      stated: { csl: { URL: 'not a url' }, sources: { URL: 'HTML <link rel=canonical>' }, identifiers: [] },
    });
    expect(settled.csl).not.toHaveProperty('URL');
    expect(settled.sources).not.toHaveProperty('URL');
    expect(settled.problems).toEqual([
      'URL: the value from HTML <link rel=canonical> is not valid, so it was left out',
    ]);
  });
});

describe('applyEdit', () => {
  const current: SettledCsl = {
    type: 'article-journal',
    title: 'Sunshine',
    author: [{ literal: 'jpark' }],
    issued: { 'date-parts': [[2013, 6, 1]] },
    'container-title': 'Korea Journal',
    publisher: 'Academy of Korean Studies',
    DOI: '10.1/x',
  };

  it('replaces the fields given, reading them as /library add does', () => {
    const { csl, problems } = applyEdit(current, {
      author: 'Park, Jinho',
      year: 2014,
      type: 'report',
      doi: 'doi:10.2222/y',
      url: 'https://example.org/report',
    });
    expect(problems).toEqual([]);
    expect(csl).toEqual({
      ...current,
      type: 'report',
      author: [{ family: 'Park', given: 'Jinho' }],
      issued: { 'date-parts': [[2014]] },
      DOI: '10.2222/y',
      URL: 'https://example.org/report',
    });
  });

  it('clears fields, sends the type back to "document", and will not clear the title', () => {
    const { csl, problems } = applyEdit(current, {
      clear: ['issued', 'DOI', 'container-title', 'type', 'title'],
    });
    expect(csl).toEqual({
      type: 'document',
      title: 'Sunshine',
      author: [{ literal: 'jpark' }],
      publisher: 'Academy of Korean Studies',
    });
    expect(problems).toEqual(['clear: a reading needs a title; give the new one with title: instead']);
  });

  it('keeps the current value when what was typed cannot be used, and says why', () => {
    const { csl, problems } = applyEdit(current, {
      doi: 'nonsense',
      year: 20013,
      author: '',
      url: 'javascript:alert(1)',
      publisher: 'New Press',
    });
    expect(csl).toEqual({ ...current, publisher: 'New Press' });
    expect(problems).toHaveLength(4);
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['author', 'doi', 'url', 'year']);
  });

  it('keeps a value both given and cleared', () => {
    const { csl, problems } = applyEdit(current, { publisher: 'Other', clear: ['publisher'] });
    expect(csl.publisher).toBe('Other');
    expect(problems).toEqual(['clear: publisher was both given and cleared; the value given was kept']);
  });

  it('does not change the reading it was given', () => {
    const before = structuredClone(current);
    applyEdit(current, { clear: ['issued'], title: 'New' });
    expect(current).toEqual(before);
  });
});
