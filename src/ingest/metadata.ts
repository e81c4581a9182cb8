import type { CslDate, CslItem, CslName } from '../corpus/types.js';
import type { StatedMetadata } from './types.js';

/**
 * Collects the metadata a file states. The first source to state a field wins, so readers offer their
 * sources from the most deliberate (a publisher's citation tags) to the least (a page's <title>).
 */
export class MetadataCollector {
  readonly metadata: StatedMetadata = { csl: {}, sources: {}, identifiers: [] };

  set<Field extends keyof CslItem>(field: Field, value: CslItem[Field] | undefined, source: string): void {
    if (value === undefined || this.metadata.csl[field] !== undefined) return;
    if (typeof value === 'string' && value.trim() === '') return;
    if (Array.isArray(value) && value.length === 0) return;
    this.metadata.csl[field] = typeof value === 'string' ? (value.trim() as CslItem[Field]) : value;
    this.metadata.sources[field] = source;
  }

  text(
    field:
      | 'title'
      | 'publisher'
      | 'container-title'
      | 'language'
      | 'URL'
      | 'ISSN'
      | 'volume'
      | 'issue'
      | 'page'
      | 'keyword'
      | 'abstract',
    value: string | null | undefined,
    source: string,
  ): void {
    const cleaned = value?.replace(/\s+/g, ' ').trim();
    if (cleaned) this.set(field, cleaned, source);
  }

  authors(values: ReadonlyArray<string | null | undefined>, source: string): void {
    const names = values.flatMap((value) => (value ? statedNames(value) : []));
    if (names.length > 0) this.set('author', names, source);
  }

  date(value: string | null | undefined, source: string): void {
    const date = value ? statedDate(value) : undefined;
    if (date) this.set('issued', date, source);
  }

  fileCreated(value: string | null | undefined, source: string): void {
    const date = value ? statedDate(value) : undefined;
    if (date && !this.metadata.fileCreated) this.metadata.fileCreated = { date, source };
  }

  /** A DOI goes to its field; other identifiers are kept as printed. */
  identifier(value: string | null | undefined, source: string): void {
    const cleaned = value?.trim();
    if (!cleaned) return;
    const doi = /(?:^|doi:|doi\.org\/)(10\.\d{4,9}\/\S+)$/i.exec(cleaned);
    if (doi?.[1]) this.set('DOI', doi[1], source);
    else if (!this.metadata.identifiers.includes(cleaned)) this.metadata.identifiers.push(cleaned);
  }
}

/**
 * Names as a file's properties hold them. Only "Family, Given" says which part is the family name; any other
 * form is kept whole as a literal rather than split by guesswork. Several names are separated by ";" or, in a
 * list without commas inside names, by " and " or ",".
 */
export function statedNames(value: string): CslName[] {
  const cleaned = value.replace(/\s+/g, ' ').trim();
  if (cleaned === '') return [];
  const parts = cleaned.includes(';') ? cleaned.split(';') : cleaned.split(/\s+(?:and|&)\s+/);
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .flatMap((part): CslName[] => {
      const pieces = part.split(',').map((piece) => piece.trim());
      const [family, given] = pieces;
      if (pieces.length === 2 && family && given && !/\s/.test(family)) return [{ family, given }];
      if (pieces.length >= 2) return pieces.filter((piece) => piece !== '').map((literal) => ({ literal }));
      return [{ literal: part }];
    });
}

/** ISO dates ("2013", "2013-04", "2013-04-15T…", "2013/04/15") and PDF dates ("D:20130415…"); anything else as printed. */
export function statedDate(value: string): CslDate | undefined {
  const cleaned = value.trim();
  if (cleaned === '') return undefined;
  const pdf = /^D:(\d{4})(\d{2})?(\d{2})?/.exec(cleaned);
  // Highwire tags write "2021/05/03"; the order is the same as ISO's.
  const iso = pdf ?? /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?(?:$|[T\s])/.exec(cleaned);
  if (!iso) return { literal: cleaned };
  const parts = [iso[1], iso[2], iso[3]].filter((part): part is string => part !== undefined).map(Number);
  return { 'date-parts': [parts] };
}
