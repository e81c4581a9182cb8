import { expect } from 'vitest';
import type { Corpus } from '../../src/corpus/types.js';

/** A quotation is grounded when it occurs verbatim in the passage it cites, under that passage's locator. */
export function expectGrounded(
  corpus: Corpus,
  quotation: { text: string; passageId: string; locator: string },
) {
  const passage = corpus.getPassage(quotation.passageId);
  expect(passage, quotation.passageId).toBeDefined();
  expect(passage?.text).toContain(quotation.text);
  expect(passage?.locator).toBe(quotation.locator);
}
