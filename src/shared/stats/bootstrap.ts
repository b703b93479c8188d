/**
 * The bias-corrected and accelerated (BCa) percentile bootstrap of a mean, over seeds. The resampling scheme is fixed
 * so that `test/fixtures/stats/make-reference.py` reproduces it draw for draw: resample b (of B) takes
 * n indices `rng.int(n)` in order from one `Rng(seed)`, and its mean is the left-to-right sum / n.
 * z0 = Φ⁻¹(share of resampled means below the observed one, ties counted half, clamped to
 * [1/2B, 1 − 1/2B]); the acceleration a = Σd³ / (6 (Σd²)^1.5) over the jackknife means' deviations
 * d (0 when they are all equal); the bounds are the Φ(z0 + (z0 ∓ z) / (1 − a (z0 ∓ z))) quantiles of
 * the resampled means, linearly interpolated between order statistics (numpy's default). The
 * acceleration matters for skewed differences (one seed far off the others).
 */
import { Rng } from '../rng';
import { normalCdf, normalQuantile } from './special';
import type { Interval } from './t-tests';

export const BOOTSTRAP_RESAMPLES = 10000;

function sequentialMean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}

/** The `q`-quantile (0…1) of sorted values, linear between order statistics. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  if (i >= sorted.length - 1) return sorted[sorted.length - 1];
  return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
}

export function bootstrapMeans(xs: readonly number[], resamples: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const n = xs.length;
  const out = new Float64Array(resamples);
  const draw = new Float64Array(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) draw[i] = xs[rng.int(n)];
    out[b] = sequentialMean(draw);
  }
  return out;
}

function acceleration(xs: readonly number[]): number {
  const n = xs.length;
  const jack: number[] = [];
  for (let i = 0; i < n; i++) jack.push(sequentialMean([...xs.slice(0, i), ...xs.slice(i + 1)]));
  const jbar = sequentialMean(jack);
  let num = 0;
  let den = 0;
  for (const j of jack) {
    num += (jbar - j) ** 3;
    den += (jbar - j) ** 2;
  }
  return den > 0 ? num / (6 * den ** 1.5) : 0;
}

export function bcaBootstrapInterval(xs: readonly number[], confidence: number, seed: number, resamples = BOOTSTRAP_RESAMPLES): Interval {
  const observed = sequentialMean(xs);
  const means = bootstrapMeans(xs, resamples, seed).sort();
  let below = 0;
  for (const m of means) below += m < observed ? 1 : m === observed ? 0.5 : 0;
  const share = Math.min(Math.max(below / resamples, 1 / (2 * resamples)), 1 - 1 / (2 * resamples));
  const z0 = normalQuantile(share);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const a = acceleration(xs);
  const bound = (zz: number): number => {
    const den = 1 - a * (z0 + zz);
    // Past the pole of the acceleration's correction the bound runs to the end of the resamples.
    return quantileSorted(means, den > 0 ? normalCdf(z0 + (z0 + zz) / den) : zz > 0 ? 1 : 0);
  };
  return [bound(-z), bound(z)];
}
