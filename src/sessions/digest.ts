import { personName } from '../corpus/names.js';
import type { ReferenceEntry, ReferenceKind } from '../corpus/types.js';
import { processTerm, tokenize } from '../text/index.js';

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
/** A pair of words seen in fewer titles than this is a coincidence of wording, not a topic. */
const MIN_PAIR_COUNT = 3;

/**
 * The terms of one title: adjacent pairs of content words ("north korea") and single content words, keyed
 * by the shared term normaliser so "Korea" and "Korean" count together, each with its first surface form.
 */
function titleTerms(title: string): Map<string, string> {
  const words = tokenize(title).map((token) => ({ surface: token, term: processTerm(token) }));
  const terms = new Map<string, string>();
  words.forEach((word, index) => {
    if (!word.term || word.surface.length < 3 || /^\d+$/.test(word.surface)) return;
    if (!terms.has(word.term)) terms.set(word.term, word.surface);
    const next = words[index + 1];
    if (next?.term && next.surface.length >= 3) {
      const pair = `${word.term} ${next.term}`;
      if (!terms.has(pair)) terms.set(pair, `${word.surface} ${next.surface}`);
    }
  });
  return terms;
}

/**
 * The most frequent terms. Pairs ("north korea") come first; a single word then counts only the titles
 * where it stands outside the pairs chosen, so "north" is not listed beside "north korea".
 */
function rankTopics(counts: Map<string, { surface: string; count: number }>): Tally[] {
  const all = [...counts.entries()].map(([key, value]) => ({ words: key.split(' '), ...value }));
  const byCount = (a: { count: number; surface: string }, b: { count: number; surface: string }) =>
    b.count - a.count || a.surface.localeCompare(b.surface);
  const pairs = all.filter((term) => term.words.length === 2 && term.count >= MIN_PAIR_COUNT).sort(byCount);
  const singles = all
    .filter((term) => term.words.length === 1)
    .map((term) => ({
      ...term,
      count:
        term.count -
        pairs
          .filter((pair) => pair.words.includes(term.words[0] ?? ''))
          .reduce((sum, pair) => sum + pair.count, 0),
    }));
  return [...pairs, ...singles]
    .filter((term) => term.count >= 2)
    .sort(byCount)
    .slice(0, MAX_TOPICS)
    .map((term) => ({ label: term.surface.toLowerCase(), count: term.count }));
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
  const topics = new Map<string, { surface: string; count: number }>();
  const kinds = new Map<ReferenceKind, number>();
  let undated = 0;
  for (const entry of entries) {
    const year = entry.csl.issued?.['date-parts']?.[0]?.[0];
    if (year === undefined) undated += 1;
    else increment(decades, `${Math.floor(year / 10) * 10}s`);
    const names = new Set((entry.csl.author ?? entry.csl.editor ?? []).map(personName));
    for (const name of names) increment(authors, name);
    // A title counts once per word, so one title repeating itself does not make a topic.
    for (const [term, surface] of titleTerms(entry.csl.title ?? '')) {
      const topic = topics.get(term);
      if (topic) topic.count += 1;
      else topics.set(term, { surface, count: 1 });
    }
    kinds.set(entry.kind, (kinds.get(entry.kind) ?? 0) + 1);
  }
  return {
    total: entries.length,
    decades: [...decades.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([label, count]) => ({ label, count })),
    undated,
    authors: ranked(authors, 2, MAX_AUTHORS),
    topics: rankTopics(topics),
    kinds: [...kinds.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([kind, count]) => ({ kind, count })),
  };
}
