import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MeasureQuality, QualityReport } from '../tests/quality/figures.js';

/**
 * Prints the figures of every quality suite (tests/quality/*.quality.ts) in one table, then the cases
 * that failed. It always exits 0: it reports; the suites' *.test.ts files assert the targets.
 */
const directory = path.resolve(import.meta.dirname, '..', 'tests', 'quality');
const suites = readdirSync(directory)
  .filter((file) => file.endsWith('.quality.ts'))
  .sort();

const reports: QualityReport[] = [];
for (const file of suites) {
  const module = (await import(pathToFileURL(path.join(directory, file)).href)) as {
    measure?: MeasureQuality;
  };
  if (typeof module.measure !== 'function') {
    console.error(`${file}: exports no measure()`);
    continue;
  }
  try {
    reports.push(await module.measure());
  } catch (error) {
    console.error(`${file}: measure() failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const rows = reports.flatMap((report) =>
  report.figures.map((figure) => [
    report.suite,
    String(report.cases),
    figure.name,
    figure.unit === '%' ? `${figure.value} %` : String(figure.value),
    figure.target,
    figure.pass ? 'pass' : 'MISS',
  ]),
);
const header = ['suite', 'cases', 'figure', 'value', 'target', ''];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
);
const line = (cells: string[]) =>
  cells
    .map((cell, column) => cell.padEnd(widths[column] ?? 0))
    .join('  ')
    .trimEnd();
console.log(line(header));
console.log(widths.map((width) => '-'.repeat(width)).join('  '));
for (const row of rows) console.log(line(row));
for (const report of reports) {
  if (report.failures.length === 0) continue;
  console.log(`\n${report.suite}: ${report.failures.length} failed case(s)`);
  for (const failure of report.failures) console.log(`  ${failure}`);
}
