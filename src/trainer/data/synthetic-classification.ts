/**
 * Synthetic classification sets. Rows come out grouped by class; the split shuffles them.
 * Every random draw comes from the Rng passed in, so a seed fixes the data.
 */
import type { BuiltinDataConfig } from '../../shared/config/types';
import type { Rng } from '../../shared/rng';
import { featureNames, numParam } from './params';
import type { RawDataset } from './types';

/** Collects 2-D (or d-D) points and labels, then packs them as float32. */
class Builder {
  private readonly xs: number[] = [];
  private readonly ys: number[] = [];

  add(point: readonly number[], label: number): void {
    for (const v of point) this.xs.push(v);
    this.ys.push(label);
  }

  build(name: string, d: number, nClasses: number, info: string[], classNames?: string[]): RawDataset {
    return {
      name,
      task: 'classification',
      featureNames: featureNames(d),
      nClasses,
      classNames,
      x: Float32Array.from(this.xs),
      y: Float32Array.from(this.ys),
      n: this.ys.length,
      info,
    };
  }
}

/** numpy.linspace(lo, hi, m) (endpoint included), element i. */
function linspace(lo: number, hi: number, m: number, i: number): number {
  return m > 1 ? lo + ((hi - lo) * i) / (m - 1) : lo;
}

/**
 * Spirals (Ruiz-Garcia et al.'s reference code for dynamical losses; CS231n). Class k of C, point
 * i of N per class:
 *   r = i / (N − 1)                                  (evenly spaced radii in [0, 1])
 *   θ = 2πk/C + 2π · turns · r + noise · ε,  ε ~ N(0, 1)   (noise perturbs the angle only)
 *   x = (r cos θ, r sin θ)
 * `turns` counts full revolutions of each arm: the reference code's `revolutions` parameter sweeps
 * θ over revolutions · π, so its setting revolutions = 4 equals turns = 2 here.
 */
export function spirals(cfg: BuiltinDataConfig, rng: Rng): RawDataset {
  const C = numParam(cfg, 'classes', { integer: true, min: 2 });
  const N = numParam(cfg, 'pointsPerClass', { integer: true, min: 1 });
  const turns = numParam(cfg, 'turns', { min: 0 });
  const noise = numParam(cfg, 'noise', { min: 0 });
  const b = new Builder();
  for (let k = 0; k < C; k++) {
    for (let i = 0; i < N; i++) {
      const r = linspace(0, 1, N, i);
      const theta = (2 * Math.PI * k) / C + 2 * Math.PI * turns * r + noise * rng.normal();
      b.add([r * Math.cos(theta), r * Math.sin(theta)], k);
    }
  }
  const info = [`spirals: ${C} arms × ${N} points, ${turns} turns, angle noise ${noise} (synthetic)`];
  return b.build('spirals', 2, C, info, Array.from({ length: C }, (_, k) => `arm ${k}`));
}

/**
 * Two interleaving half circles, as scikit-learn's make_moons: ⌊n/2⌋ points on the upper circle
 * (cos t, sin t), class 0, and the rest on the lower one (1 − cos t, 0.5 − sin t), class 1, with t
 * evenly spaced in [0, π]; then Gaussian noise of std `noise` on both coordinates.
 */
export function moons(cfg: BuiltinDataConfig, rng: Rng): RawDataset {
  const n = numParam(cfg, 'points', { integer: true, min: 2 });
  const noise = numParam(cfg, 'noise', { min: 0 });
  const nOut = Math.floor(n / 2);
  const nIn = n - nOut;
  const b = new Builder();
  for (let i = 0; i < nOut; i++) {
    const t = linspace(0, Math.PI, nOut, i);
    b.add([Math.cos(t) + noise * rng.normal(), Math.sin(t) + noise * rng.normal()], 0);
  }
  for (let i = 0; i < nIn; i++) {
    const t = linspace(0, Math.PI, nIn, i);
    b.add([1 - Math.cos(t) + noise * rng.normal(), 0.5 - Math.sin(t) + noise * rng.normal()], 1);
  }
  return b.build('moons', 2, 2, [`moons: ${n} points, noise ${noise} (synthetic, as sklearn make_moons)`], ['upper', 'lower']);
}

/**
 * Two concentric circles, as scikit-learn's make_circles: ⌊n/2⌋ points on the unit circle (class 0)
 * and the rest on a circle of radius `factor` (class 1), angles evenly spaced in [0, 2π) (endpoint
 * excluded); then Gaussian noise of std `noise` on both coordinates.
 */
export function circles(cfg: BuiltinDataConfig, rng: Rng): RawDataset {
  const n = numParam(cfg, 'points', { integer: true, min: 2 });
  const noise = numParam(cfg, 'noise', { min: 0 });
  const factor = numParam(cfg, 'factor', { min: 0, max: 1 });
  const nOut = Math.floor(n / 2);
  const b = new Builder();
  const ring = (m: number, radius: number, label: number): void => {
    for (let i = 0; i < m; i++) {
      const t = (2 * Math.PI * i) / m;
      b.add([radius * Math.cos(t) + noise * rng.normal(), radius * Math.sin(t) + noise * rng.normal()], label);
    }
  };
  ring(nOut, 1, 0);
  ring(n - nOut, factor, 1);
  const info = [`circles: ${n} points, factor ${factor}, noise ${noise} (synthetic, as sklearn make_circles)`];
  return b.build('circles', 2, 2, info, ['outer', 'inner']);
}

/** Half-width of the box the blob centres are drawn from, as scikit-learn's make_blobs (center_box (−10, 10)). */
export const BLOB_BOX = 10;

/**
 * Isotropic Gaussian blobs, as scikit-learn's make_blobs: `classes` centres drawn uniformly in
 * [−10, 10]^features, then points = centre + spread · N(0, I). The points are shared out as evenly
 * as possible (the first `points mod classes` classes get one more).
 */
export function blobs(cfg: BuiltinDataConfig, rng: Rng): RawDataset {
  const C = numParam(cfg, 'classes', { integer: true, min: 2 });
  const n = numParam(cfg, 'points', { integer: true, min: C });
  const d = numParam(cfg, 'features', { integer: true, min: 1 });
  const spread = numParam(cfg, 'spread', { min: 0 });
  const centres = Array.from({ length: C }, () => Array.from({ length: d }, () => rng.uniform(-BLOB_BOX, BLOB_BOX)));
  const b = new Builder();
  for (let k = 0; k < C; k++) {
    const m = Math.floor(n / C) + (k < n % C ? 1 : 0);
    for (let i = 0; i < m; i++) b.add(centres[k].map((c) => c + spread * rng.normal()), k);
  }
  const info = [`blobs: ${C} classes, ${n} points, ${d} features, spread ${spread}; centres uniform in [−${BLOB_BOX}, ${BLOB_BOX}]^${d} (synthetic)`];
  return b.build('blobs', d, C, info);
}

/**
 * XOR: x uniform in [−1, 1]², label 1 when x1 · x2 > 0 (same sign) and 0 otherwise, then Gaussian
 * noise of std `noise` added to the inputs (labels keep the noise-free quadrant).
 */
export function xor(cfg: BuiltinDataConfig, rng: Rng): RawDataset {
  const n = numParam(cfg, 'points', { integer: true, min: 2 });
  const noise = numParam(cfg, 'noise', { min: 0 });
  const b = new Builder();
  for (let i = 0; i < n; i++) {
    const x1 = rng.uniform(-1, 1);
    const x2 = rng.uniform(-1, 1);
    b.add([x1 + noise * rng.normal(), x2 + noise * rng.normal()], x1 * x2 > 0 ? 1 : 0);
  }
  return b.build('xor', 2, 2, [`xor: ${n} points, input noise ${noise} (synthetic)`], ['x1·x2 < 0', 'x1·x2 > 0']);
}
