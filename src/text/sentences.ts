import type { Passage, SentenceSpan } from '../corpus/types.js';

/** One sentence of a passage: its text exactly as printed and where it stands in passage.text. */
export interface PassageSentence {
  text: string;
  start: number;
  end: number;
}

/** A passage's sentence spans, or one span over the whole text when the loader could not split it. */
export function sentenceSpans(passage: Pick<Passage, 'text' | 'sentences'>): readonly SentenceSpan[] {
  return passage.sentences.length > 0 ? passage.sentences : [{ start: 0, end: passage.text.length }];
}

/**
 * A passage's sentences from its sentence spans. A passage the loader could not split (a keyword list, a
 * reference entry) counts as one sentence, so callers never need a second path for it.
 */
export function passageSentences(passage: Pick<Passage, 'text' | 'sentences'>): PassageSentence[] {
  const sentences: PassageSentence[] = [];
  for (const span of sentenceSpans(passage)) {
    const raw = passage.text.slice(span.start, span.end);
    const leading = raw.length - raw.trimStart().length;
    const text = raw.trim();
    if (text.length === 0) continue;
    sentences.push({ text, start: span.start + leading, end: span.start + leading + text.length });
  }
  return sentences;
}
