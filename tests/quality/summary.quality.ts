import { loadCorpus } from '../../src/corpus/index.js';
import type { LibraryDocument } from '../../src/corpus/types.js';
import { isArgument } from '../../src/extract/sentences.js';
import { SUMMARY_SENTENCES, type SummaryLength, summarize } from '../../src/extract/summary.js';
import { passageSentences, processTerm, tokenize } from '../../src/text/index.js';
import { dataDirWith } from '../corpus/helpers.js';
import type { MeasureQuality, QualityReport } from './figures.js';

/**
 * Every summary of every document in the library (the seed documents plus an unrelated fixture), at every
 * length, checked against the text: each sentence verbatim under its locator, in document order, once; the
 * thesis and the proposals inside the extract; no paragraph over its share; no abstract shown twice; key
 * terms sorted by count, none a word that a listed phrase already accounts for, none counted more often
 * than the text has it.
 */

const LENGTHS: SummaryLength[] = ['short', 'medium', 'long'];

/** How often the words occur in a row in the document's argument and keywords, clause by clause. */
function occurrences(document: LibraryDocument, words: readonly string[]): number {
  const passages = document.passages.filter((passage) => isArgument(passage) || passage.kind === 'keywords');
  let count = 0;
  for (const passage of passages.length > 0 ? passages : document.passages)
    for (const sentence of passageSentences(passage))
      for (const clause of sentence.text.split(/[,;:!?()"“”]/)) {
        const terms = tokenize(clause).map((token) => processTerm(token));
        for (let start = 0; start + words.length <= terms.length; start++)
          if (words.every((word, offset) => terms[start + offset] === word)) count++;
      }
  return count;
}

export const measure: MeasureQuality = async (): Promise<QualityReport> => {
  const corpus = loadCorpus(dataDirWith('extra/doe-2021.md'));
  const faults = { extract: [] as string[], share: [] as string[], terms: [] as string[] };
  let cases = 0;
  for (const document of corpus.documents) {
    for (const length of LENGTHS) {
      cases++;
      const label = `${document.shortTitle} ${length}`;
      const summary = summarize(document, corpus, length);
      const texts = summary.sentences.map((sentence) => sentence.text);
      if (new Set(texts).size !== texts.length) faults.extract.push(`${label}: a sentence repeats`);
      if (texts.length > SUMMARY_SENTENCES[length])
        faults.extract.push(`${label}: ${texts.length} sentences`);
      for (const sentence of summary.sentences) {
        const passage = corpus.getPassage(sentence.passageId);
        if (!passage?.text.includes(sentence.text) || passage.locator !== sentence.locator)
          faults.extract.push(`${label}: not verbatim at ${sentence.locator}: ${sentence.text.slice(0, 50)}`);
      }
      const order = summary.sentences.map(
        (sentence) => sentence.passageIndex * 1000 + sentence.sentenceIndex,
      );
      if (order.some((value, index) => index > 0 && value <= (order[index - 1] ?? 0)))
        faults.extract.push(`${label}: not in document order`);
      for (const required of [summary.thesis, ...summary.proposals])
        if (required && !texts.includes(required.text))
          faults.extract.push(
            `${label}: leaves out its ${required === summary.thesis ? 'thesis' : 'proposal'}`,
          );
      if (summary.extractFromAbstract && summary.abstract)
        faults.extract.push(`${label}: abstract shown twice`);

      const total = document.passages.filter((passage) =>
        summary.extractFromAbstract ? passage.kind === 'abstract' : passage.kind === 'paragraph',
      );
      const sentenceTotal = total.reduce((sum, passage) => sum + passageSentences(passage).length, 0);
      const requiredTexts = new Set([summary.thesis, ...summary.proposals].map((sentence) => sentence?.text));
      for (const passage of total) {
        const chosen = summary.sentences.filter((sentence) => sentence.passageId === passage.id);
        const share = Math.max(
          1,
          Math.ceil(
            (Math.min(SUMMARY_SENTENCES[length], sentenceTotal) * passageSentences(passage).length) /
              sentenceTotal,
          ),
        );
        const requiredHere = chosen.filter((sentence) => requiredTexts.has(sentence.text)).length;
        if (chosen.length > Math.max(share, requiredHere))
          faults.share.push(`${label}: ${chosen.length} sentences from ${passage.locator}, share ${share}`);
      }

      const counts = summary.keyTerms.map((term) => term.count);
      if (counts.some((count, index) => index > 0 && count > (counts[index - 1] ?? 0)))
        faults.terms.push(`${label}: key terms not sorted by count`);
      for (const term of summary.keyTerms) {
        const inText = occurrences(document, term.words);
        if (inText < term.count)
          faults.terms.push(`${label}: "${term.term} (${term.count})" but the text has ${inText}`);
        for (const longer of summary.keyTerms)
          if (
            longer.words.length > term.words.length &&
            ` ${longer.words.join(' ')} `.includes(` ${term.words.join(' ')} `) &&
            term.count - longer.count <= 1
          )
            faults.terms.push(`${label}: "${term.term}" beside "${longer.term}", which accounts for it`);
      }
    }
  }
  const figure = (name: string, list: string[]) => ({
    name,
    value: list.length,
    unit: 'count' as const,
    target: '= 0',
    pass: list.length === 0,
  });
  return {
    suite: 'summary',
    cases,
    figures: [
      figure(
        'summary extracts wrong (not verbatim, out of order, repeated, thesis or proposal missing)',
        faults.extract,
      ),
      figure('paragraphs over their share', faults.share),
      figure('key-term list faults', faults.terms),
    ],
    failures: [...faults.extract, ...faults.share, ...faults.terms],
  };
};
