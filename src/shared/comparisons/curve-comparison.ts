/**
 * The paired comparison along the validation curve, from metric records (`metrics.jsonl`, or what the
 * chart panel holds): the difference band per evaluation step and the area under the curve compared
 * per seed like any other metric. Node-free, for the webview too. Curves are taken as logged: a
 * diverged seed's curve just ends (records carry no status), so the failed-seed rule of `scores.ts`
 * does not apply here.
 */
import { defaultEarlyStoppingMode } from '../metric-direction';
import type { MetricRecord } from '../metrics';
import { comparePaired, type SampleComparison } from '../stats/compare-samples';
import { curveArea, type CurvePoint, type DiffPoint, pairedCurveDiff, type SeedCurves } from '../stats/curves';

export interface CurveComparison {
  metric: string;
  arm: string;
  baseline: string;
  higherIsBetter: boolean;
  diff: DiffPoint[];
  /** Area under the curve (its average level over the steps) compared per seed; absent without a common seed. */
  area?: SampleComparison;
}

/** seed → the `eval` curve of `metric` for one arm, in step order. */
export function evalCurves(records: readonly MetricRecord[], arm: string, metric: string): Map<number, CurvePoint[]> {
  const out = new Map<number, CurvePoint[]>();
  for (const r of records) {
    if (r.kind !== 'eval' || r.arm !== arm || !(metric in r.values)) continue;
    const list = out.get(r.seed) ?? [];
    list.push({ step: r.step, value: r.values[metric] });
    out.set(r.seed, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.step - b.step);
  return out;
}

export function compareCurves(records: readonly MetricRecord[], arm: string, baseline: string, metric: string, confidence = 0.95, seed = 0): CurveComparison {
  return compareSeedCurves(evalCurves(records, arm, metric), evalCurves(records, baseline, metric), { metric, arm, baseline }, confidence, seed);
}

/** The same from curves already grouped by seed (the chart panel holds them as columns, not records). */
export function compareSeedCurves(a: SeedCurves, b: SeedCurves, names: { metric: string; arm: string; baseline: string }, confidence = 0.95, seed = 0): CurveComparison {
  const higherIsBetter = defaultEarlyStoppingMode(names.metric) === 'max';
  const sign = higherIsBetter ? 1 : -1;
  const areaDiffs = [...a.keys()]
    .filter((s) => b.has(s))
    .sort((x, y) => x - y)
    .map((s) => sign * (curveArea(a.get(s)!) - curveArea(b.get(s)!)))
    .filter(Number.isFinite);
  return {
    ...names, higherIsBetter,
    diff: pairedCurveDiff(a, b, higherIsBetter, confidence),
    ...(areaDiffs.length ? { area: comparePaired(areaDiffs, { confidence, seed }) } : {}),
  };
}
