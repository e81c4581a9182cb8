import { expect, it } from 'vitest';
import { measure } from './quote.quality.js';

it('checks every quotation case right', async () => {
  const report = await measure();
  expect(report.cases).toBeGreaterThan(50);
  expect(report.failures).toEqual([]);
  for (const figure of report.figures) expect(figure.pass, figure.name).toBe(true);
});
