import type { Passage } from '../corpus/types.js';

export interface StepPlanOptions {
  /** The most passages a step shows. */
  pace: number;
  /** Room for passage text in one step; a step takes fewer than `pace` passages rather than cut one. */
  maxCharacters: number;
  /** What each passage costs besides its text (its heading and citation). */
  framingCharacters?: number;
}

/**
 * Groups a reading's passages into steps. The argument is read `pace` passages at a time, as many as fit
 * whole, with a keyword list joining the step before it; a reference list is one step of its own, discussed
 * as a whole rather than entry by entry, and never mixed with the argument.
 */
export function planSteps(passages: readonly Passage[], options: StepPlanOptions): string[][] {
  const framing = options.framingCharacters ?? 0;
  const steps: string[][] = [];
  let current: Passage[] = [];
  let used = 0;
  const flush = () => {
    if (current.length > 0) steps.push(current.map((passage) => passage.id));
    current = [];
    used = 0;
  };
  for (const passage of passages) {
    const isReference = passage.kind === 'reference';
    const currentIsReferences = current[0]?.kind === 'reference';
    if (current.length > 0 && isReference !== currentIsReferences) flush();
    if (isReference) {
      current.push(passage);
      continue;
    }
    const cost = passage.text.length + framing;
    const fits = used + cost <= options.maxCharacters;
    // A keyword list is not a unit of the argument; it is read with the abstract or paragraph before it.
    const rides = passage.kind === 'keywords' && current.length > 0 && fits;
    if (!rides && (current.length >= options.pace || (current.length > 0 && !fits))) flush();
    current.push(passage);
    used += cost;
  }
  flush();
  return steps;
}

/**
 * The passage's text up to `maxCharacters`, in whole sentences; `omitted` counts the sentences left out.
 * Only a passage longer than a whole step is ever shortened, and then never mid-sentence.
 */
export function wholeSentences(passage: Passage, maxCharacters: number): { text: string; omitted: number } {
  if (passage.text.length <= maxCharacters || passage.sentences.length === 0) {
    return { text: passage.text, omitted: 0 };
  }
  let end = 0;
  let kept = 0;
  for (const sentence of passage.sentences) {
    if (sentence.end > maxCharacters) break;
    end = sentence.end;
    kept += 1;
  }
  // A first sentence longer than the room is shown whole: cutting it would misquote the author.
  if (kept === 0) {
    const first = passage.sentences[0];
    return { text: passage.text.slice(0, first?.end), omitted: passage.sentences.length - 1 };
  }
  return { text: passage.text.slice(0, end).trimEnd(), omitted: passage.sentences.length - kept };
}
