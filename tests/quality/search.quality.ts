import { loadCorpus } from '../../src/corpus/index.js';
import { createSearchEngine } from '../../src/search/index.js';
import type { QualityFigure, QualityReport } from './figures.js';
import { CASE_SETS, type SearchCaseSet } from './search-cases.js';

/** Where each question's expected passage came: its rank from 1, or 0 when not in the first ten. */
interface Outcome {
  rank: number;
  top3: boolean;
}

function runSet(set: SearchCaseSet) {
  const engine = createSearchEngine(loadCorpus(set.directory()));
  const failures: string[] = [];
  const outcomes: Outcome[] = set.questions.map((question) => {
    const ranked = engine.search(question.question, { limit: 10 }).map((hit) => hit.passage.id);
    const rank = ranked.indexOf(question.expect) + 1;
    const wanted = question.top3 ? 'top 3' : 'first';
    const met = question.top3 ? rank >= 1 && rank <= 3 : rank === 1;
    if (!met) {
      const asked = question.question.length > 80 ? `${question.question.slice(0, 77)}…` : question.question;
      failures.push(
        `[${set.library}] ${question.kind}: "${asked}" wants ${question.expect} ${wanted}, got ${rank || '—'} (${ranked.slice(0, 3).join(', ') || 'nothing'})`,
      );
    }
    return { rank, top3: question.top3 === true };
  });
  let leaks = 0;
  for (const query of set.offTopic) {
    const hits = engine.search(query);
    if (hits.length === 0) continue;
    leaks++;
    failures.push(
      `[${set.library}] off-topic: "${query}" returned ${hits.map((hit) => hit.passage.id).join(', ')}`,
    );
  }
  return { outcomes, leaks, failures, offTopic: set.offTopic.length };
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);

/** Runs every case set: top-1 and top-3 over all questions, MRR, and off-topic queries that leaked. */
export async function measure(): Promise<QualityReport> {
  const runs = CASE_SETS.map(runSet);
  const outcomes = runs.flatMap((run) => run.outcomes);
  const strict = outcomes.filter((outcome) => !outcome.top3);
  const top1 = strict.filter((outcome) => outcome.rank === 1).length;
  const top3 = outcomes.filter((outcome) => outcome.rank >= 1 && outcome.rank <= 3).length;
  const reciprocal = outcomes.reduce((sum, outcome) => sum + (outcome.rank > 0 ? 1 / outcome.rank : 0), 0);
  const leaks = runs.reduce((sum, run) => sum + run.leaks, 0);
  const mrr = Math.round((1000 * reciprocal) / Math.max(1, outcomes.length)) / 1000;
  const figures: QualityFigure[] = [
    {
      name: 'top-1 (questions that name a first passage)',
      value: percent(top1, strict.length),
      unit: '%',
      target: '≥ 95 %',
      pass: top1 / Math.max(1, strict.length) >= 0.95,
    },
    {
      name: 'top-3 (all questions)',
      value: percent(top3, outcomes.length),
      unit: '%',
      target: '= 100 %',
      pass: top3 === outcomes.length,
    },
    { name: 'MRR', value: mrr, unit: 'ratio', target: '≥ 0.9', pass: mrr >= 0.9 },
    { name: 'off-topic leaks', value: leaks, unit: 'count', target: '= 0', pass: leaks === 0 },
  ];
  return {
    suite: 'search',
    cases: outcomes.length + runs.reduce((sum, run) => sum + run.offTopic, 0),
    figures,
    failures: runs.flatMap((run) => run.failures),
  };
}
