import { describe, expect, it } from 'vitest';
import { passageSentences, termCounts, withoutAbsorbed } from '../../src/text/index.js';

describe('passageSentences', () => {
  it('gives each sentence span as printed, with its offsets', () => {
    const text = 'First one. Second one.';
    const sentences = passageSentences({
      text,
      sentences: [
        { start: 0, end: 10 },
        { start: 11, end: 22 },
      ],
    });
    expect(sentences.map((sentence) => sentence.text)).toEqual(['First one.', 'Second one.']);
    for (const sentence of sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
  });

  it('treats an unsplit passage as one sentence, trimmed', () => {
    expect(passageSentences({ text: '  North Korea ', sentences: [] })).toEqual([
      { text: 'North Korea', start: 2, end: 13 },
    ]);
  });
});

describe('termCounts', () => {
  it('counts words by index term and phrases of adjacent content words', () => {
    const counts = termCounts(['Coercive engagement works. We prefer coercion and coercive engagement.']);
    expect(counts.get('coerc')?.count).toBe(3);
    const phrase = counts.get('coerc engag');
    expect(phrase?.count).toBe(2);
    expect(phrase?.surface).toBe('coercive engagement');
    expect(phrase?.words).toEqual(['coerc', 'engag']);
  });

  it('never forms a phrase across a possessive, punctuation or a stop word', () => {
    const counts = termCounts("North Korea's nuclear program. Sanctions, dialogues and talks.");
    expect(counts.has('north korea')).toBe(true);
    expect(counts.has('korea nuclear')).toBe(false);
    expect(counts.has('nuclear program')).toBe(true);
    expect(counts.has('sanction dialogu')).toBe(false);
  });

  it('joins hyphenated names and keeps their capitals', () => {
    const counts = termCounts('the Nunn-Lugar concept');
    expect(counts.get('nunn lugar')?.surface).toBe('Nunn-Lugar');
  });

  it('reports where a term first occurs', () => {
    const counts = termCounts(['no match here', 'the nuclear test']);
    expect(counts.get('nuclear')).toMatchObject({ firstText: 1, firstAt: 4 });
  });
});

describe('withoutAbsorbed', () => {
  it('lets a phrase absorb words it accounts for, and keeps words used on their own', () => {
    const terms = [
      ...termCounts('Nunn-Lugar and Nunn-Lugar. Engagement, engagement, positive engagement.').values(),
    ];
    const kept = withoutAbsorbed(terms).map((term) => term.surface);
    expect(kept).toContain('Nunn-Lugar');
    expect(kept).not.toContain('Nunn');
    expect(kept).not.toContain('Lugar');
    expect(kept).toContain('engagement');
  });
});
