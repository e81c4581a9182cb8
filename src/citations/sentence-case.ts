/**
 * APA 7 and Cite Them Right print titles of works in sentence case. Their CSL styles do not change case
 * (CSL expects such titles stored in sentence case), while the corpus stores titles as printed, in title
 * case. This turns a stored title into sentence case for those styles only.
 *
 * A capital is kept on: the first word of the title and of each subtitle (after ":", "?", "!", "—"),
 * words with a capital or digit after their first letter (acronyms such as "U.S.", "ROK"), initials
 * ("N."), "I", and the proper nouns listed below. Each part of a hyphenated word is judged on its own
 * ("Double-Edged" → "double-edged", "Nunn-Lugar" stays). Anything else is lower-cased. Unknown proper
 * nouns are the known weakness: add them to PROPER_NOUNS (one word) or PROPER_NAMES (several).
 */

/** Proper nouns found in the library's titles (countries, peoples, people, places, institutions). */
export const PROPER_NOUNS: ReadonlySet<string> = new Set([
  'Africa',
  'African',
  'America',
  'American',
  'Angola',
  'Asia',
  'Asian',
  'Bush',
  'China',
  'Chinese',
  'Clinton',
  'Crocker',
  'Dae',
  'Daejung',
  'East',
  'Europe',
  'European',
  'House',
  'Il',
  'Iran',
  'Iraq',
  'Japan',
  'Japanese',
  'Jong',
  'Jung',
  'Kim',
  'Lugar',
  'Korea',
  'Korean',
  'Koreas',
  'Moohyun',
  'Namibia',
  'North',
  'Nunn',
  'Obama',
  'Pacific',
  'Pentagon',
  'Pyongyang',
  'Roh',
  'Russia',
  'Seoul',
  'Sisyphus',
  'South',
  'States',
  'Sunshine',
  'Un',
  'United',
  'Washington',
  'White',
]);

/**
 * Names of more than one word, hyphenated ones included, whose every word is capitalised: judged word by
 * word, "Six-Party Talks" (the negotiations' name) would read as "six-party talks" like "Double-Edged".
 */
export const PROPER_NAMES: readonly string[] = ['Six-Party Talks'];

/** Where in the title a proper name stands, as [start, end) character ranges. */
function nameRanges(title: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const name of PROPER_NAMES) {
    for (let at = title.indexOf(name); at >= 0; at = title.indexOf(name, at + name.length)) {
      ranges.push([at, at + name.length]);
    }
  }
  return ranges;
}

const SUBTITLE_BREAK = /[:?!—]$/;

function core(word: string): string {
  return word.replace(/^[^\p{L}\p{N}]+/u, '').replace(/(['’]s)?[^\p{L}\p{N}.]*$/u, '');
}

function keepsCapital(word: string, startsSegment: boolean): boolean {
  const bare = core(word);
  if (bare === '' || startsSegment) return true;
  // Initials ("N."), "I" and lone letters ("Plan ‘C’"), but not the article "A".
  if (/^\p{L}\.$/u.test(bare) || (/^\p{Lu}$/u.test(bare) && bare !== 'A')) return true;
  if (/[\p{Lu}\p{N}]/u.test(bare.slice(1))) return true;
  return PROPER_NOUNS.has(bare.replace(/\.$/, ''));
}

function upperFirst(part: string): string {
  return part.replace(/\p{L}/u, (letter) => letter.toUpperCase());
}

function lowerFirst(part: string): string {
  return part.replace(/\p{Lu}/u, (letter) => letter.toLowerCase());
}

export function toSentenceCase(title: string): string {
  const tokens = title.split(/(\s+)/);
  const names = nameRanges(title);
  let startsSegment = true;
  let offset = 0;
  return tokens
    .map((token) => {
      const start = offset;
      offset += token.length;
      if (/^\s*$/.test(token)) return token;
      if (names.some(([from, to]) => from <= start && start < to)) {
        startsSegment = SUBTITLE_BREAK.test(token.replace(/['’”")]+$/, ''));
        return token;
      }
      const parts = token.split('-');
      const cased = parts
        .map((part, index) => {
          // A subtitle starts with a capital even where the source printed it lower-case.
          if (startsSegment && index === 0) return upperFirst(part);
          return keepsCapital(part, false) ? part : lowerFirst(part);
        })
        .join('-');
      startsSegment = SUBTITLE_BREAK.test(token.replace(/['’”")]+$/, ''));
      return cased;
    })
    .join('');
}
