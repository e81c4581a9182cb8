import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import type { Passage } from '../../src/corpus/types.js';
import { buildPrompts, distinctiveTerms } from '../../src/extract/prompts.js';
import { testPassage } from './helpers.js';

function paragraph(id: number, text: string): Passage {
  return { ...testPassage('paragraph', id, text, `para. ${id}`), id: `doc#p${id}` };
}

/** Everything a prompt puts in double quotation marks. */
function quotes(prompt: string): string[] {
  return [...prompt.matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? '');
}

const corpus = await loadCorpus(DATA_DIR);

describe('buildPrompts', () => {
  it('gives 1–3 questions for every passage, quoting only exact text of that passage', () => {
    for (const document of corpus.documents) {
      for (const passage of document.passages) {
        const prompts = buildPrompts(passage, document.passages);
        expect(prompts.length, passage.id).toBeGreaterThanOrEqual(1);
        expect(prompts.length, passage.id).toBeLessThanOrEqual(3);
        for (const prompt of prompts) {
          expect(prompt.trim().endsWith('?'), prompt).toBe(true);
          expect(prompt, 'framed as Lectern asking about the passage').toMatch(
            /\b(?:the passage|the author)\b/i,
          );
          for (const quote of quotes(prompt))
            expect(passage.text.includes(quote), `${passage.id}: ${quote}`).toBe(true);
        }
      }
    }
  });

  it('quotes a modal claim and a contrast from the passage', () => {
    const passage = paragraph(
      1,
      'The council has talked for years. Members should begin considering all available options at once. ' +
        'The aim is not to punish the regime but to restore security in the region.',
    );
    const prompts = buildPrompts(passage, [
      paragraph(2, 'An unrelated paragraph about fisheries and ports.'),
    ]);
    const allQuotes = prompts.flatMap(quotes);
    expect(allQuotes.some((quote) => quote.includes('should begin considering all available options'))).toBe(
      true,
    );
    expect(allQuotes.some((quote) => /not to punish the regime but to restore security/.test(quote))).toBe(
      true,
    );
  });

  it('picks terms that set the passage apart from the others', () => {
    const shared = 'The committee met again and the committee agreed.';
    const passage = paragraph(
      1,
      `${shared} Deterrence failed; deterrence needs credibility and credibility takes years.`,
    );
    const others = [paragraph(2, `${shared} Trade grew.`), paragraph(3, `${shared} Ports expanded.`)];
    const terms = distinctiveTerms(passage, others, 2).map((term) => term.toLowerCase());
    expect(terms).toEqual(expect.arrayContaining(['deterrence', 'credibility']));
    expect(terms).not.toContain('committee');
  });

  it('falls back to a plain question when the passage offers nothing to quote', () => {
    const prompts = buildPrompts(paragraph(4, 'Yes.'));
    expect(prompts).toHaveLength(1);
    expect(quotes(prompts[0] ?? '')).toEqual([]);
    expect(prompts[0]).toContain('para. 4');
  });

  it('is deterministic', () => {
    const park = corpus.getDocument('park-2013');
    expect(park).toBeDefined();
    const passages = park?.passages ?? [];
    const first = passages.map((passage) => buildPrompts(passage, passages));
    const second = passages.map((passage) => buildPrompts(passage, [...passages].reverse()));
    expect(second).toEqual(first);
  });
});
