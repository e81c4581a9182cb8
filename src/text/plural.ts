/**
 * Counted nouns in English replies ("1 work", "2 works"). Intl.PluralRules decides which form a number
 * takes, so the rule lives in one place instead of in every `count === 1` test.
 */
const englishPlurals = new Intl.PluralRules('en');

/**
 * The form of a noun that goes with a count: `pluralNoun(1, 'work')` is "work", `pluralNoun(2, 'work')`
 * "works". Give the plural when it is not the singular with an "s" (`pluralNoun(2, 'entry', 'entries')`).
 */
export function pluralNoun(count: number, one: string, other = `${one}s`): string {
  return englishPlurals.select(count) === 'one' ? one : other;
}

/** A count with its noun: `counted(1, 'work')` is "1 work", `counted(1200, 'work')` "1,200 works". */
export function counted(count: number, one: string, other?: string): string {
  return `${count.toLocaleString('en')} ${pluralNoun(count, one, other)}`;
}

/** "A", "A and B", "A, B and C": the house style writes no comma before the "and". */
export function andList(items: readonly string[]): string {
  if (items.length <= 2) return items.join(' and ');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
