import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import type { Passage } from '../../src/corpus/types.js';
import { buildPrompts, distinctiveTerms, promptsFor, stepPrompts } from '../../src/extract/prompts.js';
import { planSteps } from '../../src/sessions/index.js';
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

describe('prompts grounded in the passage', () => {
  const argument = corpus.passages.filter((passage) => passage.kind !== 'reference');

  it('names the sentences each prompt draws on, and what it quotes lies inside them', () => {
    for (const passage of argument) {
      const document = corpus.getDocument(passage.documentId);
      for (const prompt of promptsFor(passage, document?.passages ?? [])) {
        expect(prompt.sentences.length, prompt.text).toBeGreaterThan(0);
        expect(prompt.text, prompt.text).toMatch(/\(sentences? \d+(?:(?:, | and )\d+)*\)/);
        if (prompt.quote === undefined) continue;
        const named = prompt.sentences.map((number) => {
          const span = passage.sentences[number - 1] ?? { start: 0, end: passage.text.length };
          return passage.text.slice(span.start, span.end);
        });
        expect(
          named.every((sentence) => sentence.includes(prompt.quote ?? '')),
          `${passage.id}: "${prompt.quote}" in ${prompt.sentences}`,
        ).toBe(true);
      }
    }
  });

  it('never sets two terms side by side as if the passage connected them', () => {
    for (const passage of argument) {
      const document = corpus.getDocument(passage.documentId);
      for (const prompt of promptsFor(passage, document?.passages ?? [])) {
        if (prompt.kind === 'keywords') continue;
        expect(quotes(prompt.text), prompt.text).toHaveLength(prompt.quote ? 1 : 0);
      }
    }
  });

  it('asks about a term only where the passage uses it in two or more sentences', () => {
    const passage = paragraph(
      1,
      'Sanctions are one tool. Diplomacy is another. Sanctions alone change little in the end.',
    );
    const prompts = promptsFor(passage, [paragraph(2, 'Ports and fisheries.'), paragraph(3, 'Trade grew.')]);
    const term = prompts.find((prompt) => prompt.kind === 'term');
    expect(term?.quote).toBe('Sanctions');
    expect(term?.sentences).toEqual([1, 3]);
    expect(prompts.some((prompt) => prompt.quote === 'Diplomacy')).toBe(false);
  });

  it('does not ask the same question twice within a step, at any pace', () => {
    const questionOf = (prompt: string) =>
      prompt
        .replace(/"[^"]*"/g, '""')
        .replace(/\([^)]*\)/g, '()')
        .replace(/\d+/g, '#');
    for (const document of corpus.documents) {
      for (const pace of [1, 2, 3, 7]) {
        for (const step of planSteps(document.passages, { pace, maxCharacters: 3400 })) {
          const passages = step.flatMap((id) => corpus.getPassage(id) ?? []);
          if (passages.some((passage) => passage.kind === 'reference')) continue;
          const prompts = stepPrompts(passages, document.passages);
          expect(prompts.length, step.join()).toBeGreaterThan(0);
          expect(new Set(prompts.map(questionOf)).size, prompts.join('\n')).toBe(prompts.length);
          expect(new Set(prompts.flatMap(quotes)).size).toBe(prompts.flatMap(quotes).length);
          if (passages.length > 1) {
            for (const prompt of prompts) {
              expect(
                passages.some((passage) => prompt.includes(`(${passage.locator}, sentence`)),
                prompt,
              ).toBe(true);
            }
          }
        }
      }
    }
  });

  it('offers one kind of claim question per passage even when the passage repeats that kind', () => {
    const passage = paragraph(
      1,
      'Seoul must widen its aid programme soon. Washington must keep its forces in place for now.',
    );
    const kinds = promptsFor(passage).map((prompt) => prompt.kind);
    expect(kinds.filter((kind) => kind === 'obligation')).toHaveLength(1);
  });
});
