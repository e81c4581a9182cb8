import { andList } from '../text/index.js';
import type { CslName } from './types.js';

/**
 * A CSL name as a reader writes it: "Ludwig von Mises", "James W. Smith Jr.", or an institution's literal
 * name. The citation styles format names themselves; this is for lists, filters and the search index.
 */
export function personName(name: CslName): string {
  if (name.literal) return name.literal;
  return [name.given, name['dropping-particle'], name['non-dropping-particle'], name.family, name.suffix]
    .filter(Boolean)
    .join(' ');
}

/** "A", "A and B", "A, B and C". */
export function nameList(names: readonly CslName[] | undefined): string {
  return andList((names ?? []).map(personName));
}
