import { describe, expect, it } from 'vitest';
import { DATA_DIR, loadCorpus } from '../../src/corpus/index.js';
import { compareOnTopic, compareOverall } from '../../src/extract/compare.js';
import { createSearchEngine } from '../../src/search/index.js';
import { expectGrounded } from './grounded.js';

const corpus = loadCorpus(DATA_DIR);
const search = createSearchEngine(corpus);
const park = corpus.getDocument('park-2013');
const jung = corpus.getDocument('jung-2013');
if (!park || !jung) throw new Error('corpus documents missing');

describe('comparisons', () => {
  const ids = ['park-2013', 'jung-2013'];
  const column = (topic: string, id: string) =>
    compareOnTopic(corpus, search, ids, topic).columns.find((c) => c.documentId === id);

  it('Nunn-Lugar: a passage from Jung, and Park does not address it', () => {
    expect(column('Nunn-Lugar', 'jung-2013')?.addressed).toBe(true);
    expect(column('Nunn-Lugar', 'park-2013')?.addressed).toBe(false);
  });

  it('Security Council: a passage from Park; Jung uses the words only apart', () => {
    expect(column('Security Council', 'park-2013')).toMatchObject({ addressed: true, together: true });
    // Jung's keywords say "nuclear security" and a cited conference names a council: not the topic, but
    // not silence either, so the column says the words never stand together.
    expect(column('Security Council', 'jung-2013')).toMatchObject({ addressed: true, together: false });
  });

  it('never says a document does not address its own subject', () => {
    const park = column('nuclear proliferation', 'park-2013');
    expect(park).toMatchObject({ addressed: true, missingWords: ['proliferation'] });
  });

  it('coercion: both documents', () => {
    expect(column('coercion', 'park-2013')?.addressed).toBe(true);
    expect(column('coercion', 'jung-2013')?.addressed).toBe(true);
  });

  it('lists as "only in" no term the other document uses anywhere', () => {
    const overall = compareOverall(corpus, [park, jung]);
    const onlyJung = overall.uniqueTerms.find((entry) => entry.documentId === 'jung-2013')?.terms ?? [];
    expect(onlyJung.map((term) => term.term)).not.toContain('measures');
    expect(onlyJung.map((term) => term.term)).not.toContain('North Korea');
    expect(onlyJung.map((term) => term.term)).toContain('Nunn-Lugar');
  });

  it('shows where one argues against what the other takes, side by side', () => {
    const [disagreement] = compareOverall(corpus, [park, jung]).disagreements;
    expect(disagreement?.term.term).toBe('coercive measures');
    expect(disagreement?.against).toMatchObject({ documentId: 'jung-2013', cue: 'against' });
    expect(disagreement?.against.quotation.text).toMatch(
      /^Arguing against the view that “coercive measures”/,
    );
    expect(disagreement?.takenBy).toMatchObject({ documentId: 'park-2013', recommends: true });
    expect(disagreement?.takenBy.quotation.text).toMatch(/should begin considering .* coercive measures/);
  });

  it('derives its sections from the documents’ own distinctive phrases', () => {
    const axes = compareOverall(corpus, [park, jung]).axes.map((axis) => axis.term.term);
    expect(axes).toContain('positive engagement');
    expect(axes.some((term) => /coerc|nuclear test/.test(term))).toBe(true);
  });

  it('quotes only verbatim sentences, on a topic and overall', () => {
    for (const topic of ['Nunn-Lugar', 'Security Council', 'coercion', 'aid and deterrence', 'Japan']) {
      for (const c of compareOnTopic(corpus, search, ids, topic).columns)
        if (c.addressed) for (const quotation of c.quotations) expectGrounded(corpus, quotation);
    }
    const overall = compareOverall(corpus, [park, jung]);
    for (const { thesis } of overall.theses) if (thesis) expectGrounded(corpus, thesis);
    for (const axis of overall.axes)
      for (const column of axis.columns) if (column.uses !== 'none') expectGrounded(corpus, column.quotation);
    for (const disagreement of overall.disagreements) {
      expectGrounded(corpus, disagreement.against.quotation);
      expectGrounded(corpus, disagreement.takenBy.quotation);
    }
    expect(overall.theses.find((t) => t.documentId === 'park-2013')?.thesis?.text).toMatch(
      /coercive engagement/,
    );
    expect(overall.sharedTerms.map((term) => term.term.toLowerCase())).toContain('engagement');
  });
});
