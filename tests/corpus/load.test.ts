import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CorpusError,
  type CorpusProblem,
  type CorpusWarning,
  DATA_DIR,
  loadCorpus,
  type SkippedFile,
} from '../../src/corpus/index.js';
import { dataDirWith } from './helpers.js';

const corpus = loadCorpus(DATA_DIR);
const park = corpus.getDocument('park-2013');
const jung = corpus.getDocument('jung-2013');

const CHROME = [
  '본문',
  '바로가기',
  'Downloaded',
  'Viewed',
  'ISSN',
  '(P)0023-3900',
  'v.53 no.3',
  '**',
  'mailto',
  '@',
];

describe('loadCorpus on data/', () => {
  it('finds both documents', () => {
    expect(park?.file).toBe('park-2013.md');
    expect(jung?.file).toBe('jung-2013.md');
    expect(corpus.documents).toHaveLength(2);
  });

  it('gives Park (2013) seven paragraphs with stable ids and locators', () => {
    const paragraphs = park?.passages ?? [];
    expect(paragraphs.map((passage) => passage.kind)).toEqual(Array(7).fill('paragraph'));
    expect(paragraphs.map((passage) => passage.locator)).toEqual(
      [1, 2, 3, 4, 5, 6, 7].map((n) => `para. ${n}`),
    );
    expect(corpus.getPassage('park-2013#p5')).toBe(paragraphs[4]);
    expect(park?.fullText).toBe(true);
    expect(park?.references).toEqual([]);
  });

  it('joins the page break: para. 5 holds both halves of the split sentence', () => {
    const text = corpus.getPassage('park-2013#p5')?.text ?? '';
    expect(text).toContain('The UN Security Council (UNSC) should be at the center');
    expect(text).toContain(
      'In this respect, any future Security Council resolution concerning North Korean provocations',
    );
    expect(corpus.getPassage('park-2013#p6')?.text.startsWith('While developing')).toBe(true);
  });

  it('keeps title, byline, e-mail and disclaimer out of the passages', () => {
    expect(park?.disclaimer).toMatch(/^PacNet commentaries and responses represent the views/);
    expect(park?.authorNote).toMatch(/^Jinho Park is a Legislative Aide/);
    expect(park?.authorNote).not.toMatch(/@|gmail/);
    for (const passage of corpus.passages) {
      expect(passage.text).not.toContain('PacNet commentaries');
      expect(passage.text).not.toContain('by Jinho Park');
      for (const chrome of CHROME) expect(passage.text).not.toContain(chrome);
    }
  });

  it('gives Jung (2013) an abstract, keywords and 49 numbered references, and says the full text is missing', () => {
    expect(jung?.fullText).toBe(false);
    expect(jung?.coverageNote).toMatch(/full text is not/);
    const kinds = jung?.passages.map((passage) => passage.kind) ?? [];
    expect(kinds.slice(0, 2)).toEqual(['abstract', 'keywords']);
    expect(kinds.filter((kind) => kind === 'reference')).toHaveLength(49);
    expect(jung?.references).toHaveLength(49);
    expect(corpus.getPassage('jung-2013#ref12')?.locator).toBe('reference 12');
    expect(corpus.getPassage('jung-2013#ref12')?.text).toBe(jung?.references[11]?.raw);
    expect(corpus.getPassage('jung-2013#abstract')?.text).toMatch(/^Arguing against the view/);
    expect(jung?.keywords).toEqual([
      'North Korea',
      'positive engagement',
      'Nunn-Lugar',
      'nuclear security',
      'risk avoidance',
      'joint consortium',
    ]);
    expect(corpus.getPassage('jung-2013#keywords')?.text).toBe(jung?.keywords.join('; '));
  });

  it('reads the reference kinds the list holds', () => {
    const count = (kind: string) => jung?.references.filter((reference) => reference.kind === kind).length;
    expect(count('journal-article')).toBeGreaterThanOrEqual(25);
    expect(count('book')).toBeGreaterThanOrEqual(6);
    for (const kind of [
      'edited-volume',
      'chapter',
      'conference-paper',
      'testimony',
      'newspaper',
      'web-page',
    ]) {
      expect(count(kind), kind).toBeGreaterThanOrEqual(1);
    }
    const ids = jung?.references.map((reference) => reference.csl.id);
    expect(ids?.[11]).toBe('jung-2013-ref-12');
    expect(new Set(ids).size).toBe(49);
  });

  it('holds only confirmed metadata: no DOI, and no month or day for Park (2013)', () => {
    for (const document of corpus.documents) {
      expect(document.csl.DOI).toBeUndefined();
      expect(document.csl.id).toBe(document.id);
    }
    expect(park?.csl.issued).toEqual({ 'date-parts': [[2013]] });
    expect(park?.csl).toMatchObject({
      type: 'report',
      'collection-title': 'PacNet',
      number: '9A',
      publisher: 'Pacific Forum CSIS',
      'publisher-place': 'Honolulu',
    });
    expect(jung?.csl).toMatchObject({
      type: 'article-journal',
      'container-title': 'Korea Journal',
      volume: '53',
      issue: '3',
      page: '133-157',
      ISSN: '0023-3900',
      issued: { 'date-parts': [[2013]], season: 3 },
    });
  });

  it('gives every passage sentence spans that cover its words, in order and without overlap', () => {
    for (const passage of corpus.passages) {
      expect(passage.sentences.length, passage.id).toBeGreaterThan(0);
      let previousEnd = 0;
      for (const span of passage.sentences) {
        expect(span.start).toBeGreaterThanOrEqual(previousEnd);
        const sentence = passage.text.slice(span.start, span.end);
        expect(sentence).toBe(sentence.trim());
        expect(sentence).toMatch(/[\p{L}\p{N}]/u);
        previousEnd = span.end;
      }
      const covered = passage.sentences.map((span) => passage.text.slice(span.start, span.end)).join('');
      expect(covered.replace(/\s/g, '')).toBe(passage.text.replace(/\s/g, ''));
    }
    expect(corpus.getPassage('park-2013#p5')?.sentences).toHaveLength(5);
  });

  it('reports every reference the parser could not fully read, and keeps it', () => {
    const warnings: CorpusWarning[] = [];
    const reloaded = loadCorpus(DATA_DIR, { onWarning: (warning) => warnings.push(warning) });
    const references = reloaded.getDocument('jung-2013')?.references ?? [];
    const reported = new Set(warnings.map((warning) => warning.field));
    for (const reference of references) {
      if (reference.problems.length > 0) expect(reported).toContain(`references[${reference.number}]`);
    }
    expect(warnings).toHaveLength(references.flatMap((reference) => reference.problems).length);
    for (const warning of warnings) expect(warning.file).toMatch(/jung-2013\.md$/);
    // Most entries read cleanly; the reported ones stay in the corpus.
    expect(references.filter((reference) => reference.problems.length === 0).length).toBeGreaterThan(35);
    expect(references).toHaveLength(49);
  });
});

describe('loadCorpus on other directories', () => {
  const created: string[] = [];
  const withFixtures = (...fixtures: string[]) => {
    const directory = dataDirWith(...fixtures);
    created.push(directory);
    return directory;
  };
  afterEach(() => {
    for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('picks up a third document with no code change', () => {
    const loaded = loadCorpus(withFixtures('extra/doe-2021.md'));
    expect(loaded.documents.map((document) => document.id)).toEqual(['doe-2021', 'jung-2013', 'park-2013']);
    const doe = loaded.getDocument('doe-2021');
    expect(doe?.csl.volume).toBe('4');
    expect(doe?.passages.map((passage) => passage.id)).toEqual([
      'doe-2021#p1',
      'doe-2021#p2',
      'doe-2021#ref1',
    ]);
    expect(loaded.getPassage('doe-2021#p2')?.text).toBe(
      'The second paragraph is hard-wrapped over two lines.',
    );
    expect(doe?.references[0]?.kind).toBe('book');
    expect(loaded.passages).toHaveLength(corpus.passages.length + 3);
  });

  const malformed: Array<[string, RegExp]> = [
    // A missing key is placed on its parent's line (csl: is line 5).
    ['malformed/missing-title.md', /missing-title\.md:5: csl\.title: Required$/],
    // Files load in name order, so the second of the two files is the one blamed; both are named.
    [
      'malformed/duplicate-id.md',
      /park-2013\.md: id: duplicate document id "park-2013" \(already used by .*duplicate-id\.md\)/,
    ],
    ['malformed/wrong-type.md', /wrong-type\.md:4: fullText: .*boolean/],
    ['malformed/bad-yaml.md', /bad-yaml\.md:\d+: front matter: invalid YAML: [^\n]+$/],
  ];
  for (const [fixture, message] of malformed) {
    it(`rejects ${path.basename(fixture)}, naming file and field`, () => {
      const directory = withFixtures(fixture);
      let thrown: unknown;
      try {
        loadCorpus(directory);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CorpusError);
      expect((thrown as CorpusError).message).toMatch(message);
    });
  }

  const FRONT =
    'id: inline\nshortTitle: Inline (2020)\ncsl:\n  type: book\n  title: T\n  issued:\n    date-parts: [[2020]]\n';
  const inlineCases: Array<[string, string, RegExp]> = [
    [
      'partial text without a coverage note',
      `---\n${FRONT}fullText: false\n---\n## Abstract\n\nText.\n`,
      /inline\.md:9: coverageNote: Required when fullText is false/,
    ],
    [
      'an unknown section',
      `---\n${FRONT}fullText: true\n---\n## Text\n\nA.\n\n## Appendix\n\nB.\n`,
      /inline\.md:15: body: unknown heading "## Appendix"/,
    ],
    [
      'an empty section',
      `---\n${FRONT}fullText: true\n---\n## Text\n\nA.\n\n## References\n\n`,
      /inline\.md:15: references: section "## References" is empty/,
    ],
    [
      'full text without a Text section',
      `---\n${FRONT}fullText: true\n---\n## Abstract\n\nA.\n`,
      /inline\.md:11: text: fullText is true/,
    ],
    [
      // One mistake, one message: the unknown key with its correction, not also "fullText: Required".
      'a misspelt field',
      `---\n${FRONT}fulltext: true\n---\n## Text\n\nA.\n`,
      /^[^\n]*inline\.md:9: fulltext: unknown key; did you mean `fullText`\?$/,
    ],
    [
      'a bad name in csl',
      `---\n${FRONT.replace('  type: book', '  type: book\n  author:\n    - given: Jane')}fullText: true\n---\n## Text\n\nA.\n`,
      /inline\.md:7: csl\.author\[0\]: a name needs/,
    ],
    ['no front matter', '## Text\n\nA.\n', /inline\.md: front matter: missing/],
  ];
  for (const [label, source, message] of inlineCases) {
    it(`rejects ${label}`, () => {
      const directory = withFixtures();
      writeFileSync(path.join(directory, 'inline.md'), source);
      expect(() => loadCorpus(directory)).toThrow(message);
    });
  }

  it('reports every problem of every file in one run, each with file, field and line', () => {
    const directory = withFixtures('malformed/many-mistakes.md', 'malformed/second-file.md');
    let thrown: unknown;
    try {
      loadCorpus(directory);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CorpusError);
    const problems = (thrown as CorpusError).problems;
    const seen = (file: string) =>
      problems
        .filter((problem) => problem.file.endsWith(file))
        .map((problem) => [problem.line, problem.field, problem.message.split(';')[0]?.split(':')[0]]);
    expect(seen('many-mistakes.md')).toEqual(
      expect.arrayContaining([
        [2, 'id', 'must be lower-case letters, digits and single hyphens, e.g. "park-2013"'],
        [4, 'fulltext', 'unknown key'],
        [12, 'csl.volumme', 'unknown key'],
        [6, 'csl.type', expect.any(String)],
        [9, 'csl.author[0]', 'a name needs `family` (a person) or `literal` (an institution)'],
        [
          19,
          'body',
          'unknown heading "## Appendix" (sections are "## Abstract", "## Keywords", "## Text", "## References")',
        ],
      ]),
    );
    expect(seen('many-mistakes.md')).toHaveLength(6);
    expect(seen('second-file.md')).toEqual([[4, 'coverageNote', expect.stringMatching(/^Required when/)]]);
    const message = (thrown as CorpusError).message;
    expect(message).toMatch(/^7 problems in 2 files of the library:/);
    expect(message).toContain('many-mistakes.md:12: csl.volumme: unknown key; did you mean `volume`?');
    // The real documents are fine and are not blamed.
    expect(problems.some((problem) => /park-2013|jung-2013/.test(problem.file))).toBe(false);
  });

  it('names the known keys when an unknown key is close to none of them', () => {
    const directory = withFixtures();
    writeFileSync(
      path.join(directory, 'inline.md'),
      `---\n${FRONT}fullText: true\nreviewer: Someone\n---\n## Text\n\nA.\n`,
    );
    expect(() => loadCorpus(directory)).toThrow(
      /inline\.md:10: reviewer: unknown key \(known here: `id`, `shortTitle`, `fullText`/,
    );
  });

  it('skips a file that is not a library document, naming it and the formats data/ takes', () => {
    const directory = withFixtures();
    writeFileSync(path.join(directory, 'paper.pdf'), '%PDF-1.4\n');
    writeFileSync(path.join(directory, 'notes.txt'), 'notes\n');
    const skipped: SkippedFile[] = [];
    const loaded = loadCorpus(directory, { onSkippedFile: (file) => skipped.push(file) });
    expect(loaded.documents).toHaveLength(2);
    expect(skipped.map((file) => path.basename(file.file))).toEqual(['notes.txt', 'paper.pdf']);
    for (const file of skipped) {
      expect(file.reason).toMatch(/not a library document/);
      expect(file.reason).toContain('*.md');
      expect(file.problems).toEqual([]);
    }
  });

  it('when not strict, skips a broken document with its problems and loads the rest', () => {
    const directory = withFixtures('malformed/many-mistakes.md', 'extra/doe-2021.md');
    const skipped: SkippedFile[] = [];
    const loaded = loadCorpus(directory, { strict: false, onSkippedFile: (file) => skipped.push(file) });
    expect(loaded.documents.map((document) => document.id)).toEqual(['doe-2021', 'jung-2013', 'park-2013']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.file).toMatch(/many-mistakes\.md$/);
    expect(skipped[0]?.problems).toHaveLength(6);
    expect(skipped[0]?.reason).toMatch(/6 problems/);
  });

  it('when not strict, still refuses a library in which no document loads', () => {
    const directory = withFixtures();
    for (const file of ['park-2013.md', 'jung-2013.md']) rmSync(path.join(directory, file));
    writeFileSync(path.join(directory, 'inline.md'), '## Text\n\nA.\n');
    let problems: readonly CorpusProblem[] = [];
    try {
      loadCorpus(directory, { strict: false });
    } catch (error) {
      if (error instanceof CorpusError) problems = error.problems;
    }
    expect(problems.map((problem) => problem.field)).toEqual(['front matter']);
  });

  it('ignores README.md in the data directory', () => {
    const directory = withFixtures();
    writeFileSync(path.join(directory, 'README.md'), '# Not a document\n');
    expect(loadCorpus(directory).documents).toHaveLength(2);
  });

  it('rejects a missing directory and a directory without documents', () => {
    expect(() => loadCorpus(path.join(DATA_DIR, 'no-such-dir'))).toThrow(CorpusError);
    expect(() => loadCorpus(path.join(DATA_DIR, '..', 'src', 'corpus'))).toThrow(/holds no \*\.md documents/);
  });
});
