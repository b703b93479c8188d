/**
 * The default schedule of the in-training probes (smoothness, sharpness without an `every`): they run
 * at evaluations, but only every k-th one, k chosen so that a probe takes about PROBE_BUDGET of the
 * training time, while still running at least MIN_PROBES times per job (and always at step 0 and at
 * the end). A probe's cost is estimated in training steps from the shapes, so every arm and every run
 * of a config probes at the same steps (paired arms compare probe values step by step):
 * - smoothness: one forward and input-gradient pass over the probe rows ≈ max(1, probe rows / batch rows) steps;
 * - sharpness: `iterations` Hessian-vector products of ~2 steps each over its batch.
 * bench/records.ts measures the real costs against these estimates.
 */
export const PROBE_BUDGET = 0.01;
export const MIN_PROBES = 10;

export interface ScheduleShape {
  evalEvery: number;
  totalSteps: number;
  /** Rows of a training batch. */
  batchRows: number;
}

/** Estimated cost of one probe, in training steps. */
export function probeCostSteps(probe: 'smoothness' | 'sharpness', rows: number, batchRows: number, iterations = 1): number {
  const perPass = Math.max(1, rows / Math.max(1, batchRows));
  return probe === 'smoothness' ? perPass : 2 * iterations * perPass;
}

/** Steps between default-scheduled probes: a multiple of `evalEvery` (every evaluation when the run is short). */
export function defaultProbeEvery(costSteps: number, shape: ScheduleShape): number {
  const forBudget = Math.ceil(costSteps / PROBE_BUDGET);
  const forCount = Math.floor(shape.totalSteps / MIN_PROBES);
  const e = shape.evalEvery;
  // Rounded up to an evaluation while that keeps MIN_PROBES (within the budget), else down (enough probes).
  const up = Math.ceil(forBudget / e) * e;
  return up <= forCount ? up : Math.max(1, Math.floor(forCount / e)) * e;
}
