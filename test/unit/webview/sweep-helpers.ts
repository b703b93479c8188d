/** Builders for sweep tests: trial rows. */
import type { TrialRow } from '../../../src/shared/sweep/types';

/** A completed trial row of `base` at `lambda`; the objective is `val/ce` unless overridden. */
export function trialRow(base: string, lambda: number, seed: number, final: Record<string, number>, over: Partial<TrialRow> = {}): TrialRow {
  return {
    arm: `${base} lambda=${lambda}`, seed, status: 'completed', steps: 10, epochs: 1, wallTimeSec: 1, stepsPerSec: 10,
    mainMetric: 'val/accuracy', best: {}, final, trialId: `${base}|lambda=${lambda}`, baseArm: base, params: { lambda },
    objective: final['val/ce'], ...over,
  };
}
