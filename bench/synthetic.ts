import { corpusOf } from '../src/corpus/corpus.js';
import type { Corpus, LibraryDocument, Passage } from '../src/corpus/types.js';
import { isStopWord, tokenSpans } from '../src/text/index.js';

/** A small deterministic PRNG so every run benchmarks the same corpus and queries. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Distinct words of the real corpus, plus invented ones, so the synthetic vocabulary grows with size. */
export function vocabularyFrom(corpus: Corpus, extra: number, random: () => number): string[] {
  const words = new Set<string>();
  for (const passage of corpus.passages)
    for (const span of tokenSpans(passage.text)) words.add(span.token.toLowerCase());
  const syllables = [
    'ka',
    'ro',
    'mi',
    'tel',
    'san',
    'vor',
    'qui',
    'dan',
    'lex',
    'pho',
    'rin',
    'gat',
    'sul',
    'ber',
  ];
  while (words.size < extra) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let index = 0; index < length; index++) word += syllables[Math.floor(random() * syllables.length)];
    words.add(word);
  }
  // As in English, function words take the most frequent ranks; content words share the long tail.
  const all = [...words];
  return [...all.filter((word) => isStopWord(word)), ...all.filter((word) => !isStopWord(word))];
}

/** Zipf-distributed word choice: a few words are common, most are rare, as in real text. */
export function zipfPicker(words: readonly string[], random: () => number): () => string {
  const weights = words.map((_, rank) => 1 / (rank + 1));
  const cumulative: number[] = [];
  let total = 0;
  for (const weight of weights) {
    total += weight;
    cumulative.push(total);
  }
  return () => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return words[low] ?? words[0] ?? 'word';
  };
}

export function syntheticCorpus(
  passageCount: number,
  words: readonly string[],
  random: () => number,
): Corpus {
  const pick = zipfPicker(words, random);
  const documents: LibraryDocument[] = [];
  const passagesPerDocument = 100;
  for (let documentIndex = 0; documentIndex * passagesPerDocument < passageCount; documentIndex++) {
    const id = `synthetic-${documentIndex}`;
    const passages: Passage[] = [];
    const count = Math.min(passagesPerDocument, passageCount - documentIndex * passagesPerDocument);
    for (let index = 0; index < count; index++) {
      const sentences: Array<{ start: number; end: number }> = [];
      let text = '';
      const sentenceCount = 2 + Math.floor(random() * 4);
      for (let sentence = 0; sentence < sentenceCount; sentence++) {
        const length = 8 + Math.floor(random() * 16);
        const body = Array.from({ length }, pick).join(' ');
        const start = text.length + (text ? 1 : 0);
        text += `${text ? ' ' : ''}${body.charAt(0).toUpperCase()}${body.slice(1)}.`;
        sentences.push({ start, end: text.length });
      }
      passages.push({
        id: `${id}#p${index + 1}`,
        documentId: id,
        kind: 'paragraph',
        ordinal: index + 1,
        locator: `para. ${index + 1}`,
        text,
        sentences,
      });
    }
    documents.push({
      id,
      file: `${id}.md`,
      shortTitle: id,
      csl: { id, type: 'report', title: id },
      fullText: true,
      keywords: [],
      passages,
      references: [],
    });
  }
  return corpusOf(documents);
}

/** Varied queries: common pairs, rare words, typos, half-typed words, questions and off-topic words. */
export function benchQueries(words: readonly string[], count: number, random: () => number): string[] {
  const pick = zipfPicker(words, random);
  const uniform = () => words[Math.floor(random() * words.length)] ?? 'word';
  const typo = (word: string) => {
    if (word.length < 4) return word;
    const index = 1 + Math.floor(random() * (word.length - 2));
    return `${word.slice(0, index)}${word.slice(index + 1)}`;
  };
  const offTopic = ['basketball', 'photosynthesis', 'sourdough', 'volcano', 'saxophone', 'quantum'];
  const queries: string[] = [];
  for (let index = 0; index < count; index++) {
    const kind = index % 6;
    if (kind === 0) queries.push(`${pick()} ${pick()}`);
    else if (kind === 1) queries.push(uniform());
    else if (kind === 2) queries.push(`${typo(uniform())} ${pick()}`);
    else if (kind === 3) queries.push(uniform().slice(0, 4));
    else if (kind === 4) queries.push(`what does the author say about ${pick()} and ${uniform()}?`);
    else queries.push(`${offTopic[index % offTopic.length]} ${offTopic[(index + 1) % offTopic.length]}`);
  }
  return queries;
}
