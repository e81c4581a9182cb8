import { personName } from '../corpus/names.js';
import type { ReferenceEntry, ReferenceKind } from '../corpus/types.js';
import { termCounts, withoutAbsorbed } from '../text/index.js';

export interface Tally {
  label: string;
  count: number;
}

/** What a reference list draws on, counted: when the works appeared, whom it cites most, what they are about. */
export interface ReferenceDigest {
  total: number;
  /** "2000s" …, oldest first; entries without a year are counted in `undated`. */
  decades: Tally[];
  undated: number;
  /** Authors and institutions cited more than once, most cited first. */
  authors: Tally[];
  /** Words that recur across the cited titles, most frequent first. */
  topics: Tally[];
  /** "journal-article" …, most common first. */
  kinds: Array<{ kind: ReferenceKind; count: number }>;
}

const MAX_AUTHORS = 5;
const MAX_TOPICS = 8;

/**
 * What recurs across the cited titles, counted with the shared counter: a phrase in two titles or more, a
 * single word in three or more (a phrase absorbs its words), most frequent first.
 */
function recurringTopics(titles: readonly string[]): Tally[] {
  const counts = termCounts(titles);
  const recurring = [...counts.values()].filter((entry) =>
    entry.words.length > 1 ? entry.count >= 2 : entry.count >= 3,
  );
  return withoutAbsorbed(recurring)
    .map((entry) => ({ label: entry.surface, count: entry.count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
    .slice(0, MAX_TOPICS);
}

function ranked(counts: Map<string, number>, minimum: number, limit: number): Tally[] {
  return [...counts.entries()]
    .filter(([, count]) => count >= minimum)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([label, count]) => ({ label, count }));
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Counts only what the entries state (CSL-JSON as printed); nothing is inferred about a work. */
export function digestReferences(entries: readonly ReferenceEntry[]): ReferenceDigest {
  const decades = new Map<string, number>();
  const authors = new Map<string, number>();
  const kinds = new Map<ReferenceKind, number>();
  let undated = 0;
  for (const entry of entries) {
    const year = entry.csl.issued?.['date-parts']?.[0]?.[0];
    if (year === undefined) undated += 1;
    else increment(decades, `${Math.floor(year / 10) * 10}s`);
    const names = new Set((entry.csl.author ?? entry.csl.editor ?? []).map(personName));
    for (const name of names) increment(authors, name);
    kinds.set(entry.kind, (kinds.get(entry.kind) ?? 0) + 1);
  }
  return {
    total: entries.length,
    decades: [...decades.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([label, count]) => ({ label, count })),
    undated,
    authors: ranked(authors, 2, MAX_AUTHORS),
    topics: recurringTopics(entries.map((entry) => entry.csl.title ?? '')),
    kinds: [...kinds.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([kind, count]) => ({ kind, count })),
  };
}
