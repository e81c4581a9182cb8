import { eng } from 'stopword';
import type { Passage } from '../corpus/types.js';
import type { ReferenceDigest } from '../sessions/digest.js';

/**
 * Discussion prompts are Lectern's questions about a passage. They quote the passage only verbatim and
 * only inside quotation marks, and always speak of "the passage", so no prompt reads as the author's words.
 */

const MAX_PROMPTS = 3;
const WORDS_BEFORE_ANCHOR = 6;
const WORDS_FROM_ANCHOR = 18;

const EXTRA_STOPWORDS = [
  'also',
  'would',
  'could',
  'may',
  'might',
  'must',
  'should',
  'shall',
  'will',
  'can',
  'cannot',
  'one',
  'two',
  'three',
  'first',
  'second',
  'third',
  'finally',
  'even',
  'well',
  'much',
  'many',
  'however',
  'thus',
  'within',
  'without',
  'upon',
  'via',
  'since',
  'yet',
  'still',
  'including',
  'like',
  'make',
  'making',
  'made',
  'new',
  'way',
  'ways',
  'time',
  'long',
  'term',
  'less',
  'least',
  'rather',
  'often',
  'along',
  'among',
  'whether',
  'although',
  'while',
  'unlike',
  'beyond',
  'toward',
  'towards',
  'et',
  'al',
  'ed',
  'eds',
  'pp',
  'vol',
];
const STOPWORDS = new Set([...eng.map((word) => word.toLowerCase()), ...EXTRA_STOPWORDS]);

type ClaimKind = 'obligation' | 'requirement' | 'likelihood' | 'not-but' | 'contrast';

interface Claim {
  kind: ClaimKind;
  quote: string;
  sentenceIndex: number;
}

interface Token {
  key: string;
  start: number;
  end: number;
  content: boolean;
}

interface Term {
  key: string;
  surface: string;
  score: number;
  firstAt: number;
  words: string[];
}

/**
 * One to three discussion prompts grounded in `passage`: its claims (modal verbs, "requires", "likely",
 * contrasts) and its most distinctive terms (TF-IDF against `otherPassages`). Deterministic.
 */
export function buildPrompts(passage: Passage, otherPassages: readonly Passage[] = []): string[] {
  if (passage.kind === 'reference') {
    return [
      `Why might the author draw on this work (${passage.locator}), and what could it contribute to the argument?`,
    ];
  }
  const prompts: string[] = [];
  for (const claim of pickClaims(findClaims(passage))) prompts.push(claimPrompt(claim));
  const others = otherPassages.filter((other) => other.id !== passage.id);
  const termPrompt = keyTermPrompt(rankTerms(passage, others));
  if (termPrompt) prompts.push(termPrompt);
  if (prompts.length === 0) {
    prompts.push(`What is the main point of ${passage.locator}, and what would you ask the author about it?`);
  }
  return prompts.slice(0, MAX_PROMPTS);
}

/** The passage's terms ranked by TF-IDF against the other passages, most distinctive first. */
export function distinctiveTerms(passage: Passage, otherPassages: readonly Passage[], limit = 5): string[] {
  return rankTerms(passage, otherPassages)
    .slice(0, limit)
    .map((term) => term.surface);
}

function claimPrompt(claim: Claim): string {
  const quoted = `"${claim.quote}"`;
  switch (claim.kind) {
    case 'obligation':
      return `The passage says ${quoted}. What would that involve in practice, and who would have to act on it?`;
    case 'requirement':
      return `The passage says ${quoted}. What exactly would that take, and is it realistic?`;
    case 'likelihood':
      return `The passage judges that ${quoted}. What in the reading supports that estimate, and what could prove it wrong?`;
    case 'not-but':
      return `The passage draws a contrast: ${quoted}. Why does the distinction matter to its argument, and do you accept it?`;
    case 'contrast':
      return `The passage qualifies its point: ${quoted}. What is being set against what, and which side weighs more?`;
  }
}

function keyTermPrompt(terms: readonly Term[]): string | undefined {
  const [first, second] = pickTerms(terms);
  if (!first) return undefined;
  if (!second)
    return `What does the passage mean by "${first.surface}", and how much of its argument rests on it?`;
  return (
    `The passage relies on "${first.surface}" and "${second.surface}". How does it connect the two, and ` +
    'would you connect them the same way?'
  );
}

/** The two best terms that do not overlap (no "engagement" next to "coercive engagement"). */
function pickTerms(terms: readonly Term[]): Term[] {
  const chosen: Term[] = [];
  for (const term of terms) {
    const overlaps = chosen.some((other) => term.words.some((word) => other.words.includes(word)));
    if (!overlaps) chosen.push(term);
    if (chosen.length === 2) break;
  }
  return chosen;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}](?:[\p{L}\p{N}'’-]*[\p{L}\p{N}])?/gu)) {
    let word = match[0];
    const possessive = /['’]s$/i.test(word);
    if (possessive) word = word.slice(0, -2);
    const key = word.toLowerCase();
    const content = key.length >= 3 && !/^\d+$/.test(key) && !STOPWORDS.has(key);
    tokens.push({ key, start: match.index, end: match.index + word.length, content });
  }
  return tokens;
}

interface TermOccurrences {
  count: number;
  firstAt: number;
  surface: string;
  words: string[];
}

/** Unigrams and adjacent two-word phrases of content words, with counts and first surface form. */
function termOccurrences(text: string): Map<string, TermOccurrences> {
  const tokens = tokenize(text);
  const terms = new Map<string, TermOccurrences>();
  const add = (key: string, words: string[], start: number, end: number): void => {
    const existing = terms.get(key);
    if (existing) existing.count += 1;
    else terms.set(key, { count: 1, firstAt: start, surface: text.slice(start, end), words });
  };
  tokens.forEach((token, index) => {
    if (!token.content) return;
    add(token.key, [token.key], token.start, token.end);
    const next = tokens[index + 1];
    if (next?.content && /^[ -]$/.test(text.slice(token.end, next.start))) {
      add(`${token.key} ${next.key}`, [token.key, next.key], token.start, next.end);
    }
  });
  return terms;
}

function rankTerms(passage: Passage, otherPassages: readonly Passage[]): Term[] {
  const own = termOccurrences(passage.text);
  const otherTerms = otherPassages.map((other) => new Set(termOccurrences(other.text).keys()));
  const documents = otherTerms.length + 1;
  const terms: Term[] = [];
  for (const [key, occurrence] of own) {
    const isPhrase = occurrence.words.length > 1;
    // A word or phrase said once is usually incidental; a repeated one is what the passage is about. In a
    // keyword list every entry is a term.
    if (occurrence.count < 2 && passage.kind !== 'keywords') continue;
    const documentFrequency = 1 + otherTerms.filter((set) => set.has(key)).length;
    const idf = Math.log((1 + documents) / (1 + documentFrequency)) + 1;
    terms.push({
      key,
      surface: occurrence.surface,
      // Squaring idf favours what sets this passage apart over what the whole reading keeps repeating.
      score: occurrence.count * idf * idf * (isPhrase ? 1.5 : 1),
      firstAt: occurrence.firstAt,
      words: occurrence.words,
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

function sentenceSpans(passage: Passage): Array<{ start: number; end: number }> {
  if (passage.sentences.length > 0) return passage.sentences;
  return [{ start: 0, end: passage.text.length }];
}

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

/** At most two claims, preferring two different kinds, in the order the passage makes them. */
function pickClaims(claims: readonly Claim[]): Claim[] {
  const [first] = claims;
  if (!first) return [];
  const second = claims.find((claim) => claim.kind !== first.kind) ?? claims[1];
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
  while (words.length > 3 && STOPWORDS.has((words.at(-1) ?? '').toLowerCase().replace(/[,;:]$/, ''))) {
    words = words.slice(0, -1);
  }
  return words.join(' ').replace(/[\s,;:]+$/, '');
}

/** Up to `max` prompts for a step, taking each passage's strongest prompt first. */
export function stepPrompts(
  passages: readonly Passage[],
  documentPassages: readonly Passage[],
  max = MAX_PROMPTS,
): string[] {
  const perPassage = passages.map((passage) => buildPrompts(passage, documentPassages));
  const prompts: string[] = [];
  for (let round = 0; prompts.length < max; round++) {
    const layer = perPassage.flatMap((list) => list.slice(round, round + 1));
    if (layer.length === 0) break;
    prompts.push(...layer.slice(0, max - prompts.length));
  }
  return prompts;
}

/** Questions about a reference list as a whole, from its counts only. */
export function referenceListPrompts(digest: ReferenceDigest): string[] {
  const prompts: string[] = [];
  const peak = [...digest.decades].sort((a, b) => b.count - a.count)[0];
  if (peak && digest.total > 0) {
    prompts.push(
      `${peak.count} of the ${digest.total} works the author cites are from the ${peak.label}. What debate does that place the reading in, and what might a list from another decade add?`,
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
    prompts.push(
      `Most entries (${kind.count} of ${digest.total}) are of one kind (${kind.kind.replace(/-/g, ' ')}). What does the author gain from these sources, and what kind of source is missing?`,
    );
  }
  return prompts;
}
