import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import type { Passage, PassageKind } from '../../src/corpus/types.js';
import { planSteps, wholeSentences } from '../../src/sessions/index.js';
import { testPassage } from './helpers.js';

function passage(kind: PassageKind, ordinal: number, text = `Text of ${kind} ${ordinal}.`): Passage {
  return testPassage(kind, ordinal, text);
}

const corpus = loadCorpus(DATA_DIR);
const roomy = { maxCharacters: 10_000 };

describe('planSteps', () => {
  it('makes a reference list one step, whatever its length, and never mixes it with the argument', () => {
    const references = Array.from({ length: 49 }, (_, index) => passage('reference', index + 1));
    const passages = [passage('abstract', 1), passage('paragraph', 1), ...references];
    const steps = planSteps(passages, { pace: 3, ...roomy });
    expect(steps).toEqual([['doc#abstract1', 'doc#paragraph1'], references.map((entry) => entry.id)]);
  });

  it('keeps every passage, in order, exactly once', () => {
    for (const document of corpus.documents) {
      for (const pace of [1, 2, 3, 7]) {
        const steps = planSteps(document.passages, { pace, maxCharacters: 3400, framingCharacters: 80 });
        expect(steps.flat()).toEqual(document.passages.map((entry) => entry.id));
        expect(steps.every((step) => step.length >= 1)).toBe(true);
      }
    }
  });

  it('reads a keyword list with the step before it, so an abstract-only reading has no step of bare keywords', () => {
    const passages = [passage('abstract', 1), passage('keywords', 1), passage('reference', 1)];
    expect(planSteps(passages, { pace: 1, ...roomy })).toEqual([
      ['doc#abstract1', 'doc#keywords1'],
      ['doc#reference1'],
    ]);
  });

  it('takes fewer than `pace` passages rather than exceed the room of a step', () => {
    const long = 'A sentence of some length here. '.repeat(20).trim();
    const passages = [1, 2, 3, 4].map((ordinal) => passage('paragraph', ordinal, long));
    const steps = planSteps(passages, { pace: 3, maxCharacters: long.length * 2 + 10 });
    expect(steps.map((step) => step.length)).toEqual([2, 2]);
  });

  it('steps through a reading with a reference list in a handful of steps, not one per entry', () => {
    for (const document of corpus.documents) {
      const steps = planSteps(document.passages, { pace: 1, maxCharacters: 3400 });
      const argument = document.passages.filter((entry) => !['reference', 'keywords'].includes(entry.kind));
      const referenceSteps = document.references.length > 0 ? 1 : 0;
      expect(steps.length, document.id).toBe(argument.length + referenceSteps);
    }
  });
});

describe('wholeSentences', () => {
  it('shortens only a passage longer than the room, and only at a sentence end', () => {
    const text = 'First sentence is here. Second one follows it. Third closes the passage.';
    const entry = passage('paragraph', 1, text);
    expect(wholeSentences(entry, 500)).toEqual({ text, omitted: 0 });
    const cut = wholeSentences(entry, 50);
    expect(cut).toEqual({ text: 'First sentence is here. Second one follows it.', omitted: 1 });
    expect(wholeSentences(entry, 5)).toEqual({ text: 'First sentence is here.', omitted: 2 });
  });
});
