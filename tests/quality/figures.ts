/**
 * The contract every quality suite keeps. Each `tests/quality/<suite>.quality.ts` exports `measure()`,
 * which runs its cases against the real library and code and returns figures; its `<suite>.test.ts`
 * asserts that every figure meets its target, and `npm run quality` prints them all in one table.
 */

export interface QualityFigure {
  /** What is counted, as a reader would say it: "top-1", "false /compare claims". */
  name: string;
  value: number;
  unit: '%' | 'count' | 'ratio';
  /** The target as printed, e.g. "≥ 95 %" or "= 0". */
  target: string;
  /** Whether the value meets the target. */
  pass: boolean;
}

export interface QualityReport {
  /** The suite's name, e.g. "search", "compare", "quote", "citations". */
  suite: string;
  /** How many cases the suite ran. */
  cases: number;
  figures: QualityFigure[];
  /** One line per failed case, naming the case and what came back instead. */
  failures: string[];
}

export type MeasureQuality = () => Promise<QualityReport>;
