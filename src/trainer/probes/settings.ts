/**
 * Probe settings from the `metrics` section: `true`, unset, `false` or an object → concrete values.
 * Smoothness is on unless set to `false`; sharpness and noise robustness are off unless set.
 */
import type { MetricsConfig, ProbeSplit } from '../../shared/config/types';

export interface SmoothnessSettings {
  /** Steps between probes; undefined = at every evaluation. */
  every?: number;
  probeSize: number;
  /** undefined = val (train when there is no validation split). */
  split?: ProbeSplit;
  /** Features whose mean |∂f/∂x_j| is recorded; undefined = none, 'all' = every feature. */
  perFeature?: 'all' | (string | number)[];
}

export interface SharpnessSettings {
  every?: number;
  iterations: number;
  tolerance: number;
  batchSize: number;
  /** undefined = train. */
  split?: ProbeSplit;
}

export interface NoiseRobustnessSettings {
  sigmas: number[];
  /** Feature names or column indices; undefined = all features. */
  features?: (string | number)[];
  repeats: number;
  /** undefined = test, or val when there is no test split. */
  split?: ProbeSplit;
  /** Recorded per σ besides the task metric. */
  alsoReport?: ('loss' | 'rmse')[];
}

export interface ProbeSettings {
  smoothness?: SmoothnessSettings;
  sharpness?: SharpnessSettings;
  noiseRobustness?: NoiseRobustnessSettings;
}

export const SMOOTHNESS_DEFAULTS = { probeSize: 256 } as const;
export const SHARPNESS_DEFAULTS = { iterations: 20, tolerance: 1e-3, batchSize: 256 } as const;
export const NOISE_DEFAULTS = { sigmas: [0.1, 0.5, 1], repeats: 5 } as const;

function section<T extends object>(value: boolean | T | undefined, onByDefault: boolean): T | undefined {
  if (value === undefined) return onByDefault ? ({} as T) : undefined;
  if (typeof value === 'boolean') return value ? ({} as T) : undefined;
  return value;
}

export function probeSettings(metrics: MetricsConfig): ProbeSettings {
  const out: ProbeSettings = {};
  const sm = section(metrics.smoothness, true);
  if (sm) {
    out.smoothness = { every: sm.every, probeSize: sm.probeSize ?? SMOOTHNESS_DEFAULTS.probeSize };
    if (sm.split) out.smoothness.split = sm.split;
    if (sm.perFeature) out.smoothness.perFeature = sm.perFeature === true ? 'all' : [...sm.perFeature];
  }
  const sh = section(metrics.sharpness, false);
  if (sh) {
    out.sharpness = {
      every: sh.every,
      iterations: sh.iterations ?? SHARPNESS_DEFAULTS.iterations,
      tolerance: sh.tolerance ?? SHARPNESS_DEFAULTS.tolerance,
      batchSize: sh.batchSize ?? SHARPNESS_DEFAULTS.batchSize,
    };
    if (sh.split) out.sharpness.split = sh.split;
  }
  const nr = section(metrics.noiseRobustness, false);
  if (nr) {
    out.noiseRobustness = {
      sigmas: [...(nr.sigmas ?? NOISE_DEFAULTS.sigmas)],
      features: nr.features ? [...nr.features] : undefined,
      repeats: nr.repeats ?? NOISE_DEFAULTS.repeats,
    };
    if (nr.split) out.noiseRobustness.split = nr.split;
    if (nr.alsoReport?.length) out.noiseRobustness.alsoReport = [...nr.alsoReport];
  }
  return out;
}

/** Fixed probe rows: the first `size` of a seeded permutation of 0..n−1, in ascending order. */
export function probeRows(perm: Int32Array, size: number): Int32Array {
  return perm.slice(0, Math.min(size, perm.length)).sort();
}
