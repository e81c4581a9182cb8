import { expect, it } from 'vitest';
import { measure } from './compare.quality.js';

it('makes no /compare claim the library’s text contradicts, for any pair of documents', async () => {
  const report = await measure();
  expect(report.cases).toBeGreaterThan(100);
  expect(report.failures).toEqual([]);
  for (const figure of report.figures) expect(figure.pass, figure.name).toBe(true);
});
