import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { SUMMARY_SENTENCES, type SummaryLength, summarize } from '../../src/extract/summary.js';
import { expectGrounded } from './grounded.js';

const corpus = loadCorpus(DATA_DIR);
const park = corpus.getDocument('park-2013');
const jung = corpus.getDocument('jung-2013');
if (!park || !jung) throw new Error('corpus documents missing');

describe('summaries', () => {
  for (const length of ['short', 'medium', 'long'] as SummaryLength[]) {
    it(`keeps ${length} summaries within bounds, in document order, verbatim`, () => {
      for (const document of [park, jung]) {
        const summary = summarize(document, corpus, length);
        expect(summary.sentences.length).toBeGreaterThanOrEqual(1);
        expect(summary.sentences.length).toBeLessThanOrEqual(SUMMARY_SENTENCES[length]);
        for (const sentence of summary.sentences) expectGrounded(corpus, sentence);
        const order = summary.sentences.map(
          (sentence) => sentence.passageIndex * 1000 + sentence.sentenceIndex,
        );
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
    });
  }

  it('includes the thesis and the concrete proposals at every length', () => {
    for (const length of ['short', 'medium', 'long'] as SummaryLength[]) {
      const summary = summarize(park, corpus, length);
      const texts = summary.sentences.map((sentence) => sentence.text);
      expect(summary.thesis && texts).toContain(summary.thesis?.text);
      expect(
        texts.some((text) => /should begin considering .* the military option/.test(text)),
        length,
      ).toBe(true);
      expect(
        texts.some((text) => /requires a regional framework/.test(text)),
        length,
      ).toBe(true);
      for (const proposal of summary.proposals) expect(texts).toContain(proposal.text);
      expect(summary.proposals.some((proposal) => /should be noted/.test(proposal.text))).toBe(false);
    }
    const jung = summarize(corpus.getDocument('jung-2013') ?? park, corpus, 'short');
    expect(jung.thesis?.text).toMatch(/this article suggests/);
  });

  it('gives no paragraph more than its share of the extract', () => {
    const total = park.passages.reduce((sum, passage) => sum + passage.sentences.length, 0);
    for (const length of ['short', 'medium', 'long'] as SummaryLength[]) {
      const summary = summarize(park, corpus, length);
      const required = new Set([summary.thesis, ...summary.proposals].map((sentence) => sentence?.text));
      for (const passage of park.passages) {
        const chosen = summary.sentences.filter((sentence) => sentence.passageId === passage.id);
        const share = Math.ceil((SUMMARY_SENTENCES[length] * passage.sentences.length) / total);
        const requiredHere = chosen.filter((sentence) => required.has(sentence.text)).length;
        expect(chosen.length, `${length} ${passage.locator}`).toBeLessThanOrEqual(
          Math.max(share, requiredHere),
        );
      }
    }
  });

  it('never repeats the author’s abstract inside the extract', () => {
    for (const length of ['short', 'medium', 'long'] as SummaryLength[]) {
      const summary = summarize(jung, corpus, length);
      expect(summary.extractFromAbstract).toBe(true);
      expect(summary.abstract).toBeUndefined();
      const texts = summary.sentences.map((sentence) => sentence.text);
      expect(new Set(texts).size).toBe(texts.length);
    }
  });

  it('lists key terms once, as real phrases, by count', () => {
    for (const document of [park, jung]) {
      const terms = summarize(document, corpus, 'short').keyTerms;
      const counts = terms.map((term) => term.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      for (const term of terms) {
        for (const longer of terms) {
          if (longer === term || longer.words.length <= term.words.length) continue;
          const inside = longer.words.join(' ').includes(term.words.join(' '));
          if (inside)
            expect(term.count - longer.count, `${term.term} under ${longer.term}`).toBeGreaterThan(1);
        }
      }
      expect(terms.map((term) => term.term)).not.toContain('Korea nuclear');
    }
  });

  it('gives fewer sentences when the document is small', () => {
    const jungLong = summarize(jung, corpus, 'long');
    const abstractSentences =
      jung.passages.find((passage) => passage.kind === 'abstract')?.sentences.length ?? 0;
    expect(jungLong.sentences.length).toBe(Math.min(10, abstractSentences));
  });

  it('shows the abstract as the author’s and says what the corpus holds', () => {
    const summary = summarize(jung, corpus, 'short');
    expect(summary.extractFromAbstract).toBe(true);
    expect(summary.coverage).toMatch(/full text is not/);
    expect(summary.referenceProfile?.total).toBe(jung.references.length);
    const perDecade = summary.referenceProfile?.decades.reduce((sum, entry) => sum + entry.count, 0);
    expect(perDecade).toBe(
      jung.references.filter((entry) => entry.csl.issued?.['date-parts']?.[0]?.[0]).length,
    );
    expect(summarize(park, corpus, 'short').coverage).toBe('Full text: 7 paragraphs.');
  });

  it('finds each document’s distinctive terms, with counts from the text', () => {
    const parkTerms = summarize(park, corpus, 'short').keyTerms.map((term) => term.term.toLowerCase());
    const jungTerms = summarize(jung, corpus, 'short').keyTerms.map((term) => term.term.toLowerCase());
    expect(parkTerms).toContain('coercive engagement');
    expect(jungTerms).toContain('positive engagement');
    expect(parkTerms).not.toContain('positive engagement');
    for (const term of summarize(park, corpus, 'short').keyTerms) {
      const text = park.passages
        .map((passage) => passage.text)
        .join(' ')
        .toLowerCase();
      expect(text).toContain(term.term.toLowerCase().split(' ')[0]);
    }
  });
});
