import type { CslName, LibraryDocument, ReferenceEntry } from '../corpus/types.js';
import { TermCounter } from './text.js';

export interface CitedAuthor {
  /** "Family, Given" as the entry prints it, or an institution's literal name. */
  name: string;
  /** Entries that name this person among their authors (editors of an edited volume count as its authors). */
  entries: number;
  /** Entries on which this person is the first author. */
  firstAuthorEntries: number;
}

export interface CitedFamily {
  family: string;
  entries: number;
  firstAuthorEntries: number;
  /** Distinct people of this family name: "Kim" is four entries by three people. */
  people: number;
}

export interface ReferenceProfile {
  total: number;
  /** Entries per decade of publication, oldest first; `undated` counts entries without a year. */
  perDecade: Array<{ decade: string; count: number }>;
  undated: number;
  /** People cited in at least two entries, most cited first. */
  authors: CitedAuthor[];
  /** Family names in at least two entries; families share names (Kim, Lee, Park), so read with `people`. */
  families: CitedFamily[];
  /** Journals, magazines and papers that hold at least two of the cited works. */
  venues: Array<{ name: string; count: number }>;
  /** Words and two-word phrases recurring in the cited titles. */
  topics: Array<{ term: string; count: number }>;
}

/** Who an entry is by: its authors, or for an edited volume without authors, its editors. */
function creators(entry: ReferenceEntry): CslName[] {
  const authors = entry.csl.author ?? [];
  return authors.length > 0 ? authors : entry.kind === 'edited-volume' ? (entry.csl.editor ?? []) : [];
}

function displayName(name: CslName): string {
  if (name.literal) return name.literal;
  const given = [name.given, name.suffix].filter(Boolean).join(', ');
  return [name.family, given].filter(Boolean).join(', ');
}

const bump = <T>(map: Map<string, T>, key: string, make: () => T, update: (value: T) => void) => {
  const value = map.get(key) ?? make();
  update(value);
  map.set(key, value);
};

const byCountThenName = <T extends { name?: string; term?: string; family?: string }>(
  count: (value: T) => number,
) => {
  const label = (value: T) => value.name ?? value.term ?? value.family ?? '';
  return (a: T, b: T) => count(b) - count(a) || label(a).localeCompare(label(b));
};

/** A unigram must recur this often in titles to be a topic; a two-word phrase, half as often. */
const TOPIC_WORD_MIN = 3;
const TOPIC_PHRASE_MIN = 2;
const TOPIC_LIMIT = 10;

export function referenceProfile(document: LibraryDocument): ReferenceProfile | undefined {
  const entries = document.references;
  if (entries.length === 0) return undefined;

  const decades = new Map<number, number>();
  let undated = 0;
  const people = new Map<string, CitedAuthor>();
  const families = new Map<string, CitedFamily & { names: Set<string> }>();
  const venues = new Map<string, number>();
  const titles = new TermCounter();

  for (const entry of entries) {
    const year = entry.csl.issued?.['date-parts']?.[0]?.[0];
    if (typeof year === 'number' && Number.isFinite(year)) {
      const decade = Math.floor(year / 10) * 10;
      decades.set(decade, (decades.get(decade) ?? 0) + 1);
    } else {
      undated += 1;
    }

    // One entry counts once per person even if a name were printed twice.
    const seen = new Set<string>();
    creators(entry).forEach((name, position) => {
      const display = displayName(name);
      const personKey = display.toLowerCase();
      if (!display || seen.has(personKey)) return;
      seen.add(personKey);
      const first = position === 0 ? 1 : 0;
      bump(
        people,
        personKey,
        () => ({ name: display, entries: 0, firstAuthorEntries: 0 }),
        (person) => {
          person.entries += 1;
          person.firstAuthorEntries += first;
        },
      );
      const family = name.literal ?? name.family;
      if (!family) return;
      bump(
        families,
        family.toLowerCase(),
        () => ({ family, entries: 0, firstAuthorEntries: 0, people: 0, names: new Set<string>() }),
        (record) => {
          record.entries += 1;
          record.firstAuthorEntries += first;
          record.names.add(personKey);
        },
      );
    });

    const isPeriodical = ['journal-article', 'magazine', 'newspaper'].includes(entry.kind);
    const venue = entry.csl['container-title'];
    if (isPeriodical && venue) venues.set(venue, (venues.get(venue) ?? 0) + 1);

    if (entry.csl.title) titles.addText(entry.csl.title, { sentenceInitialCapitals: false });
  }

  const recurring = [...titles.counts.entries()].filter(([key, count]) =>
    key.includes(' ') ? count >= TOPIC_PHRASE_MIN : count >= TOPIC_WORD_MIN,
  );
  const phraseCounts = recurring.filter(([key]) => key.includes(' '));
  // "North Korea" (6) hides "north" unless "north" also stands on its own often enough.
  const topics = recurring
    .filter(([key, count]) => {
      if (key.includes(' ')) return true;
      const inPhrases = phraseCounts
        .filter(([phrase]) => phrase.split(' ').includes(key))
        .reduce((sum, [, phraseCount]) => sum + phraseCount, 0);
      return count - inPhrases >= TOPIC_WORD_MIN;
    })
    .map(([key, count]) => ({ term: titles.surface(key), count }))
    .sort(byCountThenName((topic) => topic.count))
    .slice(0, TOPIC_LIMIT);

  return {
    total: entries.length,
    perDecade: [...decades.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([decade, count]) => ({ decade: `${decade}s`, count })),
    undated,
    authors: [...people.values()]
      .filter((person) => person.entries >= 2)
      .sort(byCountThenName((person) => person.entries)),
    families: [...families.values()]
      .filter((record) => record.entries >= 2)
      .map(({ names, ...record }) => ({ ...record, people: names.size }))
      .sort(byCountThenName((record) => record.entries)),
    venues: [...venues.entries()]
      .filter(([, count]) => count >= 2)
      .map(([name, count]) => ({ name, count }))
      .sort(byCountThenName((venue) => venue.count)),
    topics,
  };
}
