import type { Passage } from '../corpus/types.js';
import { isStopWord, sentenceSpans, termCounts } from '../text/index.js';
import type { ReferenceDigest } from './reference-digest.js';

/**
 * Discussion prompts are Lectern's questions about a passage. Each is grounded in what the passage says:
 * it quotes the passage only verbatim and only inside quotation marks, names the sentence it draws on, and
 * always speaks of "the passage", so no prompt reads as the author's words.
 */

const MAX_PROMPTS = 3;
const WORDS_BEFORE_ANCHOR = 6;
const WORDS_FROM_ANCHOR = 18;
/** Words a prompt opens with when the passage offers no claim, so the opening is quoted, not paraphrased. */
const OPENING_WORDS = 14;

type ClaimKind = 'obligation' | 'requirement' | 'likelihood' | 'not-but' | 'contrast';

/** Which question a prompt asks; a step never asks the same kind of question twice. */
export type PromptKind = ClaimKind | 'term' | 'keywords' | 'opening' | 'main-point' | 'reference';

export interface Prompt {
  kind: PromptKind;
  text: string;
  passageId: string;
  /** The sentences (from 1) the prompt draws on. */
  sentences: number[];
  /** The exact text of the passage the prompt quotes, if it quotes. */
  quote?: string;
}

interface Claim {
  kind: ClaimKind;
  quote: string;
  sentenceIndex: number;
}

interface Term {
  key: string;
  surface: string;
  score: number;
  firstAt: number;
  words: string[];
  /** Indexes of the sentences it occurs in. */
  sentenceIndexes: number[];
}

/**
 * One to three discussion prompts grounded in `passage`: its claims (modal verbs, "requires", "likely",
 * contrasts) and the term it keeps returning to (TF-IDF against `otherPassages`). Deterministic.
 */
export function buildPrompts(passage: Passage, otherPassages: readonly Passage[] = []): string[] {
  return promptsFor(passage, otherPassages).map((prompt) => prompt.text);
}

/** buildPrompts with what each prompt draws on. */
export function promptsFor(passage: Passage, otherPassages: readonly Passage[] = []): Prompt[] {
  if (passage.kind === 'reference') {
    return [
      {
        kind: 'reference',
        passageId: passage.id,
        sentences: [],
        text: `Why might the author draw on this work (${passage.locator}), and what could it contribute to the argument?`,
      },
    ];
  }
  if (passage.kind === 'keywords') {
    const prompt = keywordsPrompt(passage);
    if (prompt) return [prompt];
  }
  const prompts = pickClaims(findClaims(passage)).map((claim) => claimPrompt(passage, claim));
  const others = otherPassages.filter((other) => other.id !== passage.id);
  const term = pickTerm(rankTerms(passage, others), prompts);
  if (term) prompts.push(termPrompt(passage, term));
  if (prompts.length === 0) prompts.push(fallbackPrompt(passage));
  return prompts.slice(0, MAX_PROMPTS);
}

/**
 * Up to `max` prompts for a step, taking each passage's strongest prompt first and skipping any question
 * the step already asks: one prompt per kind, and no quotation twice.
 */
export function stepPrompts(
  passages: readonly Passage[],
  documentPassages: readonly Passage[],
  max = MAX_PROMPTS,
): string[] {
  const perPassage = passages.map((passage) => promptsFor(passage, documentPassages));
  const multiple = passages.length > 1;
  const chosen: Prompt[] = [];
  for (let round = 0; chosen.length < max; round++) {
    const layer = perPassage.flatMap((list) => list.slice(round, round + 1));
    if (layer.length === 0) break;
    for (const prompt of layer) {
      if (chosen.length === max) break;
      const repeats = chosen.some(
        (other) => other.kind === prompt.kind || (prompt.quote !== undefined && other.quote === prompt.quote),
      );
      if (!repeats) chosen.push(prompt);
    }
  }
  return chosen.map((prompt) => (multiple ? locatePrompt(prompt, passages) : prompt.text));
}

/** In a step of several passages, "sentence 2" alone is ambiguous: name the passage too. */
function locatePrompt(prompt: Prompt, passages: readonly Passage[]): string {
  const locator = passages.find((passage) => passage.id === prompt.passageId)?.locator;
  if (!locator || prompt.sentences.length === 0) return prompt.text;
  return prompt.text.replace(/\(sentences? [^)]*\)/, (where) => `(${locator}, ${where.slice(1, -1)})`);
}

/** The passage's terms ranked by TF-IDF against the other passages, most distinctive first. */
export function distinctiveTerms(passage: Passage, otherPassages: readonly Passage[], limit = 5): string[] {
  return rankTerms(passage, otherPassages)
    .slice(0, limit)
    .map((term) => term.surface);
}

/** Questions about a reference list as a whole, from its counts only. */
export function referenceListPrompts(digest: ReferenceDigest): string[] {
  const prompts: string[] = [];
  const peak = [...digest.decades].sort((a, b) => b.count - a.count)[0];
  if (peak && digest.total > 0) {
    prompts.push(
      `${peak.count} of the ${digest.total} works the author cites are from the ${peak.label}. What debate does that place the reading in, and what might sources from another decade add?`,
    );
  }
  const [topic] = digest.topics;
  if (topic) {
    prompts.push(
      `"${topic.label}" recurs in ${topic.count} of the cited titles. Which of those works would you read next to test the author's argument?`,
    );
  }
  const [kind] = digest.kinds;
  if (kind && digest.total > 0) {
    const share = kind.count * 2 > digest.total ? 'Most entries' : 'The largest group of entries';
    prompts.push(
      `${share} (${kind.count} of ${digest.total}) are of one kind: ${kind.kind.replace(/-/g, ' ')}. What does the author gain from such sources, and what kind of source is missing?`,
    );
  }
  return prompts;
}

const sentenceLabel = (indexes: readonly number[]): string => {
  const numbers = indexes.map((index) => index + 1);
  if (numbers.length === 1) return `sentence ${numbers[0]}`;
  return `sentences ${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`;
};

function claimPrompt(passage: Passage, claim: Claim): Prompt {
  const quoted = `"${claim.quote}"`;
  const where = `(${sentenceLabel([claim.sentenceIndex])})`;
  const text = (() => {
    switch (claim.kind) {
      case 'obligation':
        return `The passage says ${quoted} ${where}. What would that involve in practice, and who would have to act on it?`;
      case 'requirement':
        return `The passage says ${quoted} ${where}. What exactly would that take, and is it realistic?`;
      case 'likelihood':
        return `The passage judges that ${quoted} ${where}. What in the reading supports that estimate, and what could prove it wrong?`;
      case 'not-but':
        return `The passage draws a contrast: ${quoted} ${where}. Why does the distinction matter to its argument, and do you accept it?`;
      case 'contrast':
        return `The passage qualifies its point: ${quoted} ${where}. What is being set against what, and which side weighs more?`;
    }
  })();
  return {
    kind: claim.kind,
    text,
    passageId: passage.id,
    sentences: [claim.sentenceIndex + 1],
    quote: claim.quote,
  };
}

function termPrompt(passage: Passage, term: Term): Prompt {
  const where = `(${sentenceLabel(term.sentenceIndexes)})`;
  return {
    kind: 'term',
    text: `The passage ${term.sentenceIndexes.length > 2 ? 'keeps returning' : 'comes back'} to "${term.surface}" ${where}. What does it mean by it, and how much of its argument rests on it?`,
    passageId: passage.id,
    sentences: term.sentenceIndexes.map((index) => index + 1),
    quote: term.surface,
  };
}

/** A keyword list makes no claim; ask what the listed terms mark, quoting its first and last entries. */
function keywordsPrompt(passage: Passage): Prompt | undefined {
  const keywords = passage.text
    .split(/[;,\n]/)
    .map((keyword) => keyword.trim())
    .filter(Boolean);
  const first = keywords[0];
  const last = keywords.at(-1);
  if (!first || !last || keywords.length < 2) return undefined;
  return {
    kind: 'keywords',
    text: `The passage lists ${keywords.length} keywords (sentence 1), from "${first}" to "${last}". Which of them does the reading argue about, and which only place it in a field?`,
    passageId: passage.id,
    sentences: [1],
    quote: first,
  };
}

/** Without a claim or a recurring term, ask about the passage's opening, quoted. */
function fallbackPrompt(passage: Passage): Prompt {
  const [first] = sentenceSpans(passage);
  const sentence = first ? passage.text.slice(first.start, first.end) : passage.text;
  const words = sentence.trim().split(/\s+/);
  const opening = words
    .slice(0, OPENING_WORDS)
    .join(' ')
    .replace(/[\s,;:.!?'‘’“”]+$/, '');
  if (words.length < 3 || opening.includes('"')) {
    return {
      kind: 'main-point',
      text: `What is the main point of ${passage.locator} (sentence 1), and what would you ask the author about it?`,
      passageId: passage.id,
      sentences: [1],
    };
  }
  return {
    kind: 'opening',
    text: `The passage opens with "${opening}" (sentence 1). What is its main point, and what would you ask the author about it?`,
    passageId: passage.id,
    sentences: [1],
    quote: opening,
  };
}

/**
 * The most distinctive term the passage uses in two or more sentences, unless a claim prompt already
 * quotes it; one term only, since two terms side by side would invent a link the passage may not make.
 */
function pickTerm(terms: readonly Term[], claims: readonly Prompt[]): Term | undefined {
  return terms.find(
    (term) =>
      term.sentenceIndexes.length >= 2 &&
      !claims.some((claim) => claim.quote?.toLowerCase().includes(term.surface.toLowerCase())),
  );
}

interface TermOccurrences {
  count: number;
  firstAt: number;
  surface: string;
  words: string[];
  sentenceIndexes: ReadonlySet<number>;
}

/**
 * Words and adjacent two-word phrases of content words, counted sentence by sentence with the shared
 * counter, so each term knows which sentences use it. The surface is the first printed form, an exact slice
 * of the passage, since a prompt quotes it.
 */
function termOccurrences(passage: Passage): Map<string, TermOccurrences> {
  const spans = sentenceSpans(passage);
  const counts = termCounts(
    spans.map((span) => passage.text.slice(span.start, span.end)),
    { maxWords: 2 },
  );
  const terms = new Map<string, TermOccurrences>();
  for (const [key, term] of counts) {
    const offset = spans[term.firstText]?.start ?? 0;
    terms.set(key, {
      count: term.count,
      firstAt: offset + term.firstAt,
      surface: passage.text.slice(offset + term.firstAt, offset + term.firstEnd),
      words: term.words,
      sentenceIndexes: new Set(term.texts),
    });
  }
  return terms;
}

function rankTerms(passage: Passage, otherPassages: readonly Passage[]): Term[] {
  const own = termOccurrences(passage);
  const otherTerms = otherPassages.map((other) => new Set(termOccurrences(other).keys()));
  const documents = otherTerms.length + 1;
  const terms: Term[] = [];
  for (const [key, occurrence] of own) {
    const isPhrase = occurrence.words.length > 1;
    // A word or phrase said once is usually incidental; a repeated one is what the passage is about. In a
    // keyword list every entry is a term.
    if (occurrence.count < 2 && passage.kind !== 'keywords') continue;
    const sharedWith = otherTerms.filter((set) => set.has(key)).length;
    // What most of the reading says too is its topic, not what this passage sets apart ("North Korea").
    if (otherTerms.length >= 2 && sharedWith * 2 > otherTerms.length) continue;
    const documentFrequency = 1 + sharedWith;
    const idf = Math.log((1 + documents) / (1 + documentFrequency)) + 1;
    terms.push({
      key,
      surface: occurrence.surface,
      // Squaring idf favours what sets this passage apart over what the whole reading keeps repeating.
      score: occurrence.count * idf * idf * (isPhrase ? 1.5 : 1),
      firstAt: occurrence.firstAt,
      words: occurrence.words,
      sentenceIndexes: [...occurrence.sentenceIndexes].sort((a, b) => a - b),
    });
  }
  return terms.sort((a, b) => b.score - a.score || a.firstAt - b.firstAt || a.key.localeCompare(b.key));
}

const CLAIM_PATTERNS: ReadonlyArray<{ kind: ClaimKind; pattern: RegExp }> = [
  { kind: 'not-but', pattern: /\bnot\b[^.;:!?]*?\bbut\b/i },
  { kind: 'obligation', pattern: /\b(?:must|should|ought to|needs? to)\b(?! be noted)/i },
  { kind: 'requirement', pattern: /\brequire[sd]?\b/i },
  { kind: 'likelihood', pattern: /\b(?:likely|unlikely)\b/i },
  { kind: 'contrast', pattern: /\b(?:but|however)\b/i },
];

function findClaims(passage: Passage): Claim[] {
  const claims: Claim[] = [];
  sentenceSpans(passage).forEach((span, sentenceIndex) => {
    const sentence = passage.text.slice(span.start, span.end);
    for (const { kind, pattern } of CLAIM_PATTERNS) {
      const match = pattern.exec(sentence);
      if (!match) continue;
      const quote = quoteAround(
        sentence,
        match.index,
        kind === 'not-but' ? match.index + match[0].length : undefined,
      );
      if (quote && passage.text.includes(quote)) {
        claims.push({ kind, quote, sentenceIndex });
        break;
      }
    }
  });
  return claims;
}

/** At most two claims of two different kinds, in the order the passage makes them. */
function pickClaims(claims: readonly Claim[]): Claim[] {
  const [first] = claims;
  if (!first) return [];
  const second = claims.find((claim) => claim.kind !== first.kind);
  return second ? [first, second] : [first];
}

const CLAUSE_BREAK = /[,;:–—]|\s-\s/g;

/**
 * The clause around an anchor, cut to a few words before it and a dozen from it, as an exact slice of the
 * sentence. `anchorEnd` (for "not … but") makes the words counted from the end of the matched span.
 */
function quoteAround(sentence: string, anchor: number, anchorEnd?: number): string | undefined {
  let clauseStart = 0;
  for (const match of sentence.matchAll(CLAUSE_BREAK)) {
    if (match.index < anchor) clauseStart = match.index + match[0].length;
  }
  const countFrom = anchorEnd ?? anchor;
  let clauseEnd = sentence.length;
  for (const match of sentence.slice(countFrom).matchAll(/[,.;:!?–—]|\s-\s/g)) {
    // A comma right after the anchor ("But, …", "but have, at most, …") does not close the clause.
    const wordsBefore = sentence
      .slice(countFrom, countFrom + match.index)
      .trim()
      .split(/\s+/).length;
    if (match[0] === ',' && wordsBefore < 4) continue;
    clauseEnd = countFrom + match.index;
    break;
  }
  const words = [...sentence.matchAll(/\S+/g)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const anchorWord = words.findIndex((word) => word.end > anchor);
  const countWord = words.findIndex((word) => word.end > countFrom);
  const earliest = words[Math.max(0, anchorWord - WORDS_BEFORE_ANCHOR)];
  const latest = words[Math.min(words.length - 1, countWord + WORDS_FROM_ANCHOR - 1)];
  if (!earliest || !latest) return undefined;
  const start = Math.max(clauseStart, earliest.start);
  const end = Math.min(clauseEnd, latest.end);
  const quote = trimDanglingWords(
    sentence
      .slice(start, end)
      .replace(/^[\s,;:'‘’“”]+/, '')
      .replace(/[\s,;:.!?'‘’“”]+$/, ''),
    start < anchor,
  );
  if (quote.split(/\s+/).length < 3 || quote.includes('"')) return undefined;
  return quote;
}

const LEADING_JOINERS = new Set(['and', 'or', 'so', 'as', 'that', 'which', 'while']);

/** Drops a joining word the cut left at the start and function words left dangling at the end. */
function trimDanglingWords(quote: string, mayTrimStart: boolean): string {
  let words = quote.split(' ');
  const first = words[0]?.toLowerCase();
  if (mayTrimStart && first !== undefined && LEADING_JOINERS.has(first)) words = words.slice(1);
  while (words.length > 3 && isStopWord((words.at(-1) ?? '').replace(/[,;:]$/, ''))) {
    words = words.slice(0, -1);
  }
  return words.join(' ').replace(/[\s,;:]+$/, '');
}
