/**
 * Y range that ignores outliers (like TensorBoard's "ignore outliers in chart scaling"): values beyond
 * a fence half the 1–99% quantile spread outside that spread (in log10 on a log axis) are left out of
 * the scaling, so one exploding seed does not flatten every other curve. A side without outliers is
 * left to Chart.js (undefined), so ordinary charts keep their usual bounds.
 */
export interface YRange {
  min?: number;
  max?: number;
}

const FENCE = 0.5;
const PAD = 0.05;
const MIN_POINTS = 20;

function quantile(sorted: Float64Array, q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

export function robustRange(ys: readonly number[], log: boolean): YRange | undefined {
  const vals = new Float64Array(ys.length);
  let n = 0;
  for (const y of ys) {
    if (!Number.isFinite(y) || (log && y <= 0)) continue;
    vals[n++] = log ? Math.log10(y) : y;
  }
  if (n < MIN_POINTS) return undefined;
  const s = vals.subarray(0, n).sort();
  const q1 = quantile(s, 0.01);
  const q99 = quantile(s, 0.99);
  const spread = Math.max(q99 - q1, Math.abs(q99) * 1e-6, 1e-12);
  const lowFence = q1 - FENCE * spread;
  const highFence = q99 + FENCE * spread;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (s[i] < lowFence || s[i] > highFence) continue;
    lo = Math.min(lo, s[i]);
    hi = Math.max(hi, s[i]);
  }
  const pad = (hi - lo) * PAD || spread * PAD;
  const out: YRange = {};
  if (s[0] < lowFence) out.min = log ? Math.pow(10, lo - pad) : lo - pad;
  if (s[n - 1] > highFence) out.max = log ? Math.pow(10, hi + pad) : hi + pad;
  return out.min === undefined && out.max === undefined ? undefined : out;
}
