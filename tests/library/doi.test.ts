import type http from 'node:http';
import { describe, expect, it } from 'vitest';
import { cslFromDoiRecord, lookUpDoi, normalizeDoi } from '../../src/library/doi.js';
import { fetchRefusal, startServer } from './servers.js';

describe('normalizeDoi', () => {
  it.each([
    ['10.1234/abc', '10.1234/abc'],
    ['  10.1234/abc  ', '10.1234/abc'],
    ['doi:10.1234/abc', '10.1234/abc'],
    ['DOI: 10.1234/abc', '10.1234/abc'],
    ['https://doi.org/10.1234/abc', '10.1234/abc'],
    ['http://dx.doi.org/10.1234/ABC', '10.1234/ABC'],
    ['doi.org/10.25024/kj.2013.53.2.7', '10.25024/kj.2013.53.2.7'],
    ['https://doi.org/10.1002/%28SICI%291097-4571', '10.1002/(SICI)1097-4571'],
    ['10.123456789/x', '10.123456789/x'],
    ['10.123/abc', undefined],
    ['10.1234567890/abc', undefined],
    ['10.1234/', undefined],
    ['10.1234/ab c', undefined],
    ['11.1234/abc', undefined],
    ['https://example.org/10.1234/abc', undefined],
    ['https://doi.org/%E0%A4%A', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(normalizeDoi(input)).toBe(expected);
  });
});

const DOI = '10.25024/kj.2013.53.2.7';

/** CSL-JSON as Crossref's content negotiation sends it: arrays, markup, and many keys Lectern has no use for. */
const CROSSREF_RECORD = {
  indexed: { 'date-parts': [[2024, 3, 1]], 'date-time': '2024-03-01T00:00:00Z', timestamp: 1709251200000 },
  'reference-count': 42,
  publisher: 'Academy of Korean Studies',
  issue: '2',
  license: [{ URL: 'https://creativecommons.org/licenses/by/4.0', 'content-version': 'vor' }],
  'content-domain': { domain: [], 'crossmark-restriction': false },
  'short-container-title': ['KJ'],
  'published-print': { 'date-parts': [[2013, 6]] },
  DOI,
  type: 'journal-article',
  created: { 'date-parts': [[2013, 7, 2]] },
  page: '7-34',
  source: 'Crossref',
  title: ['The <i>Sunshine</i> Policy &amp; Its Critics', 'Second title'],
  prefix: '10.25024',
  volume: 53,
  author: [
    { given: 'Jinho', family: 'Park', sequence: 'first', affiliation: [{ name: 'Seoul' }] },
    {
      given: 'Haangsok',
      family: 'Jung',
      sequence: 'additional',
      affiliation: [],
      ORCID: 'https://orcid.org/x',
    },
    { given: 'Nobody' },
    { literal: 'Korea Institute for National Unification' },
  ],
  member: '1234',
  reference: [{ key: 'ref1', unstructured: 'Kim, A. 2001. A book.' }],
  'container-title': ['Korea Journal'],
  'original-title': [],
  link: [{ URL: 'https://example.org/full.pdf', 'content-type': 'application/pdf' }],
  deposited: { 'date-parts': [[2020, 1, 1]] },
  score: 1,
  subtitle: [],
  issued: { 'date-parts': [[2013, 6]] },
  'references-count': 42,
  URL: 'https://doi.org/10.25024/kj.2013.53.2.7',
  ISSN: ['0023-3900', '2733-9343'],
  'issn-type': [{ value: '0023-3900', type: 'print' }],
  funder: [{ name: 'National Research Foundation' }],
};

/** A resolver that, like doi.org, redirects to the registration agency, which sends CSL-JSON only when asked. */
function resolver(records: Record<string, unknown>) {
  return (request: http.IncomingMessage, response: http.ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://resolver');
    if (!url.pathname.startsWith('/agency/')) {
      response.writeHead(302, { Location: `/agency${url.pathname}` });
      response.end();
      return;
    }
    const doi = decodeURIComponent(url.pathname.slice('/agency/'.length));
    const record = records[doi];
    if (record === undefined) {
      response.writeHead(404, { 'Content-Type': 'text/html' });
      response.end('<h1>DOI Not Found</h1>');
      return;
    }
    if (request.headers.accept !== 'application/vnd.citationstyles.csl+json') {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<html><title>Landing page</title></html>');
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/vnd.citationstyles.csl+json' });
    response.end(typeof record === 'string' ? record : JSON.stringify(record));
  };
}

describe('lookUpDoi', () => {
  it('asks for CSL-JSON, follows the redirect and keeps only the fields Lectern stores', async () => {
    const server = await startServer(resolver({ [DOI]: CROSSREF_RECORD }));
    const found = await lookUpDoi(`https://doi.org/${DOI}`, {
      resolverUrl: `${server.origin}/`,
      allowPrivateNetworks: true,
    });
    expect(found.source).toBe(`DOI ${DOI} via 127.0.0.1:${server.port} content negotiation`);
    expect(found.csl).toEqual({
      type: 'article-journal',
      title: 'The Sunshine Policy & Its Critics',
      author: [
        { given: 'Jinho', family: 'Park' },
        { given: 'Haangsok', family: 'Jung' },
        { literal: 'Korea Institute for National Unification' },
      ],
      issued: { 'date-parts': [[2013, 6]] },
      'container-title': 'Korea Journal',
      volume: '53',
      issue: '2',
      page: '7-34',
      publisher: 'Academy of Korean Studies',
      DOI,
      URL: 'https://doi.org/10.25024/kj.2013.53.2.7',
      ISSN: '0023-3900',
    });
    expect(server.requests.map((request) => request.url)).toEqual([`/${DOI}`, `/agency/${DOI}`]);
    expect(
      server.requests.every(
        (request) => request.headers.accept === 'application/vnd.citationstyles.csl+json',
      ),
    ).toBe(true);
  });

  it('encodes a DOI with characters a URL path cannot hold', async () => {
    const awkward = '10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O#x?y';
    const server = await startServer(resolver({ [awkward]: { type: 'journal-article', title: 'Old DOI' } }));
    const found = await lookUpDoi(awkward, { resolverUrl: server.origin, allowPrivateNetworks: true });
    expect(found.csl.title).toBe('Old DOI');
    expect(found.csl.DOI).toBe(awkward);
  });

  it('says a DOI nobody registered is not registered', async () => {
    const server = await startServer(resolver({}));
    const error = await fetchRefusal(
      lookUpDoi('10.9999/missing', { resolverUrl: server.origin, allowPrivateNetworks: true }),
      'http-status',
    );
    expect(error.message).toBe('No DOI 10.9999/missing is registered; check it.');
    expect(error.code).toBe('not-found');
  });

  it('says so when the registry sends a landing page instead of citation data', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.end('<html></html>');
    });
    const error = await fetchRefusal(
      lookUpDoi(DOI, { resolverUrl: server.origin, allowPrivateNetworks: true }),
      'not-a-document',
    );
    expect(error.message).toContain('type the fields yourself');
  });

  it('refuses a record that is not JSON, or that states nothing citable', async () => {
    const server = await startServer(
      resolver({ '10.1234/broken': '{"title": [', '10.1234/empty': { type: 'book' } }),
    );
    const options = { resolverUrl: server.origin, allowPrivateNetworks: true };
    const broken = await fetchRefusal(lookUpDoi('10.1234/broken', options), 'not-a-document');
    expect(broken.message).toContain('not valid CSL-JSON');
    const empty = await fetchRefusal(lookUpDoi('10.1234/empty', options), 'not-a-document');
    expect(empty.message).toContain('without a title, author or date');
  });

  it('refuses a record over 1 MB', async () => {
    const huge = { type: 'book', title: 'Big', reference: 'x'.repeat(1024 * 1024) };
    const server = await startServer(resolver({ '10.1234/huge': huge }));
    await fetchRefusal(
      lookUpDoi('10.1234/huge', { resolverUrl: server.origin, allowPrivateNetworks: true }),
      'too-large',
    );
  });

  it('refuses something that is not a DOI without asking, and a private resolver unless allowed', async () => {
    const server = await startServer(resolver({ [DOI]: CROSSREF_RECORD }));
    const bad = await fetchRefusal(lookUpDoi('not a doi', { resolverUrl: server.origin }), 'bad-url');
    expect(bad.message).toContain('10.1234/abcd');
    await fetchRefusal(lookUpDoi(DOI, { resolverUrl: server.origin }), 'private-address');
    expect(server.requests).toHaveLength(0);
  });

  it('times out on a resolver that never answers', async () => {
    const server = await startServer(() => undefined);
    await fetchRefusal(
      lookUpDoi(DOI, { resolverUrl: server.origin, allowPrivateNetworks: true, timeoutMs: 100 }),
      'timeout',
    );
  });
});

describe('cslFromDoiRecord', () => {
  it.each([
    ['journal-article', 'article-journal'],
    ['article-journal', 'article-journal'],
    ['book-chapter', 'chapter'],
    ['chapter', 'chapter'],
    ['proceedings-article', 'paper-conference'],
    ['paper-conference', 'paper-conference'],
    ['posted-content', 'report'],
    ['report', 'report'],
    ['dissertation', 'document'],
    ['thesis', 'document'],
    ['book', 'book'],
    ['monograph', 'book'],
    ['edited-book', 'book'],
    ['dataset', 'document'],
    ['other', 'document'],
    ['webpage', 'webpage'],
    ['something-new', 'document'],
    [undefined, 'document'],
  ])('type %s → %s', (type, expected) => {
    expect(cslFromDoiRecord({ type, title: 'T' }, '10.1/x').type).toBe(expected);
  });

  it('never fills a date part that is absent, and drops parts that cannot be dates', () => {
    const dated = (record: Record<string, unknown>) =>
      cslFromDoiRecord({ title: 'T', ...record }, '10.1/x').issued;
    expect(dated({ issued: { 'date-parts': [[2013]] } })).toEqual({ 'date-parts': [[2013]] });
    expect(dated({ issued: { 'date-parts': [['2013', '4']] } })).toEqual({ 'date-parts': [[2013, 4]] });
    expect(dated({ issued: { 'date-parts': [[2013, 13, 2]] } })).toEqual({ 'date-parts': [[2013]] });
    expect(dated({ issued: { 'date-parts': [[null]] } })).toBeUndefined();
    expect(
      dated({ issued: { 'date-parts': [[null]] }, 'published-online': { 'date-parts': [[2012, 11, 5]] } }),
    ).toEqual({ 'date-parts': [[2012, 11, 5]] });
    expect(dated({ 'published-print': { 'date-parts': [[2013, 6]] } })).toEqual({
      'date-parts': [[2013, 6]],
    });
    expect(dated({ created: { 'date-parts': [[2013, 7, 2]] } })).toBeUndefined();
    expect(dated({ issued: { literal: 'Spring 2013' } })).toEqual({ literal: 'Spring 2013' });
  });

  it('keeps the requested DOI when the record states none or a malformed one, and only http(s) URLs', () => {
    expect(cslFromDoiRecord({ title: 'T' }, '10.1/x').DOI).toBe('10.1/x');
    expect(cslFromDoiRecord({ title: 'T', DOI: 'nonsense' }, '10.1/x').DOI).toBe('10.1/x');
    expect(cslFromDoiRecord({ title: 'T', URL: 'javascript:alert(1)' }, '10.1/x').URL).toBeUndefined();
    expect(cslFromDoiRecord({ title: 'T', 'publisher-place': 'Seoul' }, '10.1/x')['publisher-place']).toBe(
      'Seoul',
    );
    expect(cslFromDoiRecord({ title: 'T' }, '10.1/x')).not.toHaveProperty('publisher-place');
  });

  it('reads DataCite-style organisation names and drops malformed ones', () => {
    const csl = cslFromDoiRecord(
      {
        title: 'Data',
        author: [
          { name: 'Statistics Korea' },
          'Kim',
          { family: '  ' },
          { family: 'Lee', given: 'Min <b>Ho</b>' },
        ],
        editor: [],
      },
      '10.1/x',
    );
    expect(csl.author).toEqual([{ literal: 'Statistics Korea' }, { family: 'Lee', given: 'Min Ho' }]);
    expect(csl).not.toHaveProperty('editor');
    expect(cslFromDoiRecord(null, '10.1/x')).toEqual({});
    expect(cslFromDoiRecord([CROSSREF_RECORD], '10.1/x')).toEqual({});
  });
});
