/** Synthetic regression sets; every random draw comes from the Rng passed in. */
import type { BuiltinDataConfig } from '../../shared/config/types';
import type { Rng } from '../../shared/rng';
import { featureNames, numParam } from './params';
import type { RawDataset } from './types';

function regression(name: string, x: Float32Array, y: Float32Array, d: number, info: string[]): RawDataset {
  return { name, task: 'regression', featureNames: featureNames(d), nClasses: 1, x, y, n: y.length, info };
}

/** x ~ U[−π · periods, π · periods] (so `periods` full periods), y = sin(x) + noise · N(0, 1). */
export function sine(cfg: BuiltinDataConfig, rng: Rng): RawDataset {
  const n = numParam(cfg, 'points', { integer: true, min: 2 });
  const noise = numParam(cfg, 'noise', { min: 0 });
  const periods = numParam(cfg, 'periods', { min: 0 });
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const xi = rng.uniform(-Math.PI * periods, Math.PI * periods);
    x[i] = xi;
    y[i] = Math.sin(xi) + noise * rng.normal();
  }
  return regression('sine', x, y, 1, [`sine: ${n} points, ${periods} periods, noise ${noise} (synthetic)`]);
}

/** Friedman #1 without noise: 10 sin(π x1 x2) + 20 (x3 − 0.5)² + 10 x4 + 5 x5 (features 6… are ignored). */
export function friedman1Target(row: ArrayLike<number>, offset = 0): number {
  const v = (j: number): number => row[offset + j];
  return 10 * Math.sin(Math.PI * v(0) * v(1)) + 20 * (v(2) - 0.5) ** 2 + 10 * v(3) + 5 * v(4);
}

/**
 * As scikit-learn's make_friedman1: x ~ U[0, 1]^features, y = friedman1Target(x) + noise · N(0, 1);
 * only the first five features matter, the rest are noise inputs.
 */
export function friedman1(cfg: BuiltinDataConfig, rng: Rng): RawDataset {
  const n = numParam(cfg, 'points', { integer: true, min: 2 });
  const d = numParam(cfg, 'features', { integer: true, min: 5 });
  const noise = numParam(cfg, 'noise', { min: 0 });
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = rng.uniform();
    x.set(row, i * d);
    y[i] = friedman1Target(row) + noise * rng.normal();
  }
  return regression('friedman1', x, y, d, [`friedman1: ${n} points, ${d} features (5 informative), noise ${noise} (synthetic, as sklearn make_friedman1)`]);
}

/**
 * A linear target with gross outliers: x ~ N(0, I), weights w ~ N(0, 1) per feature and bias
 * b ~ N(0, 1) drawn once, y = w · x + b + noise · N(0, 1). Then round(outlierFraction · points)
 * rows, chosen at random, have their target shifted by +outlierScale or −outlierScale (random
 * sign). The outliers are in every split, so test error includes them.
 */
export function linearOutliers(cfg: BuiltinDataConfig, rng: Rng): RawDataset {
  const n = numParam(cfg, 'points', { integer: true, min: 2 });
  const d = numParam(cfg, 'features', { integer: true, min: 1 });
  const noise = numParam(cfg, 'noise', { min: 0 });
  const fraction = numParam(cfg, 'outlierFraction', { min: 0, max: 1 });
  const scale = numParam(cfg, 'outlierScale', { min: 0 });
  const w = Array.from({ length: d }, () => rng.normal());
  const bias = rng.normal();
  const x = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let t = bias;
    for (let j = 0; j < d; j++) {
      const v = rng.normal();
      x[i * d + j] = v;
      t += w[j] * v;
    }
    y[i] = t + noise * rng.normal();
  }
  const nOutliers = Math.round(fraction * n);
  const order = rng.permutation(n);
  for (let k = 0; k < nOutliers; k++) y[order[k]] += rng.next() < 0.5 ? -scale : scale;
  const fmt = (v: number): string => v.toFixed(3);
  return regression('linearOutliers', x, y, d, [
    `linearOutliers: ${n} points, ${d} features, noise ${noise}; y = w·x + b with w = [${w.map(fmt).join(', ')}], b = ${fmt(bias)} (synthetic)`,
    `linearOutliers: ${nOutliers} targets (${fraction} of the rows) shifted by ±${scale}`,
  ]);
}
