import { expect, it } from 'vitest';
import { measure } from './summary.quality.js';

it('gives every document a faithful summary at every length', async () => {
  const report = await measure();
  expect(report.cases).toBeGreaterThanOrEqual(9);
  expect(report.failures).toEqual([]);
  for (const figure of report.figures) expect(figure.pass, figure.name).toBe(true);
});
