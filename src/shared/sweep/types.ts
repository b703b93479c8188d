/**
 * Sweeps: a config's `sweep` section expands each arm into trials (one value per swept parameter),
 * each trial an ordinary run of that arm, paired with every other trial of the same seed.
 */
import type { ArmResult } from '../metrics';
import type { ExperimentConfig } from '../config/types';

/** How one swept parameter takes its values, as written in the config (after defaults). */
export type SweepValues =
  | { values: number[] }
  | { grid: { from: number; to: number; count: number } }
  | { logGrid: { from: number; to: number; count: number } }
  | { random: { from: number; to: number; log: boolean } };

export interface SweepConfig {
  /**
   * Swept fields → values. A key starting with `train.`, `model.` or `data.` addresses the config
   * (e.g. `train.optimizer.lr`) and applies to every swept arm; any other key is a field of the arm
   * (e.g. `lambda`, dotted for nested fields) and applies to the arms that have it.
   */
  parameters: Record<string, SweepValues>;
  /** Arms to sweep (by name); default: every arm that has at least one of the parameters. Other arms run once as baselines. */
  arms?: string[];
  /** Draws of the `random` parameters (crossed with the grid ones); required when any parameter is random. */
  samples?: number;
  /** The metric trials are ranked by (a final metric, e.g. `val/ce`), and its direction. */
  objective: { metric: string; mode: 'min' | 'max' };
  /** Default axes of the Pareto view: two final metrics [x, y], both minimised unless they are accuracy/R². */
  pareto?: [string, string];
}

/** One point of a sweep: an arm with its swept parameters set. Run once per seed. */
export interface Trial {
  /** Stable identity across runs of the same config (used to resume): `<arm>|<key>=<value>|…`. */
  id: string;
  /** Display name; also the `arm` of its metric records. Unique within the sweep. */
  name: string;
  /** The config arm it derives from. */
  baseArm: string;
  /** Swept key → value; empty for a baseline (an arm that is not swept). */
  params: Record<string, number>;
  /** The full config of this trial: `losses` holds exactly one arm, named `name`. */
  config: ExperimentConfig;
}

/** One line of `trials.jsonl`: a (trial, seed) that ended, appended as it ends. */
export interface TrialRow extends ArmResult {
  trialId: string;
  baseArm: string;
  params: Record<string, number>;
  /** The sweep objective's final value (undefined when the trial did not produce it). */
  objective?: number;
}
