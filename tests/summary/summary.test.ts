import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import type { Corpus, LibraryDocument } from '../../src/corpus/types.js';
import {
  extractSize,
  keyTermsOf,
  libraryAnalysis,
  SUMMARY_SENTENCES,
  type SummaryLength,
  sentencesOf,
  summarize,
  TermCounter,
  termKey,
  thesisSentence,
  tokenize,
} from '../../src/summary/index.js';
import { corpusOf, document, passage } from './fixture-corpus.js';

const corpus = loadCorpus(DATA_DIR);
const lengths: SummaryLength[] = ['short', 'medium', 'long'];
const full = corpus.documents.find(
  (entry) => entry.fullText && entry.references.length === 0,
) as LibraryDocument;
const partial = corpus.documents.find((entry) => !entry.fullText) as LibraryDocument;

/** Stems of a phrase as the summary module keys it ("Coercive Engagement" → "coerciv engag"). */
const keyOf = (phrase: string) =>
  tokenize(phrase)
    .flatMap((token) => termKey(token.form) ?? [])
    .join(' ');

function expectGrounded(
  sentences: Array<{ text: string; passageId: string; locator: string }>,
  source: Corpus,
) {
  for (const sentence of sentences) {
    const cited = source.getPassage(sentence.passageId);
    expect(cited, sentence.passageId).toBeDefined();
    expect(cited?.text).toContain(sentence.text);
    expect(cited?.locator).toBe(sentence.locator);
  }
}

describe('the library', () => {
  it('has a full-text document and an abstract-only one to summarise', () => {
    expect(full).toBeDefined();
    expect(partial).toBeDefined();
    expect(partial.passages.some((entry) => entry.kind === 'abstract')).toBe(true);
  });
});

describe('summarize: extract', () => {
  for (const entry of [full, partial]) {
    for (const length of lengths) {
      it(`${entry?.id} ${length}: 1 to ${SUMMARY_SENTENCES[length]} sentences, verbatim, in document order`, () => {
        const summary = summarize(entry, corpus, length);
        expect(summary.sentences.length).toBeGreaterThanOrEqual(1);
        expect(summary.sentences.length).toBeLessThanOrEqual(SUMMARY_SENTENCES[length]);
        expect(summary.sentences.length).toBe(extractSize(length, summary.candidateCount));
        expectGrounded(summary.sentences, corpus);
        for (const sentence of summary.sentences) {
          const cited = corpus.getPassage(sentence.passageId);
          expect(cited?.text.slice(sentence.start, sentence.end)).toBe(sentence.text);
          expect(cited?.documentId).toBe(entry.id);
          expect(['paragraph', 'abstract']).toContain(cited?.kind);
        }
        const positions = summary.sentences.map((sentence) => [
          entry.passages.findIndex((item) => item.id === sentence.passageId),
          sentence.start,
        ]);
        const sorted = [...positions].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0));
        expect(positions).toEqual(sorted);
        expect(new Set(summary.sentences.map((sentence) => sentence.text)).size).toBe(
          summary.sentences.length,
        );
      });
    }
  }

  it('longer lengths never give fewer sentences, and a short document gives fewer than the target', () => {
    for (const entry of [full, partial]) {
      const counts = lengths.map((length) => summarize(entry, corpus, length).sentences.length);
      expect(counts[0]).toBeLessThanOrEqual(counts[1] as number);
      expect(counts[1]).toBeLessThanOrEqual(counts[2] as number);
    }
    const abstractSentences = sentencesOf(
      partial.passages.filter((entry) => entry.kind === 'abstract'),
    ).length;
    expect(summarize(partial, corpus, 'long').sentences.length).toBeLessThan(abstractSentences);
    expect(extractSize('long', 1)).toBe(1);
    expect(extractSize('short', 0)).toBe(0);
  });

  it('draws a full-text document’s extract from its paragraphs only', () => {
    const summary = summarize(full, corpus, 'long');
    expect(summary.extractSource).toBe('body');
    expect(summary.candidateCount).toBe(
      sentencesOf(full.passages.filter((entry) => entry.kind === 'paragraph')).length,
    );
    expect(summary.coverage.startsWith('Full text')).toBe(true);
    expect(summary.referenceProfile).toBeUndefined();
  });

  it('draws an abstract-only document’s extract from the abstract and does not show the abstract twice', () => {
    const summary = summarize(partial, corpus, 'short');
    expect(summary.extractSource).toBe('abstract');
    expect(summary.abstract).toBeUndefined();
    for (const sentence of summary.sentences) expect(sentence.locator).toBe('abstract');
    expect(summary.coverage).toContain(partial.coverageNote ?? 'full text is not');
    expect(summary.coverage).toContain(`${partial.references.length} reference-list entries`);
    expect(summary.coverage).toContain(`${partial.keywords.length} keywords`);
  });

  it('shows a body-text document’s abstract separately, as the author’s, and never extracts from it', () => {
    const body = [
      'Sanctions shape the bargaining between the two states. Each round of sanctions raises the price of delay.',
      'Talks resumed after the sanctions were eased. The talks produced a short-lived freeze on testing.',
      'A regional framework would bind the parties to the freeze. Without it the freeze will not hold.',
    ];
    const abstract = 'This paper studies sanctions and talks. It argues for a regional framework.';
    const entry = document('fixture', 'Sanctions and Talks', [
      passage('fixture', 'abstract', 1, abstract),
      ...body.map((text, index) => passage('fixture', 'paragraph', index + 1, text)),
    ]);
    const library = corpusOf([entry]);
    const summary = summarize(entry, library, 'short');
    expect(summary.abstract).toEqual({ text: abstract, passageId: 'fixture#abstract', locator: 'abstract' });
    expect(summary.extractSource).toBe('body');
    expect(summary.sentences.every((sentence) => sentence.locator.startsWith('para.'))).toBe(true);
    expectGrounded(summary.sentences, library);
  });

  it('does not pick the same statement twice (MMR) even when the text repeats it', () => {
    const repeated = 'The freeze on nuclear testing will hold only inside a binding regional framework.';
    const entry = document('repeats', 'Freeze', [
      passage('repeats', 'paragraph', 1, `${repeated} ${repeated} Markets in the border towns grew quickly.`),
      passage('repeats', 'paragraph', 2, `${repeated} Famine relief reached the northern provinces late.`),
      passage(
        'repeats',
        'paragraph',
        3,
        'Elections in the south changed the tone of the talks. Aid resumed.',
      ),
    ]);
    const summary = summarize(entry, corpusOf([entry]), 'short');
    expect(summary.sentences.filter((sentence) => sentence.text === repeated)).toHaveLength(1);
  });

  it('never extracts reference entries or keyword lists', () => {
    for (const entry of corpus.documents) {
      for (const length of lengths) {
        for (const sentence of summarize(entry, corpus, length).sentences) {
          expect(sentence.passageId).not.toMatch(/#(ref\d+|keywords)$/);
        }
      }
    }
  });

  it('analyses a corpus once and reuses it', () => {
    const first = libraryAnalysis(corpus);
    summarize(full, corpus, 'short');
    summarize(partial, corpus, 'long');
    expect(libraryAnalysis(corpus)).toBe(first);
    expect(summarize(full, corpus, 'medium')).toEqual(summarize(full, corpus, 'medium'));
  });

  it('puts the thesis (top-ranked sentence) in every extract', () => {
    for (const entry of corpus.documents) {
      const thesis = thesisSentence(corpus, entry.id);
      expect(thesis).toBeDefined();
      expect(summarize(entry, corpus, 'short').sentences).toContainEqual(thesis);
    }
  });
});

describe('summarize: key terms', () => {
  const ownText = (entry: LibraryDocument) => {
    const counter = new TermCounter();
    for (const item of entry.passages) if (item.kind !== 'reference') counter.addPassage(item);
    return counter;
  };

  it('are printed as the document prints them, with true counts, and are more frequent here than elsewhere', () => {
    for (const entry of corpus.documents) {
      const own = ownText(entry);
      const others = corpus.documents.filter((other) => other.id !== entry.id).map(ownText);
      const text = entry.passages
        .filter((item) => item.kind !== 'reference')
        .map((item) => item.text)
        .join('\n');
      const terms = summarize(entry, corpus, 'short').keyTerms;
      expect(terms.length).toBeGreaterThan(3);
      for (const term of terms) {
        expect(text).toContain(term.term);
        expect(term.count).toBe(own.counts.get(term.key));
        expect(term.count).toBeGreaterThanOrEqual(2);
        expect(term.score).toBeGreaterThan(0);
        const otherCount = others.reduce((sum, counter) => sum + (counter.counts.get(term.key) ?? 0), 0);
        const otherTotal = others.reduce((sum, counter) => sum + counter.total, 0);
        expect(term.count / own.total).toBeGreaterThan(otherCount / Math.max(otherTotal, 1));
      }
      const scores = terms.map((term) => term.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    }
  });

  it('name the full-text commentary’s title phrase among its key terms', () => {
    const title = full.csl.title ?? '';
    const words = tokenize(title).map((token) => token.form);
    // Every adjacent pair of content words of the title that the text repeats is a candidate phrase.
    const phrases = words.slice(1).map((word, index) => keyOf(`${words[index]} ${word}`));
    const keys = keyTermsOf(corpus, full.id).map((term) => term.key);
    expect(phrases.some((phrase) => keys.includes(phrase))).toBe(true);
  });

  it('name the abstract-only article’s own distinctive keywords', () => {
    const keys = keyTermsOf(corpus, partial.id).map((term) => term.key);
    const otherText = full.passages.map((item) => item.text.toLowerCase()).join(' ');
    // Keywords the other document never uses must surface as distinctive (e.g. a named programme).
    const distinctive = partial.keywords.filter((keyword) => !otherText.includes(keyword.toLowerCase()));
    const found = distinctive.filter((keyword) => keys.includes(keyOf(keyword)));
    expect(distinctive.length).toBeGreaterThan(0);
    expect(found.length).toBeGreaterThanOrEqual(Math.min(2, distinctive.length));
  });

  it('let a phrase hide a word only when the word never stands alone', () => {
    for (const entry of corpus.documents) {
      const terms = keyTermsOf(corpus, entry.id);
      const phrases = terms.filter((term) => term.key.includes(' '));
      for (const word of terms.filter((term) => !term.key.includes(' '))) {
        const inPhrases = phrases
          .filter((phrase) => phrase.key.split(' ').includes(word.key))
          .reduce((sum, phrase) => sum + phrase.count, 0);
        expect(word.count - inPhrases).toBeGreaterThanOrEqual(2);
      }
    }
  });
});

describe('summarize: reference profile', () => {
  const profile = summarize(partial, corpus, 'short').referenceProfile;

  it('counts every entry once per decade', () => {
    expect(profile?.total).toBe(partial.references.length);
    const decades = profile?.perDecade.reduce((sum, decade) => sum + decade.count, 0) ?? 0;
    expect(decades + (profile?.undated ?? 0)).toBe(partial.references.length);
    const years = partial.references.flatMap((entry) => entry.csl.issued?.['date-parts']?.[0]?.[0] ?? []);
    const nineties = years.filter((year) => year >= 1990 && year < 2000).length;
    expect(profile?.perDecade.find((decade) => decade.decade === '1990s')?.count ?? 0).toBe(nineties);
  });

  it('counts authors by entry, first author apart, and families with their distinct people', () => {
    expect(profile?.authors.length).toBeGreaterThan(0);
    for (const author of profile?.authors ?? []) {
      const family = author.name.split(',')[0] ?? '';
      const entries = partial.references.filter((entry) =>
        [
          ...(entry.csl.author ?? []),
          ...(entry.kind === 'edited-volume' ? (entry.csl.editor ?? []) : []),
        ].some((name) => (name.literal ?? name.family) === family),
      );
      expect(author.entries).toBeGreaterThanOrEqual(2);
      expect(author.entries).toBeLessThanOrEqual(entries.length);
      expect(author.firstAuthorEntries).toBeLessThanOrEqual(author.entries);
    }
    for (const family of profile?.families ?? []) {
      const people = new Set(
        partial.references.flatMap((entry) =>
          (entry.csl.author ?? [])
            .filter((name) => (name.literal ?? name.family) === family.family)
            .map((name) => `${name.family}|${name.given}|${name.literal}`),
        ),
      );
      if (family.entries > 0 && people.size > 0) expect(family.people).toBe(people.size);
    }
    const shared = profile?.families.find((family) => family.people > 1);
    expect(shared).toBeDefined();
  });

  it('finds recurring topics in the cited titles', () => {
    const titles = partial.references.map((entry) => (entry.csl.title ?? '').toLowerCase()).join('\n');
    expect(profile?.topics.length).toBeGreaterThan(0);
    for (const topic of profile?.topics ?? []) {
      expect(titles).toContain(topic.term.toLowerCase());
      expect(topic.count).toBeGreaterThanOrEqual(2);
    }
  });
});
