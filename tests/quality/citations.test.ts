import { describe, expect, it } from 'vitest';
import { inventedFacts, measure, wrongCredit } from './citations.quality.js';

describe('citation quality over the real library', async () => {
  const report = await measure();

  it('ran every passage and every work in every style', () => {
    expect(report.cases).toBeGreaterThan(400);
  });

  it.each(report.figures.map((figure) => [figure.name, figure] as const))(
    '%s meets its target',
    (_name, figure) => {
      expect(figure.pass, `${figure.name} = ${figure.value}\n${report.failures.join('\n')}`).toBe(true);
    },
  );
});

describe('the invented-facts count', () => {
  const yearOnly = {
    id: 'x',
    type: 'report' as const,
    title: 'T',
    author: [{ family: 'Park', given: 'Jinho' }],
    issued: { 'date-parts': [[2013]] },
  };

  it('counts a day, a month, a DOI and a place the record lacks', () => {
    expect(
      inventedFacts(
        yearOnly,
        'Park, J. (2013, February 12). T. Honolulu: Pacific Forum. https://doi.org/10.1/x',
      ),
    ).toEqual(['a DOI', 'the month February', 'the day 12', 'a place of publication']);
  });

  it('does not count the day Cite Them Right says the reference was made', () => {
    expect(
      inventedFacts(yearOnly, 'Park, J. (2013) T. Available at: https://x.test (Accessed: 1 December 2026).'),
    ).toEqual([]);
  });
});

describe('the misattribution count', () => {
  const yoon = { id: 'y', type: 'speech' as const, author: [{ family: 'Yoon', given: 'Young-Kwan' }] };

  it('counts a cited work credited to the document that lists it', () => {
    expect(wrongCredit('(Jung, 2013, reference 48)', yoon)).toBeDefined();
    expect(wrongCredit('(Yoon, 2002, as cited in Jung, 2013)', yoon)).toBeUndefined();
  });
});
