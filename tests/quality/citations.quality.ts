import {
  CITATION_STYLES,
  type CitationStyle,
  citePassage,
  formatReference,
} from '../../src/citations/index.js';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import type { CslItem, LibraryDocument, Passage } from '../../src/corpus/types.js';
import { toPlainText } from '../../src/text/rich-text.js';
import type { QualityFigure, QualityReport } from './figures.js';

/**
 * Citation trust over the real library: every passage cited in every style must credit the right work, and
 * every work's reference must hold only facts its record holds (shared/corpus/METADATA.md for the two
 * documents, the printed entry for each cited work).
 */

const MONTHS = [
  ['January', 'Jan.'],
  ['February', 'Feb.'],
  ['March', 'Mar.'],
  ['April', 'Apr.'],
  ['May', 'May'],
  ['June', 'June'],
  ['July', 'July'],
  ['August', 'Aug.'],
  ['September', 'Sept.'],
  ['October', 'Oct.'],
  ['November', 'Nov.'],
  ['December', 'Dec.'],
] as const;

/** A fixed day, so the Cite Them Right access date is known and can be told apart from the work's facts. */
const TODAY = new Date('2026-12-01T09:00:00Z');
const ACCESSED = /\s?\(Accessed: [^)]*\)/g;

function leadName(item: CslItem): string {
  const first = item.author?.[0] ?? item.editor?.[0];
  return first?.family ?? first?.literal ?? '';
}

/** Why a passage's in-text citation credits the wrong work, or undefined when it credits the right one. */
function misattribution(
  document: LibraryDocument,
  passage: Passage,
  style: CitationStyle,
): string | undefined {
  const citation = citePassage(document, passage, style, { today: TODAY });
  const inText = toPlainText(citation.inText);
  const entry =
    passage.kind === 'reference'
      ? document.references.find((reference) => reference.number === passage.ordinal)
      : undefined;
  const credited = entry?.csl ?? document.csl;
  return (
    wrongCredit(inText, credited) ??
    (entry && citation.work.id !== entry.csl.id
      ? `reference shown is ${citation.work.id}, not ${entry.csl.id}`
      : undefined)
  );
}

/** Why an in-text citation does not credit `credited` first, or undefined when it does. */
export function wrongCredit(inText: string, credited: CslItem): string | undefined {
  if (!inText.startsWith(`(${leadName(credited)}`))
    return `credits someone other than ${leadName(credited)}: ${inText}`;
  if (/reference \d/.test(inText)) return `points into the list instead of at the work: ${inText}`;
  return undefined;
}

/** Facts a reference prints that the item does not hold: a DOI, a month or day, a place, "n.d." for a dated work. */
export function inventedFacts(item: CslItem, printed: string): string[] {
  const reference = printed.replace(ACCESSED, '');
  const found: string[] = [];
  if (!item.DOI && /doi\.org|\bdoi:/i.test(reference)) found.push('a DOI');
  const dates = [item.issued, item['event-date']].flatMap((date) => date?.['date-parts'] ?? []);
  const months = new Set(dates.map((parts) => parts[1]).filter((month) => month !== undefined));
  const days = new Set(dates.map((parts) => parts[2]).filter((day) => day !== undefined));
  MONTHS.forEach((names, index) => {
    if (
      !months.has(index + 1) &&
      names.some((name) => new RegExp(`\\b${name.replace('.', '\\.')}(?![a-z])`).test(reference))
    )
      found.push(`the month ${names[0]}`);
  });
  for (const match of reference.matchAll(
    /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) (\d{1,2})\b(?!\d)|\b(\d{1,2})[–-]?(?:\d{1,2})? (?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)/g,
  )) {
    const day = Number(match[1] ?? match[2]);
    if (!days.has(day)) found.push(`the day ${day}`);
  }
  if (
    !item['publisher-place'] &&
    !item['event-place'] &&
    /\b\p{Lu}[\p{L} .]+: \p{Lu}[\p{L} ]+(Press|Publishing|Institute|Forum)/u.test(reference)
  )
    found.push('a place of publication');
  if (item.issued && /\bn\.d\./.test(reference)) found.push('"n.d." for a dated work');
  return found;
}

function figure(name: string, value: number): QualityFigure {
  return { name, value, unit: 'count', target: '= 0', pass: value === 0 };
}

export async function measure(): Promise<QualityReport> {
  const corpus = loadCorpus(DATA_DIR);
  const failures: string[] = [];
  let cases = 0;
  let misattributed = 0;
  for (const document of corpus.documents) {
    for (const passage of document.passages) {
      for (const style of CITATION_STYLES) {
        cases++;
        const problem = misattribution(document, passage, style);
        if (problem) {
          misattributed++;
          failures.push(`${passage.id} in ${style}: ${problem}`);
        }
      }
    }
  }
  let invented = 0;
  const items = corpus.documents.flatMap((document) => [
    document.csl,
    ...document.references.map((entry) => entry.csl),
  ]);
  for (const item of items) {
    for (const style of CITATION_STYLES) {
      cases++;
      const facts = inventedFacts(item, toPlainText(formatReference(item, style, { today: TODAY })));
      invented += facts.length;
      for (const fact of facts) failures.push(`${item.id} in ${style}: prints ${fact} its record lacks`);
    }
  }
  return {
    suite: 'citations',
    cases,
    figures: [figure('misattributed citations', misattributed), figure('invented facts', invented)],
    failures,
  };
}
