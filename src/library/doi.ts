import { z } from 'zod';
import { CSL_TYPES, cslNameSchema } from '../corpus/schema.js';
import type { CslDate, CslItem, CslName, CslType } from '../corpus/types.js';
import { cleanName } from '../text/unicode.js';
import { FetchError, fetchGuarded, isPrivateAddress } from './fetch.js';

/**
 * DOIs: reading one as a moderator types it, and looking one up by DOI content negotiation, which the
 * registration agencies (Crossref, DataCite, mEDRA) serve as CSL-JSON through doi.org. Only what the
 * record states is kept, mapped into the CSL subset Lectern stores; a field it does not state stays absent.
 */

const DOI_PATTERN = /^10\.\d{4,9}\/\S+$/;

/**
 * "10.1234/abc", "doi:10.1234/abc", "https://doi.org/10.1234/abc", "http://dx.doi.org/10.1234/ABC" → the bare
 * DOI with its case kept; undefined for anything that is not a DOI.
 */
export function normalizeDoi(input: string): string | undefined {
  let text = input.trim();
  const resolver = /^(?:https?:\/\/)?(?:dx\.)?doi\.org\/(.*)$/i.exec(text);
  if (resolver) {
    text = resolver[1] ?? '';
    // A DOI copied from the address bar arrives percent-encoded ("10.1002/%28SICI%29…").
    try {
      text = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  } else {
    text = text.replace(/^doi:\s*/i, '');
  }
  return DOI_PATTERN.test(text) ? text : undefined;
}

export interface DoiMetadata {
  csl: Partial<Omit<CslItem, 'id'>>;
  /** "DOI 10.1234/abc via doi.org content negotiation". */
  source: string;
}

const CSL_ACCEPT = 'application/vnd.citationstyles.csl+json';
const DOI_MAX_BYTES = 1024 * 1024;

/** Registration-agency and CSL type names → the CSL types Lectern cites with. */
const TYPE_MAP: Record<string, CslType> = {
  'journal-article': 'article-journal',
  'journal-issue': 'article-journal',
  'book-chapter': 'chapter',
  'book-section': 'chapter',
  'book-part': 'chapter',
  'reference-entry': 'chapter',
  entry: 'chapter',
  'entry-dictionary': 'chapter',
  'entry-encyclopedia': 'chapter',
  'proceedings-article': 'paper-conference',
  'posted-content': 'report',
  article: 'report',
  'report-component': 'report',
  'report-series': 'report',
  book: 'book',
  monograph: 'book',
  'edited-book': 'book',
  'reference-book': 'book',
  'book-set': 'book',
  dissertation: 'document',
  thesis: 'document',
  dataset: 'document',
  standard: 'document',
  other: 'document',
};

function cslType(value: unknown): CslType {
  if (typeof value !== 'string') return 'document';
  const type = value.trim().toLowerCase();
  if ((CSL_TYPES as readonly string[]).includes(type)) return type as CslType;
  return TYPE_MAP[type] ?? 'document';
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Crossref titles carry JATS and HTML markup ("<i>Homo</i> &amp; …"); the words are what is kept. */
function plainText(value: string): string {
  const text = value
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
      if (entity.startsWith('#')) {
        const code =
          entity[1] === 'x' || entity[1] === 'X'
            ? Number.parseInt(entity.slice(2), 16)
            : Number.parseInt(entity.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[entity.toLowerCase()] ?? whole;
    });
  return cleanName(text).replace(/\s+/g, ' ');
}

/** A string, or the first non-empty string of an array (CSL-JSON from Crossref puts titles in arrays). */
function firstText(value: unknown): string | undefined {
  const candidates = Array.isArray(value) ? value : [value];
  for (const candidate of candidates) {
    if (typeof candidate === 'string' || typeof candidate === 'number') {
      const text = plainText(String(candidate));
      if (text !== '') return text;
    }
  }
  return undefined;
}

const NAME_PARTS = [
  'family',
  'given',
  'suffix',
  'non-dropping-particle',
  'dropping-particle',
  'literal',
] as const;

function names(value: unknown): CslName[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const result = value.flatMap((entry): CslName[] => {
    if (typeof entry !== 'object' || entry === null) return [];
    const record = entry as Record<string, unknown>;
    const name: CslName = {};
    for (const part of NAME_PARTS) {
      const text = typeof record[part] === 'string' ? plainText(record[part]) : '';
      if (text !== '') name[part] = text;
    }
    // DataCite writes an organisation as { name } without family or literal.
    if (name.family === undefined && name.literal === undefined && typeof record.name === 'string') {
      const literal = plainText(record.name);
      if (literal !== '') return [{ literal }];
    }
    return cslNameSchema.safeParse(name).success ? [name] : [];
  });
  return result.length > 0 ? result : undefined;
}

const datePart = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^\d{1,4}$/)
    .transform(Number),
]);

/** The leading year[, month[, day]] that checks out; an absent or impossible part ends the date there. */
function dateParts(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const parts: number[] = [];
  const limits: Array<[number, number]> = [
    [1, 9999],
    [1, 12],
    [1, 31],
  ];
  for (const [index, [min, max]] of limits.entries()) {
    const parsed = datePart.safeParse(value[index]);
    if (!parsed.success || parsed.data < min || parsed.data > max) break;
    parts.push(parsed.data);
  }
  return parts.length > 0 ? parts : undefined;
}

function cslDate(value: unknown): CslDate | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const ranges = Array.isArray(record['date-parts']) ? record['date-parts'] : [];
  const parts = ranges
    .slice(0, 2)
    .map(dateParts)
    .filter((part): part is number[] => part !== undefined);
  if (parts.length > 0) return { 'date-parts': parts };
  const literal = typeof record.literal === 'string' ? plainText(record.literal) : '';
  return literal === '' ? undefined : { literal };
}

const httpUrl = z.url({ protocol: /^https?$/ });

/**
 * The CSL-JSON a registration agency sent, kept to the fields Lectern stores and checked one by one: a
 * field that is absent or unreadable stays absent, and keys Lectern has no use for ("reference", "license",
 * "funder" …) are dropped.
 */
export function cslFromDoiRecord(record: unknown, doi: string): Partial<Omit<CslItem, 'id'>> {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return {};
  const source = record as Record<string, unknown>;
  const csl: Partial<Omit<CslItem, 'id'>> = { type: cslType(source.type) };
  const text = (field: keyof CslItem) => firstText(source[field]);
  const set = <Field extends keyof Omit<CslItem, 'id'>>(field: Field, value: CslItem[Field] | undefined) => {
    if (value !== undefined) csl[field] = value;
  };
  set('title', text('title'));
  set('author', names(source.author));
  set('editor', names(source.editor));
  set(
    'issued',
    cslDate(source.issued) ?? cslDate(source['published-print']) ?? cslDate(source['published-online']),
  );
  set('container-title', text('container-title'));
  set('collection-title', text('collection-title'));
  set('volume', text('volume'));
  set('issue', text('issue'));
  set('page', text('page'));
  set('number', text('number'));
  set('edition', text('edition'));
  set('publisher', text('publisher'));
  set('publisher-place', text('publisher-place'));
  const statedDoi = typeof source.DOI === 'string' ? source.DOI.trim() : '';
  set('DOI', DOI_PATTERN.test(statedDoi) ? statedDoi : doi);
  const url = typeof source.URL === 'string' ? source.URL.trim() : '';
  set('URL', httpUrl.safeParse(url).success ? url : undefined);
  set('ISSN', text('ISSN'));
  return csl;
}

function resolverHost(resolverUrl: string): string {
  try {
    return new URL(resolverUrl).host;
  } catch {
    return resolverUrl;
  }
}

/**
 * Looks a DOI up by content negotiation at `resolverUrl` (the configured `doiResolverUrl`): asks for CSL-JSON,
 * follows the resolver's redirects to the registration agency, reads at most 1 MB.
 */
export async function lookUpDoi(
  doi: string,
  options: { resolverUrl: string; timeoutMs?: number; allowPrivateNetworks?: boolean },
): Promise<DoiMetadata> {
  const bare = normalizeDoi(doi);
  if (!bare) {
    throw new FetchError('bad-url', 'That is not a DOI; a DOI looks like 10.1234/abcd.');
  }
  const resolver = options.resolverUrl.replace(/\/+$/, '');
  const host = resolverHost(resolver);
  // encodeURI keeps "?" and "#", which DOIs may hold but a URL path may not.
  const path = encodeURI(bare).replace(/\?/g, '%3F').replace(/#/g, '%23');
  let body: Uint8Array;
  try {
    ({ bytes: body } = await fetchGuarded(`${resolver}/${path}`, {
      maxBytes: DOI_MAX_BYTES,
      accept: CSL_ACCEPT,
      what: 'the DOI record',
      ...(options.allowPrivateNetworks ? {} : { refuseAddress: isPrivateAddress }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      checkContentType: (contentType) => {
        const mime = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
        if (!/^application\/(?:vnd\.citationstyles\.csl\+)?json$/.test(mime)) {
          // The agency of this DOI does not negotiate, so the resolver sent the publisher's page instead.
          throw new FetchError(
            'not-a-document',
            `DOI ${bare} is registered, but its registry gives no citation data Lectern can read; type the fields yourself.`,
          );
        }
      },
    }));
  } catch (error) {
    if (error instanceof FetchError && error.reason === 'http-status' && error.status === 404) {
      throw new FetchError('http-status', `No DOI ${bare} is registered; check it.`, {
        code: 'not-found',
        status: 404,
      });
    }
    if (error instanceof FetchError && error.reason === 'http-status' && error.status === 406) {
      throw new FetchError(
        'http-status',
        `DOI ${bare} is registered, but its registry gives no citation data Lectern can read; type the fields yourself.`,
        { status: 406 },
      );
    }
    if (error instanceof FetchError && error.reason === 'too-large') {
      throw new FetchError(
        'too-large',
        `The record for DOI ${bare} is larger than 1 MB; type the fields yourself.`,
      );
    }
    throw error;
  }
  let record: unknown;
  try {
    record = JSON.parse(new TextDecoder().decode(body));
  } catch (error) {
    throw new FetchError(
      'not-a-document',
      `${host} sent a record for DOI ${bare} that is not valid CSL-JSON; type the fields yourself.`,
      { cause: error },
    );
  }
  const csl = cslFromDoiRecord(record, bare);
  if (csl.title === undefined && csl.author === undefined && csl.issued === undefined) {
    throw new FetchError(
      'not-a-document',
      `${host} sent a record for DOI ${bare} without a title, author or date; type the fields yourself.`,
    );
  }
  return { csl, source: `DOI ${bare} via ${host} content negotiation` };
}
