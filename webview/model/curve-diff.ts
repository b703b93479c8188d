/**
 * The Verdict section's difference curves: for each arm against the baseline, the paired difference
 * of the main validation metric per evaluation step (mean over seeds with its pointwise band) and the
 * area under the curve compared per seed (`src/shared/comparisons/curve-comparison.ts`), read from the
 * run's eval streams. Only arms that share ≥ 2 seeds with the baseline get a curve; none for sweeps.
 */
import { compareSeedCurves } from '../../src/shared/comparisons/curve-comparison';
import { formatDiff, formatInterval } from '../../src/shared/comparisons/verdict';
import type { RunSummary } from '../../src/shared/metrics';
import type { SampleComparison } from '../../src/shared/stats/compare-samples';
import type { CurvePoint, DiffPoint } from '../../src/shared/stats/curves';
import type { Series } from './run-data';

/** What the model reads of a run (RunData has these). */
export interface CurveDiffRunLike {
  arms: readonly string[];
  summary?: RunSummary;
  sweep?: unknown;
  metricKind: ReadonlyMap<string, string>;
  seeds(arm: string): number[];
  series(arm: string, seed: number, metric: string): Series | undefined;
}

export type AreaDirection = 'better' | 'worse' | 'none';

export interface ArmDiff {
  arm: string;
  /** Seeds evaluated on both sides. */
  seeds: number[];
  /** Per evaluation step, in the chart's units (`scale` applied), positive = the arm is better. */
  diff: DiffPoint[];
  area?: SampleComparison;
  /** One line on the area under the curve (its average level over training). */
  areaText: string;
  areaDirection: AreaDirection;
}

export interface CurveDiffModel {
  metric: string;
  baseline: string;
  higherIsBetter: boolean;
  /** Accuracies are drawn in percentage points (×100). */
  scale: number;
  yTitle: string;
  arms: ArmDiff[];
}

const PREFERRED = ['val/accuracy', 'val/r2'];

/** The metric the verdicts rank by (the summary's `mainMetric`), else val/accuracy, val/r2, or the first val/ metric charted from evaluations. */
export function mainEvalMetric(run: Pick<CurveDiffRunLike, 'summary' | 'metricKind'>): string | undefined {
  const isEval = (m: string | undefined): m is string => !!m && run.metricKind.get(m) === 'eval';
  const named = run.summary?.arms.find((a) => a.mainMetric)?.mainMetric;
  if (isEval(named)) return named;
  return PREFERRED.find(isEval) ?? [...run.metricKind.keys()].find((m) => m.startsWith('val/') && isEval(m));
}

/** The baseline of the run's verdicts, else its first arm. */
export function diffBaseline(run: Pick<CurveDiffRunLike, 'summary' | 'arms'>): string | undefined {
  return run.summary?.comparisons?.[0]?.baseline ?? run.arms[0];
}

/** seed → the arm's curve of `metric` (finite values), for the seeds that have one. */
function seedCurves(run: CurveDiffRunLike, arm: string, metric: string): Map<number, CurvePoint[]> {
  const out = new Map<number, CurvePoint[]>();
  for (const seed of run.seeds(arm)) {
    const s = run.series(arm, seed, metric);
    if (!s) continue;
    const col = s.stream.metrics.get(metric)!;
    const points: CurvePoint[] = [];
    for (let i = 0; i < s.stream.length; i++) {
      const value = col.get(i);
      if (Number.isFinite(value)) points.push({ step: s.stream.step.get(i), value });
    }
    if (points.length) out.set(seed, points);
  }
  return out;
}

function areaLine(arm: string, baseline: string, metric: string, a: SampleComparison | undefined, confidence: number): { text: string; direction: AreaDirection } {
  const what = `area under the ${metric.replace(/\//g, ' ')} curve`;
  if (!a || !a.ci) return { text: `${arm} vs ${baseline} on ${what}: needs ≥ 2 seeds`, direction: 'none' };
  const tally = `${a.meanDiff >= 0 ? 'better' : 'worse'} on ${a.meanDiff >= 0 ? a.wins : a.losses} of ${a.n} seeds`;
  const interval = `${Math.round(confidence * 1000) / 10}% CI ${formatInterval(a.ci, metric)}`;
  const clear = a.ci[0] > 0 || a.ci[1] < 0;
  if (!clear) return { text: `${arm} vs ${baseline} on ${what}: no detectable difference (${formatDiff(a.meanDiff, metric)}, ${interval}, ${a.n} seeds)`, direction: 'none' };
  const ahead = a.meanDiff > 0;
  return { text: `${arm} ${ahead ? 'is ahead of' : 'is behind'} ${baseline} on ${what} by ${formatDiff(a.meanDiff, metric)} (${interval}; ${tally})`, direction: ahead ? 'better' : 'worse' };
}

export function curveDiffModel(run: CurveDiffRunLike, confidence = 0.95): CurveDiffModel | undefined {
  if (run.sweep) return undefined;
  const metric = mainEvalMetric(run);
  const baseline = diffBaseline(run);
  if (!metric || !baseline || !run.arms.includes(baseline)) return undefined;
  const base = seedCurves(run, baseline, metric);
  const scale = /accuracy$/.test(metric) ? 100 : 1;
  const arms: ArmDiff[] = [];
  let higherIsBetter = true;
  for (const arm of run.arms) {
    if (arm === baseline) continue;
    const curves = seedCurves(run, arm, metric);
    const seeds = [...curves.keys()].filter((s) => base.has(s)).sort((x, y) => x - y);
    if (seeds.length < 2) continue;
    const c = compareSeedCurves(curves, base, { metric, arm, baseline }, confidence);
    higherIsBetter = c.higherIsBetter;
    const diff = c.diff.map((p) => ({ ...p, mean: p.mean * scale, ...(p.lo !== undefined ? { lo: p.lo * scale, hi: p.hi! * scale } : {}) }));
    const line = areaLine(arm, baseline, metric, c.area, confidence);
    arms.push({ arm, seeds, diff, area: c.area, areaText: line.text, areaDirection: line.direction });
  }
  if (arms.length === 0) return undefined;
  const unit = scale === 100 ? ' (points)' : '';
  return { metric, baseline, higherIsBetter, scale, yTitle: `\u0394 ${metric} vs ${baseline}${unit}, + = better`, arms };
}
