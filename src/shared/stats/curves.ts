/**
 * Curves over training steps: the paired difference between two arms at each evaluation step (mean
 * over seeds with a pointwise t band), and the area under a curve as one number per seed.
 */
import { mean, pairedT } from './t-tests';

export interface CurvePoint {
  step: number;
  value: number;
}

/** seed → that seed's curve, in step order. */
export type SeedCurves = ReadonlyMap<number, readonly CurvePoint[]>;

export interface DiffPoint {
  step: number;
  /** Seeds evaluated at this step on both sides (fewer late in training when some stopped early). */
  n: number;
  /** Mean of arm − baseline, signed so that positive = the arm is better. */
  mean: number;
  /** Pointwise paired t band; absent below two seeds. Not a simultaneous band over all steps. */
  lo?: number;
  hi?: number;
}

/**
 * Area under the curve by trapezoids, divided by the step span: the curve's average level, so runs of
 * different lengths stay on the metric's scale. One point: its value; none: NaN.
 */
export function curveArea(points: readonly CurvePoint[]): number {
  const finite = points.filter((p) => Number.isFinite(p.value));
  if (finite.length === 0) return NaN;
  if (finite.length === 1) return finite[0].value;
  let area = 0;
  for (let i = 1; i < finite.length; i++) area += ((finite[i].value + finite[i - 1].value) / 2) * (finite[i].step - finite[i - 1].step);
  const span = finite[finite.length - 1].step - finite[0].step;
  return span > 0 ? area / span : mean(finite.map((p) => p.value));
}

/** Per step, the paired difference over the seeds both sides evaluated there (non-finite values skipped). */
export function pairedCurveDiff(arm: SeedCurves, baseline: SeedCurves, higherIsBetter: boolean, confidence: number): DiffPoint[] {
  const sign = higherIsBetter ? 1 : -1;
  const byStep = new Map<number, number[]>();
  for (const [seed, points] of arm) {
    const base = new Map((baseline.get(seed) ?? []).map((p) => [p.step, p.value]));
    for (const p of points) {
      const b = base.get(p.step);
      if (b === undefined || !Number.isFinite(b) || !Number.isFinite(p.value)) continue;
      byStep.set(p.step, [...(byStep.get(p.step) ?? []), sign * (p.value - b)]);
    }
  }
  return [...byStep.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([step, diffs]) => {
      if (diffs.length < 2) return { step, n: diffs.length, mean: diffs[0] };
      const t = pairedT(diffs, confidence);
      return { step, n: diffs.length, mean: t.mean, lo: t.ci[0], hi: t.ci[1] };
    });
}
