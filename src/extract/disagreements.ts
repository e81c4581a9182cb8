import type { LibraryDocument } from '../corpus/types.js';
import { termCounts, tokenSpans } from '../text/index.js';
import {
  argumentSentences,
  type ComparedTerm,
  type Quotation,
  quotationOf,
  recommends,
} from './sentences.js';

/** A position one document argues against (the cue says how) and another document takes. */
export interface Disagreement {
  term: ComparedTerm;
  against: { documentId: string; cue: string; quotation: Quotation };
  takenBy: { documentId: string; recommends: boolean; quotation: Quotation };
}

/** Words that set a sentence against the position named right after them. */
const OPPOSITION_CUES: ReadonlyArray<readonly string[]> = [
  ['against'],
  ['unlike'],
  ['instead', 'of'],
  ['rather', 'than'],
  ['oppose'],
  ['opposes'],
  ['opposed', 'to'],
  ['reject'],
  ['rejects'],
  ['rejecting'],
];
const OPPOSITION_REACH = 8;

/** Phrases a sentence argues against: those starting within reach of an opposition cue, before a clause break. */
function opposedPhrases(text: string): Array<{ key: string; words: string[]; surface: string; cue: string }> {
  const spans = tokenSpans(text);
  const lower = spans.map((span) => span.token.toLowerCase());
  const opposed: Array<{ key: string; words: string[]; surface: string; cue: string }> = [];
  lower.forEach((_, index) => {
    const cue = OPPOSITION_CUES.find((words) =>
      words.every((word, offset) => lower[index + offset] === word),
    );
    if (!cue) return;
    const from = spans[index + cue.length - 1]?.end ?? 0;
    const last = spans[Math.min(spans.length - 1, index + cue.length + OPPOSITION_REACH - 1)];
    if (!last || last.end <= from) return;
    const reach = text.slice(from, last.end);
    const clause = reach.split(/[,;:.!?]/)[0] ?? '';
    for (const entry of termCounts(clause).values()) {
      if (entry.words.length < 2) continue;
      opposed.push({ key: entry.key, words: entry.words, surface: entry.surface, cue: cue.join(' ') });
    }
  });
  return opposed;
}

/**
 * Where one document argues against a phrase (an opposition cue right before it) that another document
 * uses without such a cue. Read from the text alone, so it holds for any pair of documents.
 */
export function findDisagreements(documents: readonly LibraryDocument[]): Disagreement[] {
  const disagreements: Disagreement[] = [];
  const seen = new Set<string>();
  for (const critic of documents) {
    for (const { passage, text } of argumentSentences(critic)) {
      for (const phrase of opposedPhrases(text)) {
        for (const other of documents) {
          if (other.id === critic.id || seen.has(`${critic.id} ${other.id} ${phrase.key}`)) continue;
          const taking = argumentSentences(other).filter(
            (sentence) =>
              termCounts(sentence.text).has(phrase.key) &&
              !opposedPhrases(sentence.text).some((opposedHere) => opposedHere.key === phrase.key),
          );
          const strongest = taking.find((sentence) => recommends(sentence.text)) ?? taking[0];
          if (!strongest) continue;
          seen.add(`${critic.id} ${other.id} ${phrase.key}`);
          disagreements.push({
            term: { term: phrase.surface, words: phrase.words },
            against: { documentId: critic.id, cue: phrase.cue, quotation: quotationOf(passage, text) },
            takenBy: {
              documentId: other.id,
              recommends: recommends(strongest.text),
              quotation: quotationOf(strongest.passage, strongest.text),
            },
          });
        }
      }
    }
  }
  return disagreements;
}
