import { type TokenSpan, tokenSpans } from '../text/index.js';
import type { CslDate, CslItem, CslName, CslType, ReferenceEntry, ReferenceKind } from './types.js';

/**
 * A parser for reference-list entries in Chicago author-date style, as printed in Korea Journal:
 *
 *   Family, Given, and Given Family[, eds.]. Year. “Article Title.” Journal 18.3: 7–34.
 *   Family, Given. Year. Book Title. 2nd ed. Place: Publisher.
 *
 * It records only what the entry prints. Anything it cannot place goes into `problems` with the text it
 * could not read, so a caller can show or log it; nothing is dropped and nothing is filled in.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTH_PATTERN = MONTHS.join('|');

/** CSL-JSON season numbers. */
const SEASONS: Record<string, number> = { spring: 1, summer: 2, autumn: 3, fall: 3, winter: 4 };

/** Words that belong to a family name ("Stephen Van Evera") when they end up at the end of a given name. */
const FAMILY_PARTICLES = new Set([
  'van',
  'von',
  'de',
  'der',
  'den',
  'del',
  'della',
  'di',
  'da',
  'du',
  'la',
  'le',
]);

const NAME_SUFFIX = /^(?:Jr\.?|Sr\.?|II|III|IV)$/;

interface ParsedNames {
  names: CslName[];
  role: 'author' | 'editor';
  problems: string[];
}

/** "James W. Smith" → given "James W.", family "Smith"; one word is kept as a literal, with a problem. */
export function splitGivenFamily(name: string, label: string, problems: string[]): CslName {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) {
    problems.push(`${label}: could not split "${name}" into given and family name; kept as a literal name`);
    return { literal: name.trim() };
  }
  let familyStart = words.length - 1;
  // "Ludwig von Mises": lower-case particles before the last word belong to the family name.
  while (
    familyStart > 1 &&
    FAMILY_PARTICLES.has(words[familyStart - 1] ?? '') &&
    words[familyStart - 1] === words[familyStart - 1]?.toLowerCase()
  ) {
    familyStart--;
  }
  const particle = words.slice(familyStart, words.length - 1).join(' ');
  const result: CslName = {
    family: words[words.length - 1] ?? '',
    given: words.slice(0, familyStart).join(' '),
  };
  if (particle) result['non-dropping-particle'] = particle;
  return result;
}

/** "James W. Jr." → given "James W.", suffix "Jr.". */
function splitSuffix(given: string): { given: string; suffix?: string } {
  const match = /^(.*\S)\s+(Jr\.?|Sr\.?|II|III|IV)$/.exec(given);
  return match?.[1] && match[2] ? { given: match[1], suffix: match[2] } : { given };
}

export function parseNames(text: string): ParsedNames {
  const problems: string[] = [];
  let list = text.trim().replace(/,$/, '');
  let role: ParsedNames['role'] = 'author';
  const editorMatch = /^(.*?),?\s+eds?\.?$/.exec(list);
  if (editorMatch?.[1]) {
    role = 'editor';
    list = editorMatch[1];
  }
  const firstComma = list.indexOf(',');
  if (firstComma < 0) {
    // No inverted "Family, Given" pair: an institution such as "United States. White House".
    return { names: [{ literal: list }], role, problems };
  }
  const family = list.slice(0, firstComma).trim();
  const tokens = list
    .slice(firstComma + 1)
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((token) => token.trim())
    .filter((token) => token !== '');

  const names: CslName[] = [];
  const firstGiven = tokens.shift() ?? '';
  const first: CslName = { family };
  const { given, suffix } = splitSuffix(firstGiven);
  if (given) first.given = given;
  if (suffix) first.suffix = suffix;
  if (!family || !given) problems.push(`author 1: could not read a family and given name in "${list}"`);
  const lastGivenWord = given.split(/\s+/).pop() ?? '';
  if (FAMILY_PARTICLES.has(lastGivenWord.toLowerCase())) {
    problems.push(
      `author 1: the given name "${given}" ends with "${lastGivenWord}", which is usually part of a family name; ` +
        `the source may print "${lastGivenWord} ${family}" inverted (kept as printed)`,
    );
  }
  names.push(first);

  for (const token of tokens) {
    const previous = names[names.length - 1];
    if (NAME_SUFFIX.test(token) && previous && !previous.suffix && !previous.literal) {
      previous.suffix = token;
      continue;
    }
    names.push(splitGivenFamily(token, `author ${names.length + 1}`, problems));
  }
  return { names, role, problems };
}

function monthNumber(name: string): number | undefined {
  const index = MONTHS.findIndex((month) => month.toLowerCase() === name.toLowerCase());
  return index < 0 ? undefined : index + 1;
}

/** Strips the period Chicago style puts after a URL that ends an entry. */
function cleanUrl(url: string): string {
  return url.replace(/[.,]$/, '');
}

/** "Title." → "Title"; "Title?" keeps its question mark, which belongs to the title. */
function cleanTitle(title: string): string {
  return title.trim().replace(/[.,;:]$/, '');
}

/** Splits "Romanized title (English translation)" into its two parts. */
function splitTranslation(title: string): { title: string; translated?: string } {
  const match = /^(.*\S)\s+\(([\p{Lu}][^()]*\s[^()]*)\)$/u.exec(title);
  return match?.[1] && match[2] ? { title: match[1], translated: match[2] } : { title };
}

interface DateTail {
  rest: string;
  month?: number;
  days?: number[];
}

/** Reads a trailing ", June 12-13" or ", October 24" (year comes from the entry's year). */
function takeTrailingDate(text: string): DateTail {
  const match = new RegExp(`^(.*?),?\\s*\\b(${MONTH_PATTERN})(?:\\s+(\\d{1,2})(?:[–-](\\d{1,2}))?)?$`).exec(
    text,
  );
  if (!match) return { rest: text };
  const days = [match[3], match[4]].filter((day): day is string => day !== undefined).map(Number);
  return { rest: (match[1] ?? '').trim(), month: monthNumber(match[2] ?? ''), days };
}

function issuedFrom(year: number | undefined, month?: number, days: number[] = []): CslDate | undefined {
  if (year === undefined) return undefined;
  if (month === undefined) return { 'date-parts': [[year]] };
  if (days.length === 0) return { 'date-parts': [[year, month]] };
  return { 'date-parts': days.map((day) => [year, month, day]) };
}

/** A parenthesised "(March)" or "(Autumn)" after a volume number. */
function applyPeriodical(
  issued: CslDate | undefined,
  label: string,
  problems: string[],
): CslDate | undefined {
  const year = issued?.['date-parts']?.[0]?.[0];
  const month = monthNumber(label);
  if (month !== undefined && year !== undefined) return issuedFrom(year, month);
  const season = SEASONS[label.toLowerCase()];
  if (season !== undefined && issued) return { ...issued, season };
  problems.push(`could not read the date "(${label})"`);
  return issued;
}

interface Publication {
  place: string;
  publisher: string;
  before: string;
}

/** Reads the trailing "Place: Publisher." of a book or chapter entry. */
function takePublication(text: string): Publication | undefined {
  const body = text.trim().replace(/\.$/, '');
  const colon = body.lastIndexOf(': ');
  if (colon < 0) return undefined;
  const publisher = body.slice(colon + 2).trim();
  const head = body.slice(0, colon);
  const sentenceBreak = head.lastIndexOf('. ');
  const place = (sentenceBreak < 0 ? head : head.slice(sentenceBreak + 2)).trim();
  if (!publisher || !place || publisher.includes('. ') || /https?:/.test(publisher)) return undefined;
  return { place, publisher, before: sentenceBreak < 0 ? '' : head.slice(0, sentenceBreak + 1) };
}

interface Classified {
  kind: ReferenceKind;
  type: CslType;
  fields: Partial<CslItem>;
}

function result(kind: ReferenceKind, type: CslType, fields: Partial<CslItem> = {}): Classified {
  return { kind, type, fields };
}

/** Reads what follows a quoted title: the container, the conference, the hearing or the web address. */
function classifyAfterQuotedTitle(after: string, year: number | undefined, problems: string[]): Classified {
  const text = after.trim();

  const conference = /^Paper presented at (?:the )?(.*?)\s*“([^”]+)”\s*(.*)$/.exec(text);
  if (conference) {
    const fields: Partial<CslItem> = {};
    const eventTitle = cleanTitle(conference[2] ?? '');
    fields['event-title'] = eventTitle;
    fields.event = eventTitle;
    const date = takeTrailingDate((conference[3] ?? '').replace(/\.$/, '').replace(/^,\s*/, ''));
    let place = date.rest;
    const organizer = /^(organized by .+?),\s+(.+)$/.exec(place);
    if (organizer) {
      fields.note = organizer[1];
      place = organizer[2] ?? '';
    }
    if (place) fields['event-place'] = place;
    fields.issued = issuedFrom(year, date.month, date.days);
    if (date.month === undefined) problems.push('conference paper: no date of the presentation found');
    return result('conference-paper', 'paper-conference', fields);
  }

  const testimony = /^(Testimony before .+)$/.exec(text.replace(/\.$/, ''));
  if (testimony) {
    const date = takeTrailingDate(testimony[1] ?? '');
    return result('testimony', 'hearing', {
      genre: date.rest,
      issued: issuedFrom(year, date.month, date.days),
    });
  }

  const chapter = /^In (.+?), edited by (.+?), (\d+[–-]\d+)\.\s+(.+)$/.exec(text);
  if (chapter) {
    const fields: Partial<CslItem> = { 'container-title': chapter[1], page: chapter[3] };
    const editors = (chapter[2] ?? '').split(/\s*,\s*(?:and\s+)?|\s+and\s+/).filter(Boolean);
    fields.editor = editors.map((editor, index) => splitGivenFamily(editor, `editor ${index + 1}`, problems));
    const publication = takePublication(chapter[4] ?? '');
    if (publication && publication.before === '') {
      fields.publisher = publication.publisher;
      fields['publisher-place'] = publication.place;
    } else {
      problems.push(`chapter: could not read place and publisher in "${chapter[4]}"`);
    }
    return result('chapter', 'chapter', fields);
  }

  const modified = new RegExp(
    `^Last modified (${MONTH_PATTERN})(?:\\s+(\\d{1,2}))?(?:,\\s*(\\d{4}))?\\.\\s+(https?://\\S+)$`,
  ).exec(text);
  if (modified) {
    const modifiedYear = modified[3] ? Number(modified[3]) : year;
    const fields: Partial<CslItem> = {
      issued: issuedFrom(
        modifiedYear,
        monthNumber(modified[1] ?? ''),
        modified[2] ? [Number(modified[2])] : [],
      ),
      URL: cleanUrl(modified[4] ?? ''),
    };
    return result('web-page', 'webpage', fields);
  }

  const bareUrl = /^(https?:\/\/\S+)$/.exec(text);
  if (bareUrl) return result('web-page', 'webpage', { URL: cleanUrl(bareUrl[1] ?? '') });

  const journal = /^(.+?)\s+(\d+)(?:\.(\d+))?(?:\s+\(([^)]+)\))?:\s*(\d+(?:[–-]\d+)?)\.?$/.exec(text);
  if (journal) {
    const container = journal[1] ?? '';
    const fields: Partial<CslItem> = { 'container-title': container, volume: journal[2], page: journal[5] };
    if (journal[3]) fields.issue = journal[3];
    fields.issued = issuedFrom(year);
    if (journal[4]) fields.issued = applyPeriodical(fields.issued, journal[4], problems);
    return /\bMagazine\b/.test(container)
      ? result('magazine', 'article-magazine', fields)
      : result('journal-article', 'article-journal', fields);
  }

  // "American Foreign Policy (October)." – a periodical printed without volume or pages.
  const periodicalDateOnly = /^(.+?)\s+\(([A-Z][a-z]+)\)\.?$/.exec(text);
  if (
    periodicalDateOnly &&
    (monthNumber(periodicalDateOnly[2] ?? '') || SEASONS[(periodicalDateOnly[2] ?? '').toLowerCase()])
  ) {
    const fields: Partial<CslItem> = { 'container-title': periodicalDateOnly[1] };
    fields.issued = applyPeriodical(issuedFrom(year), periodicalDateOnly[2] ?? '', problems);
    return result('journal-article', 'article-journal', fields);
  }

  // "New York Times. September 11." – a newspaper: the container is followed by a full stop and a date.
  const newspaper = new RegExp(`^(.+?)\\.\\s+(${MONTH_PATTERN})\\s+(\\d{1,2})\\.?$`).exec(text);
  if (newspaper) {
    return result('newspaper', 'article-newspaper', {
      'container-title': newspaper[1],
      issued: issuedFrom(year, monthNumber(newspaper[2] ?? ''), [Number(newspaper[3])]),
    });
  }

  // "Korea Focus (webzine), May. http://…" – a magazine: container, then a comma and the month.
  const magazine = new RegExp(
    `^(.+?)(?:\\s+\\(([^)]+)\\))?,\\s+(${MONTH_PATTERN})(?:\\s+(\\d{1,2}))?\\.(?:\\s+(https?://\\S+))?$`,
  ).exec(text);
  if (magazine) {
    const fields: Partial<CslItem> = {
      'container-title': magazine[1],
      issued: issuedFrom(year, monthNumber(magazine[3] ?? ''), magazine[4] ? [Number(magazine[4])] : []),
    };
    if (magazine[2]) fields.medium = magazine[2];
    if (magazine[5]) fields.URL = cleanUrl(magazine[5]);
    return result('magazine', 'article-magazine', fields);
  }

  problems.push(`could not read what follows the title: "${text}"; the kind of work is not known`);
  return result('journal-article', 'document', { issued: issuedFrom(year) });
}

function classifyBook(
  rest: string,
  year: number | undefined,
  names: ParsedNames,
  problems: string[],
): Classified {
  const kind: ReferenceKind = names.role === 'editor' ? 'edited-volume' : 'book';
  const fields: Partial<CslItem> = { issued: issuedFrom(year) };
  const publication = takePublication(rest);
  let titlePart: string;
  if (publication && publication.before !== '') {
    fields.publisher = publication.publisher;
    fields['publisher-place'] = publication.place;
    titlePart = publication.before.trim();
  } else {
    problems.push('book: no "Place: Publisher." found at the end of the entry');
    titlePart = rest.trim();
  }
  const edition = /^(.*\S)\.\s+(\d+)(?:st|nd|rd|th)\s+ed\.$/.exec(titlePart);
  if (edition?.[1] && edition[2]) {
    fields.edition = edition[2];
    titlePart = `${edition[1]}.`;
  } else if (/\bed\.$/.test(titlePart) && names.role === 'author') {
    problems.push(`book: could not read the edition in "${titlePart}"`);
  }
  const { title, translated } = splitTranslation(cleanTitle(titlePart));
  // A full stop followed by a capitalised word, other than after an initial or acronym ("U.S. Public"),
  // suggests a second element (series, volume) that this parser does not know.
  if (/(?<![\p{Lu}.]\p{Lu}|^\p{Lu})\.\s+\p{Lu}/u.test(title)) {
    problems.push(`book: the title "${title}" contains more than one sentence; read all of it as the title`);
  }
  fields.title = title;
  if (translated) fields['translated-title'] = translated;
  return result(kind, 'book', fields);
}

/** Runs of tokens joined by single hyphens: ["Nunn", "Lugar"] for "Nunn-Lugar", ["Korea"] for "Korea". */
function hyphenGroups(text: string): TokenSpan[][] {
  const groups: TokenSpan[][] = [];
  for (const span of tokenSpans(text)) {
    const group = groups[groups.length - 1];
    const previous = group?.[group.length - 1];
    if (group && previous && span.start === previous.end + 1 && text[previous.end] === '-') group.push(span);
    else groups.push([span]);
  }
  return groups;
}

/**
 * The words a document prints, to tell a hyphen left by a line break from a hyphenated word: the words
 * that stand alone (lower-cased; the parts of "Nunn-Lugar" do not stand alone), and how often each
 * hyphenated word is printed.
 */
export interface DocumentVocabulary {
  words: ReadonlySet<string>;
  hyphenated: ReadonlyMap<string, number>;
}

export function documentVocabulary(texts: readonly string[]): DocumentVocabulary {
  const words = new Set<string>();
  const hyphenated = new Map<string, number>();
  for (const text of texts) {
    for (const group of hyphenGroups(text)) {
      const key = group.map((span) => span.token.toLowerCase()).join('-');
      if (group.length === 1) words.add(key);
      else hyphenated.set(key, (hyphenated.get(key) ?? 0) + 1);
    }
  }
  return { words, hyphenated };
}

/**
 * Joins a word a line break split with a hyphen ("Washing-ton"). A hyphen is taken for a line break only when
 * the part after it goes on in lower case (a compound of names, "Nunn-Lugar", "Six-Party", keeps its
 * capitals), the joined word is one the document prints elsewhere, the part after the hyphen is not a word the
 * document uses on its own ("Non-proliferation" beside "proliferation"), and the hyphenated form is printed
 * only this once (a romanised name such as "Dae-jung" is spelled the same way each time).
 */
function joinLineBreakHyphens(text: string, vocabulary: DocumentVocabulary): string {
  let joined = '';
  let last = 0;
  for (const group of hyphenGroups(text)) {
    const [head, tail] = group;
    if (group.length !== 2 || !head || !tail || !/^\p{Ll}/u.test(tail.token)) continue;
    const word = `${head.token}${tail.token}`.toLowerCase();
    const form = `${head.token}-${tail.token}`.toLowerCase();
    if (!vocabulary.words.has(word) || vocabulary.words.has(tail.token.toLowerCase())) continue;
    if ((vocabulary.hyphenated.get(form) ?? 0) > 1) continue;
    joined += `${text.slice(last, head.end)}`;
    last = tail.start;
  }
  return joined + text.slice(last);
}

const NO_VOCABULARY: DocumentVocabulary = { words: new Set(), hyphenated: new Map() };

/**
 * Parses one printed reference-list entry. `number` is its position in the list, from 1. `vocabulary` holds
 * the words of the document the list belongs to (documentVocabulary), for repairing line-break hyphens; `raw`
 * keeps the entry as printed either way.
 */
export function parseReference(
  raw: string,
  number: number,
  documentId: string,
  vocabulary: DocumentVocabulary = NO_VOCABULARY,
): ReferenceEntry {
  const text = joinLineBreakHyphens(raw.trim().replace(/\s+/g, ' '), vocabulary);
  const problems: string[] = [];
  const csl: CslItem = { id: `${documentId}-ref-${number}`, type: 'document' };

  const head = /^(.+?)[.,]\s+(\d{4})[a-z]?\.\s+(.+)$/.exec(text) ?? /^(.+?)\.\s+(n\.d\.)\s+(.+)$/.exec(text);
  if (!head) {
    problems.push('could not find "Author. Year." at the start of the entry; nothing else was read');
    return { number, raw, kind: 'report', csl, problems };
  }
  // The full stop before the year also closes a final initial or suffix ("Baldwin, David A. 1971."); give it
  // back to the name so that the given name reads "David A.", as printed.
  const authorText = (head[1] ?? '').replace(/(?:^|[\s.])(?:\p{Lu}|Jr|Sr)$/u, (tail) => `${tail}.`);
  const names = parseNames(authorText);
  problems.push(...names.problems);
  const year = head[2] === 'n.d.' ? undefined : Number(head[2]);
  const rest = head[3] ?? '';

  let classified: Classified;
  const quoted = /^“([^”]+)”\s*(.*)$/.exec(rest);
  if (quoted) {
    const title = cleanTitle(quoted[1] ?? '');
    let after = quoted[2] ?? '';
    let translated: string | undefined;
    const translation = /^\(([^()]+)\)\.?\s*(.*)$/.exec(after);
    if (translation) {
      translated = translation[1];
      after = translation[2] ?? '';
    }
    classified = classifyAfterQuotedTitle(after, year, problems);
    classified.fields.title = title;
    if (translated) classified.fields['translated-title'] = translated;
  } else {
    classified = classifyBook(rest, year, names, problems);
  }

  Object.assign(csl, { type: classified.type }, withoutUndefined(classified.fields));
  if (names.role === 'editor') csl.editor = names.names;
  else csl.author = names.names;
  if (!csl.issued && year !== undefined) csl.issued = issuedFrom(year);
  return { number, raw, kind: classified.kind, csl: orderKeys(csl), problems };
}

function withoutUndefined(fields: Partial<CslItem>): Partial<CslItem> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

const KEY_ORDER: Array<keyof CslItem> = [
  'id',
  'type',
  'author',
  'editor',
  'issued',
  'title',
  'translated-title',
];

/** Puts the identifying keys first so that printed CSL-JSON reads like the entry. */
function orderKeys(csl: CslItem): CslItem {
  const ordered: Record<string, unknown> = {};
  for (const key of KEY_ORDER) if (csl[key] !== undefined) ordered[key] = csl[key];
  for (const [key, value] of Object.entries(csl)) if (!(key in ordered)) ordered[key] = value;
  return ordered as unknown as CslItem;
}
