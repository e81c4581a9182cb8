import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/sentences.js';

function sentences(text: string): string[] {
  return splitSentences(text).map((span) => text.slice(span.start, span.end));
}

describe('splitSentences', () => {
  it('splits plain prose at full stops, question marks and exclamation marks', () => {
    expect(sentences('One thing. Two things? Three!')).toEqual(['One thing.', 'Two things?', 'Three!']);
  });

  it('does not split after dotted acronyms, initials or common abbreviations', () => {
    const text =
      'The U.S. Congress met in Washington, D.C. on Monday. J. E. Davies and James W. Davis Jr. wrote it, e.g. in ch. 2. See No. 5 and Evans et al. for more.';
    expect(sentences(text)).toEqual([
      'The U.S. Congress met in Washington, D.C. on Monday.',
      'J. E. Davies and James W. Davis Jr. wrote it, e.g. in ch. 2.',
      'See No. 5 and Evans et al. for more.',
    ]);
  });

  it('keeps "eds." and "2nd ed." inside a reference entry sentence', () => {
    expect(sentences('Evans, Peter, eds. 1993. Relevance. 2nd ed. Oxford: Blackwell.')).toEqual([
      'Evans, Peter, eds. 1993.',
      'Relevance.',
      '2nd ed. Oxford: Blackwell.',
    ]);
  });

  it('keeps closing quotes with the sentence they end and starts a sentence at an opening quote', () => {
    expect(sentences('He said “stop.” “Why?” she asked. Then (briefly) silence.')).toEqual([
      'He said “stop.”',
      '“Why?” she asked.',
      'Then (briefly) silence.',
    ]);
  });

  it('treats a lone "No." as a sentence but "No. 9" as an abbreviation', () => {
    expect(sentences('No. It was PacNet No. 9A.')).toEqual(['No.', 'It was PacNet No. 9A.']);
  });

  it('does not split before a lower-case word or inside numbers', () => {
    expect(sentences('Pages 18.3: 7–34. and so on. Version 2.5 is out.')).toEqual([
      'Pages 18.3: 7–34. and so on.',
      'Version 2.5 is out.',
    ]);
  });

  it('returns trimmed offsets into the original text and ends at blank lines', () => {
    const text = '  First one.   Second one\n\nThird one  ';
    const spans = splitSentences(text);
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual([
      'First one.',
      'Second one',
      'Third one',
    ]);
    expect(spans[0]?.start).toBe(2);
  });

  it('returns nothing for blank text', () => {
    expect(splitSentences('   \n ')).toEqual([]);
  });
});
