import type { CslItem, CslName, Passage } from '../corpus/types.js';
import type { IngestedDocument } from '../ingest/types.js';
import { cleanName, truncateText } from '../text/unicode.js';
import type { AddedDocument } from './store.js';

/**
 * Turns what the ingest core read from a file into a reading of a server's library: an id readers can
 * type, a short label, and the metadata that was settled for it. Nothing here guesses a field.
 */

export interface ReadingSource {
  guildId: string;
  addedBy: string;
  filename?: string;
  sourceUrl?: string;
  /** Epoch milliseconds. */
  addedAt: number;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/g, '');
}

function firstFamily(names: readonly CslName[] | undefined): string | undefined {
  const first = names?.[0];
  return first?.family ?? first?.literal;
}

function yearOf(csl: Pick<CslItem, 'issued'>): number | undefined {
  return csl.issued?.['date-parts']?.[0]?.[0];
}

/**
 * "park-2013", as the data directory names documents: the first author and year, else the title's first
 * words, else "reading"; `-2`, `-3` … when the server's library already uses it.
 */
export function readingId(
  csl: Pick<CslItem, 'author' | 'issued' | 'title'>,
  taken: ReadonlySet<string>,
): string {
  const family = firstFamily(csl.author);
  const year = yearOf(csl);
  const base =
    [family ? slug(family) : '', year ? String(year) : ''].filter(Boolean).join('-') ||
    slug(csl.title ?? '') ||
    'reading';
  let id = base;
  for (let suffix = 2; taken.has(id); suffix++) id = `${base}-${suffix}`;
  return id;
}

/** "Park (2013)", "Park & Jung (2013)", "Park et al. (n.d.)", or the title when nobody is named. */
export function shortTitleOf(csl: Pick<CslItem, 'author' | 'editor' | 'issued' | 'title'>): string {
  const names = csl.author ?? csl.editor;
  const year = yearOf(csl);
  const when = year ? String(year) : 'n.d.';
  const first = firstFamily(names);
  if (!first) return truncateText(cleanName(csl.title ?? 'Untitled reading'), 80);
  const second = names && names.length === 2 ? firstFamily(names.slice(1)) : undefined;
  const who = names && names.length > 2 ? `${first} et al.` : second ? `${first} & ${second}` : first;
  return truncateText(cleanName(`${who} (${when})`), 80);
}

function rekey(passage: Passage, from: string, to: string): Passage {
  const tail = passage.id.startsWith(from) ? passage.id.slice(from.length) : `#${passage.id}`;
  return { ...passage, id: `${to}${tail}`, documentId: to };
}

/**
 * The reading as the library serves it, under `documentId`: the ingest core numbered its passages under a
 * provisional id, so each is renamed, and a cited work's id follows its reading.
 */
export function readingFromIngest(
  ingested: IngestedDocument,
  csl: Omit<CslItem, 'id'>,
  documentId: string,
  source: ReadingSource,
): AddedDocument {
  const from = ingested.id;
  const passages = ingested.passages.map((passage) => rekey(passage, from, documentId));
  const references = ingested.references.map((entry) => ({
    ...entry,
    csl: {
      ...entry.csl,
      id: entry.csl.id.startsWith(from) ? `${documentId}${entry.csl.id.slice(from.length)}` : entry.csl.id,
    },
  }));
  const hasText = passages.some((passage) => passage.kind === 'paragraph');
  return {
    id: documentId,
    file: source.filename ?? source.sourceUrl ?? documentId,
    shortTitle: shortTitleOf(csl),
    csl: { ...csl, id: documentId },
    fullText: hasText,
    ...(hasText
      ? {}
      : {
          coverageNote:
            'Only the abstract and reference list of this reading could be read from its file; its full text is not in the library.',
        }),
    keywords: ingested.keywords,
    passages,
    references,
    origin: {
      guildId: source.guildId,
      format: ingested.format,
      sha256: ingested.sha256,
      ...(source.filename === undefined ? {} : { filename: source.filename }),
      ...(source.sourceUrl === undefined ? {} : { sourceUrl: source.sourceUrl }),
      addedBy: source.addedBy,
      addedAt: source.addedAt,
      ...(ingested.pages === undefined ? {} : { pages: ingested.pages }),
    },
  };
}
