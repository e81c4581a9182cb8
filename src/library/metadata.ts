import { z } from 'zod';
import { parseNames, splitGivenFamily } from '../corpus/references.js';
import { cslItemSchema } from '../corpus/schema.js';
import type { CslItem, CslName, CslType } from '../corpus/types.js';
import type { FieldSources, IngestFormat, StatedMetadata } from '../ingest/types.js';
import { cleanName } from '../text/unicode.js';
import { type DoiMetadata, normalizeDoi } from './doi.js';

/**
 * Settles a reading's metadata from what the moderator typed, what its DOI record states and what the file
 * states, in that order of trust, and says where every field came from and which important ones are still
 * missing. Nothing is guessed: a field nobody supplied stays empty (no date from a file's creation time, no
 * place, no DOI that nobody gave).
 */

export const READING_TYPES = ['article', 'report', 'chapter', 'book', 'web page', 'other'] as const;
export type ReadingType = (typeof READING_TYPES)[number];

export const CSL_TYPE_OF_READING: Record<ReadingType, CslType> = {
  article: 'article-journal',
  report: 'report',
  chapter: 'chapter',
  book: 'book',
  'web page': 'webpage',
  other: 'document',
};

/** What the moderator typed into `/library add` or `/library edit`. */
export interface SuppliedMetadata {
  title?: string;
  /** "Park, Jinho; Jung, Haangsok". */
  author?: string;
  year?: number;
  type?: ReadingType;
  /** The journal, series or site. */
  container?: string;
  publisher?: string;
  doi?: string;
  /**
   * The work's web address, as `/library edit url:` sets it. `/library add url:` is where the file is fetched
   * from; it reaches `settleMetadata` as `sourceUrl`.
   */
  url?: string;
}

export type SettledCsl = Omit<CslItem, 'id'>;

export interface MissingField {
  field: 'title' | 'author' | 'issued' | 'container-title' | 'publisher' | 'DOI' | 'URL';
  /** What a moderator calls it: "year", "journal", "publisher". */
  label: string;
  /** "`/library edit document: … year:`". */
  howToSet: string;
}

export interface SettledMetadata {
  csl: SettledCsl;
  sources: FieldSources;
  missing: MissingField[];
  /** What the moderator typed that could not be used as typed; each names the option and says why. */
  problems: string[];
}

const INSTITUTION_WORDS = new Set(
  [
    'academy',
    'agency',
    'assembly',
    'association',
    'bank',
    'board',
    'bureau',
    'center',
    'centre',
    'college',
    'commission',
    'committee',
    'company',
    'congress',
    'corporation',
    'council',
    'court',
    'department',
    'foundation',
    'fund',
    'government',
    'group',
    'house',
    'inc',
    'institute',
    'institution',
    'library',
    'ltd',
    'ministry',
    'museum',
    'nations',
    'network',
    'office',
    'organisation',
    'organization',
    'parliament',
    'party',
    'press',
    'program',
    'programme',
    'project',
    'republic',
    'school',
    'senate',
    'service',
    'society',
    'staff',
    'states',
    'team',
    'union',
    'university',
  ].map((word) => word.toLowerCase()),
);

const CAPITALISED_WORD = /^\p{Lu}\p{Ll}*(?:['’-]?\p{Lu}?\p{Ll}+)*\.?$/u;
const INITIAL = /^\p{Lu}\.(?:-?\p{Lu}\.)*$/u;

/**
 * Common Korean, Chinese and Japanese family names in romanisation. A name that starts with one may be
 * written family name first ("Park Jinho") or last ("Jinho Park"), so it is not split without a comma.
 */
const FAMILY_NAME_FIRST = new Set([
  // Korean
  'kim',
  'lee',
  'yi',
  'rhee',
  'park',
  'pak',
  'bak',
  'choi',
  'choe',
  'jung',
  'jeong',
  'chung',
  'kang',
  'cho',
  'jo',
  'yoon',
  'yun',
  'jang',
  'chang',
  'lim',
  'im',
  'han',
  'oh',
  'seo',
  'suh',
  'shin',
  'kwon',
  'hwang',
  'ahn',
  'an',
  'song',
  'yoo',
  'yu',
  'hong',
  'jeon',
  'chun',
  'ko',
  'go',
  'moon',
  'mun',
  'yang',
  'son',
  'sohn',
  'bae',
  'baek',
  'paik',
  'heo',
  'huh',
  'nam',
  'noh',
  'roh',
  'ha',
  'kwak',
  'sung',
  'seong',
  'cha',
  'joo',
  'ju',
  'woo',
  'min',
  'ryu',
  'na',
  'jin',
  'ji',
  'eom',
  'um',
  'chae',
  'won',
  'cheon',
  'bang',
  'kong',
  'hyun',
  'ham',
  'byun',
  'yeom',
  'yeo',
  'choo',
  'chu',
  'do',
  'seok',
  'suk',
  'sun',
  'seol',
  'ma',
  'gil',
  'pyo',
  'myung',
  'ki',
  'ban',
  'wang',
  'yeon',
  'ryoo',
  'rho',
  'gong',
  'maeng',
  'tak',
  'bong',
  // Chinese
  'li',
  'zhang',
  'liu',
  'chen',
  'huang',
  'zhao',
  'wu',
  'zhou',
  'xu',
  'zhu',
  'hu',
  'guo',
  'he',
  'lin',
  'gao',
  'luo',
  'zheng',
  'liang',
  'xie',
  'tang',
  'deng',
  'feng',
  'cao',
  'peng',
  'zeng',
  'xiao',
  'tian',
  'dong',
  'pan',
  'yuan',
  'cai',
  'jiang',
  'du',
  'ye',
  'cheng',
  'wei',
  'su',
  'lu',
  'ding',
  'ren',
  'shen',
  'yao',
  'qian',
  'fu',
  'lo',
  'wong',
  'leung',
  'cheung',
  'chan',
  'ng',
  'tsai',
  'hsu',
  'kuo',
  // Japanese
  'sato',
  'suzuki',
  'takahashi',
  'tanaka',
  'watanabe',
  'ito',
  'yamamoto',
  'nakamura',
  'kobayashi',
  'kato',
  'yoshida',
  'yamada',
  'sasaki',
  'yamaguchi',
  'matsumoto',
  'inoue',
  'kimura',
  'hayashi',
  'shimizu',
  'abe',
  'mori',
  'ikeda',
  'hashimoto',
  'ishikawa',
  'ogawa',
  'fujita',
  'okada',
  'goto',
  'hasegawa',
  'murakami',
  'kondo',
  'ishii',
  'saito',
  'sakamoto',
  'endo',
  'aoki',
  'fujii',
  'nishimura',
  'fukuda',
  'ota',
  'miura',
  'okamoto',
  'matsuda',
  'nakagawa',
  'harada',
  'ono',
  'wada',
]);

/**
 * "Jinho Park", "James W. Smith", "Ludwig von Mises" split as given and family name. Anything else without a
 * comma (an institution, "Kim Dae Jung" or "Park Jinho", whose family name may come first, a name in another
 * script) is kept whole as a literal, which is never wrong, only less tidy; a name that looks personal but
 * could not be split comes with a note saying how to split it.
 */
function nameWithoutComma(text: string, position: number, problems: string[]): CslName {
  const words = text.split(/\s+/);
  const first = words[0] ?? '';
  const last = words[words.length - 1] ?? '';
  const institutional = words.some((word) => INSTITUTION_WORDS.has(word.toLowerCase().replace(/[.,]$/, '')));
  const personal =
    words.length >= 2 &&
    words.length <= 4 &&
    !institutional &&
    CAPITALISED_WORD.test(first) &&
    !first.endsWith('.') &&
    CAPITALISED_WORD.test(last) &&
    !last.endsWith('.');
  if (!personal) return { literal: text };
  const note = () =>
    problems.push(
      `author ${position}: kept "${text}" whole, since it does not say which part is the family name; ` +
        'write "Family, Given" to split it',
    );
  if (FAMILY_NAME_FIRST.has(first.toLowerCase())) {
    note();
    return { literal: text };
  }
  const name = splitGivenFamily(text, 'author', []);
  const givenWords = name.given?.split(/\s+/) ?? [];
  // Between the first and the family name only initials are unambiguous ("Kim Dae Jung" is not "Jung, Kim Dae").
  const given = givenWords.every((word, index) => (index === 0 ? CAPITALISED_WORD : INITIAL).test(word));
  if (given && name.family) return name;
  note();
  return { literal: text };
}

// Private-use marks stand in for brace groups while the list is split; typed ones are removed first.
/** Brace groups ("{Ministry of Foreign Affairs, Korea}") are literal names whatever they hold. */
function protectBraces(text: string): { text: string; groups: string[] } {
  const groups: string[] = [];
  const protectedText = text.replace(/\{([^{}]*)\}/g, (_, inner: string) => {
    groups.push(inner.trim());
    return `\uE000${groups.length - 1}\uE001`;
  });
  return { text: protectedText, groups };
}

/**
 * "Jinho Park, Haangsok Jung" (two people) reads like "García Márquez, Gabriel José" (one): both sides of the
 * only comma hold a whole name, so the comma does not say which part is a family name.
 */
function twoFullNames(list: string): boolean {
  const [before = '', after = '', ...rest] = list.split(',').map((part) => part.trim());
  if (rest.length > 0) return false;
  const beforeWords = before.split(/\s+/);
  const afterWords = after.split(/\s+/);
  const lastAfter = afterWords[afterWords.length - 1] ?? '';
  return (
    beforeWords.length >= 2 &&
    CAPITALISED_WORD.test(beforeWords[0] ?? '') &&
    afterWords.length >= 2 &&
    !INITIAL.test(lastAfter) &&
    !/^(?:Jr\.?|Sr\.?|II|III|IV)$/.test(lastAfter)
  );
}

const FORMAT_HINT =
  'write names as "Family, Given; Family, Given", or an institution in braces: {United Nations}';

/**
 * The names a moderator typed: "Park, Jinho; Jung, Haangsok", "Jinho Park and Haangsok Jung", "Park, Jinho,
 * and Haangsok Jung" (Chicago) or "{United Nations Security Council}". A name that cannot be read with
 * confidence is left out and named in `problems`; `names` holds only what was read.
 */
export function parseAuthors(text: string): { names: CslName[]; problems: string[] } {
  const problems: string[] = [];
  const { text: guarded, groups } = protectBraces(cleanName(text).replace(/[\uE000\uE001]/g, ''));
  const restore = (piece: string) =>
    piece.replace(/\uE000(\d+)\uE001/g, (_, index: string) => `{${groups[Number(index)] ?? ''}}`);
  const braceOnly = /^\uE000(\d+)\uE001$/;

  const readPiece = (piece: string, position: number, separated: boolean): CslName[] => {
    const trimmed = piece.trim();
    const whole = braceOnly.exec(trimmed);
    if (whole) {
      const literal = groups[Number(whole[1])] ?? '';
      if (literal === '') problems.push(`author ${position}: the braces are empty`);
      return literal === '' ? [] : [{ literal }];
    }
    if (trimmed.includes('\uE000')) {
      problems.push(`author ${position}: "${restore(trimmed)}" mixes braces with other text; ${FORMAT_HINT}`);
      return [];
    }
    if (!trimmed.includes(',')) return [nameWithoutComma(trimmed, position, problems)];
    if (!separated && twoFullNames(trimmed)) {
      problems.push(
        `author ${position}: could not tell whether "${trimmed}" is one name or two; ${FORMAT_HINT} ` +
          '(one person alone ends with ";")',
      );
      return [];
    }
    const parsed = parseNames(trimmed);
    const unread =
      parsed.role === 'editor' ||
      parsed.names.some((name) => !name.family || !name.given) ||
      parsed.problems.some((problem) => problem.includes('could not'));
    if (unread) {
      problems.push(`author ${position}: could not tell the names apart in "${trimmed}"; ${FORMAT_HINT}`);
      return [];
    }
    // "kept as printed" notes (a particle at the end of a given name) are worth a second look, not a refusal.
    problems.push(...parsed.problems.map((problem) => problem.replace(/^author 1/, `author ${position}`)));
    return parsed.names;
  };

  const separated = guarded.includes(';');
  const pieces = separated
    ? guarded.split(';')
    : guarded.includes(',')
      ? [guarded]
      : guarded.split(/\s+(?:and|&)\s+/);
  const names: CslName[] = [];
  for (const piece of pieces) {
    if (piece.trim() === '') continue;
    names.push(...readPiece(piece, names.length + 1, separated));
  }
  if (names.length === 0 && problems.length === 0) {
    problems.push(`author: no name was given; ${FORMAT_HINT}`);
  }
  return { names, problems };
}

const FILE_EXTENSION = /\.(?:pdf|epub|docx|html?|xhtml|md|markdown|txt)$/i;

/** "Park_2013 final.pdf" → "Park 2013 final": a placeholder title until the moderator gives the real one. */
export function titleFromFilename(filename: string): string {
  return cleanName(filename.replace(FILE_EXTENSION, '').replace(/[_\s]+/g, ' '));
}

function currentYear(): number {
  return new Date().getUTCFullYear();
}

type Command = 'add' | 'edit';

const httpUrl = z.url({ protocol: /^https?$/ });

/** What the moderator typed, read and checked as CSL fields; what could not be used goes to `problems`. */
function suppliedCsl(
  supplied: SuppliedMetadata,
  command: Command,
): { csl: Partial<SettledCsl>; sources: FieldSources; problems: string[] } {
  const csl: Partial<SettledCsl> = {};
  const sources: FieldSources = {};
  const problems: string[] = [];
  const by = (option: string) => `you (/library ${command} ${option}:)`;
  const text = (
    option: string,
    field: 'title' | 'container-title' | 'publisher',
    value: string | undefined,
  ) => {
    if (value === undefined) return;
    const cleaned = cleanName(value);
    if (cleaned === '') problems.push(`${option}: it is empty`);
    else {
      csl[field] = cleaned;
      sources[field] = by(option);
    }
  };
  text('title', 'title', supplied.title);
  text('container', 'container-title', supplied.container);
  text('publisher', 'publisher', supplied.publisher);
  if (supplied.author !== undefined) {
    const parsed = parseAuthors(supplied.author);
    problems.push(...parsed.problems);
    if (parsed.names.length > 0) {
      csl.author = parsed.names;
      sources.author = by('author');
    }
  }
  if (supplied.year !== undefined) {
    const latest = currentYear() + 1;
    if (!Number.isInteger(supplied.year) || supplied.year < 1000 || supplied.year > latest) {
      problems.push(`year: ${supplied.year} is not a year between 1000 and ${latest}`);
    } else {
      csl.issued = { 'date-parts': [[supplied.year]] };
      sources.issued = by('year');
    }
  }
  if (supplied.type !== undefined) {
    csl.type = CSL_TYPE_OF_READING[supplied.type];
    sources.type = by('type');
  }
  if (supplied.doi !== undefined) {
    const doi = normalizeDoi(supplied.doi);
    if (doi === undefined)
      problems.push(`doi: "${cleanName(supplied.doi)}" is not a DOI; a DOI looks like 10.1234/abcd`);
    else {
      csl.DOI = doi;
      sources.DOI = by('doi');
    }
  }
  if (supplied.url !== undefined) {
    const url = supplied.url.trim();
    if (httpUrl.safeParse(url).success) {
      csl.URL = url;
      sources.URL = by('url');
    } else problems.push('url: it is not a web address; give one that starts with https://');
  }
  return { csl, sources, problems };
}

function howToSet(option: string): string {
  return `\`/library edit document: … ${option}:\``;
}

const CONTAINER_LABELS: Partial<Record<CslType, string>> = {
  'article-journal': 'journal',
  'article-magazine': 'magazine',
  'article-newspaper': 'newspaper',
  chapter: 'book title',
  'paper-conference': 'proceedings',
};

/** The important fields still absent for a reading of this type. */
function missingFields(csl: Partial<SettledCsl>, type: CslType, titleFromFile: boolean): MissingField[] {
  const missing: MissingField[] = [];
  if (csl.title === undefined || titleFromFile) {
    missing.push({
      field: 'title',
      label: titleFromFile ? 'title (taken from the file name for now)' : 'title',
      howToSet: howToSet('title'),
    });
  }
  if (csl.author === undefined && csl.editor === undefined) {
    missing.push({ field: 'author', label: 'author', howToSet: howToSet('author') });
  }
  if (csl.issued === undefined) missing.push({ field: 'issued', label: 'year', howToSet: howToSet('year') });
  const container = CONTAINER_LABELS[type];
  if (container && csl['container-title'] === undefined) {
    missing.push({ field: 'container-title', label: container, howToSet: howToSet('container') });
  }
  if ((type === 'book' || type === 'report') && csl.publisher === undefined) {
    missing.push({ field: 'publisher', label: 'publisher', howToSet: howToSet('publisher') });
  }
  if (type === 'webpage' && csl.URL === undefined) {
    missing.push({ field: 'URL', label: 'web address', howToSet: howToSet('url') });
  }
  return missing;
}

const settledSchema = cslItemSchema.omit({ id: true }).partial({ title: true });

/**
 * Drops any field that would not pass the store's schema (a stated URL that is not one, an empty name), so
 * what is settled can be stored; each dropped field is named.
 */
function checked(csl: SettledCsl, sources: FieldSources, problems: string[]): SettledCsl {
  let current = csl;
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = settledSchema.safeParse(current);
    if (result.success) return current;
    const fields = new Set(result.error.issues.map((issue) => issue.path[0]).filter((key) => key !== 'type'));
    if (fields.size === 0) return current;
    const next: Record<string, unknown> = { ...current };
    for (const field of fields) {
      problems.push(
        `${String(field)}: the value from ${sources[field as keyof FieldSources] ?? 'the file'} is not valid, so it was left out`,
      );
      delete next[String(field)];
      delete sources[field as keyof FieldSources];
    }
    current = next as unknown as SettledCsl;
  }
  return current;
}

const SETTLED_FIELDS = [
  'title',
  'title-short',
  'author',
  'editor',
  'issued',
  'container-title',
  'collection-title',
  'number',
  'volume',
  'issue',
  'page',
  'edition',
  'publisher',
  'publisher-place',
  'event',
  'event-title',
  'event-place',
  'event-date',
  'genre',
  'medium',
  'URL',
  'ISSN',
  'DOI',
  'note',
  'keyword',
  'abstract',
  'language',
  'original-title',
  'translated-title',
] as const satisfies ReadonlyArray<keyof SettledCsl>;

/**
 * Each field from the most trusted layer that states it: what the moderator typed, then the DOI record, then
 * what the file states. `fallbackTitle` (the file name, or the page address) stands in for a title nobody
 * stated and is listed as missing; `sourceUrl` is the member-typed address the file was fetched from (never a
 * Discord attachment's), used as the URL when no layer states one; `format` tells a fetched web page.
 */
/** The longest text field a file or DOI record may fill, as the typed options allow. */
export const MAX_STATED_CHARS = 500;

export function settleMetadata(layers: {
  supplied: SuppliedMetadata;
  doi?: DoiMetadata;
  stated: StatedMetadata;
  fallbackTitle?: string;
  sourceUrl?: string;
  format?: IngestFormat;
}): SettledMetadata {
  const supplied = suppliedCsl(layers.supplied, 'add');
  const problems = [...supplied.problems];
  const ordered: Array<{
    csl: Partial<SettledCsl>;
    source: (field: keyof SettledCsl) => string | undefined;
  }> = [{ csl: supplied.csl, source: (field) => supplied.sources[field] }];
  if (layers.doi) {
    const doiSource = layers.doi.source;
    ordered.push({ csl: layers.doi.csl, source: () => doiSource });
  }
  ordered.push({
    csl: layers.stated.csl,
    source: (field) => layers.stated.sources[field] ?? 'the file',
  });

  const settled: Partial<SettledCsl> = {};
  const sources: FieldSources = {};
  for (const field of SETTLED_FIELDS) {
    for (const layer of ordered) {
      const value = layer.csl[field];
      if (value === undefined) continue;
      // A title of thousands of characters is no title a reader can use, and no reply could show it.
      if (typeof value === 'string' && value.length > MAX_STATED_CHARS) {
        problems.push(
          `${layer.source(field) ?? 'the file'} states a ${String(field)} of ${value.length} characters; it was not used (at most ${MAX_STATED_CHARS}).`,
        );
        continue;
      }
      (settled as Record<string, unknown>)[field] = value;
      sources[field] = layer.source(field);
      break;
    }
  }

  let type: CslType = 'document';
  let typeSource = 'not stated (Lectern files it as a document)';
  const statedType = ordered.find((layer) => layer.csl.type !== undefined);
  if (statedType?.csl.type) {
    type = statedType.csl.type;
    typeSource = statedType.source('type') ?? typeSource;
  } else if (layers.sourceUrl !== undefined && layers.format === 'html') {
    type = 'webpage';
    typeSource = 'fetched from the web as a page';
  }
  sources.type = typeSource;

  if (
    settled.URL === undefined &&
    layers.sourceUrl !== undefined &&
    httpUrl.safeParse(layers.sourceUrl).success
  ) {
    settled.URL = layers.sourceUrl;
    sources.URL = 'the address you gave (/library add url:)';
  }

  let titleFromFile = false;
  if (settled.title === undefined && layers.fallbackTitle !== undefined) {
    const fallback = titleFromFilename(layers.fallbackTitle);
    if (fallback !== '') {
      settled.title = fallback;
      sources.title = 'the file name';
      titleFromFile = true;
    }
  }

  const csl = checked({ ...settled, type }, sources, problems);
  return { csl, sources, missing: missingFields(csl, type, titleFromFile), problems };
}

export type ClearableField = MissingField['field'] | 'type';

/**
 * `/library edit`: the typed fields replace the current ones, read and checked as `/library add` reads them;
 * `clear` removes fields (type goes back to "document"; a title can only be replaced, not removed).
 */
export function applyEdit(
  current: SettledCsl,
  edit: SuppliedMetadata & { clear?: ClearableField[] },
): { csl: SettledCsl; problems: string[] } {
  const { clear = [], ...typed } = edit;
  const supplied = suppliedCsl(typed, 'edit');
  const problems = [...supplied.problems];
  const next: Record<string, unknown> = { ...current };
  for (const field of new Set(clear)) {
    if (field === 'title') {
      problems.push('clear: a reading needs a title; give the new one with title: instead');
      continue;
    }
    if (supplied.csl[field] !== undefined) {
      problems.push(`clear: ${field} was both given and cleared; the value given was kept`);
      continue;
    }
    if (field === 'type') next.type = 'document';
    else delete next[field];
  }
  Object.assign(next, supplied.csl);
  const csl = checked(next as unknown as SettledCsl, { ...supplied.sources }, problems);
  return { csl, problems };
}
