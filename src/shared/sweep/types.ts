/**
 * Sweeps: a config's `sweep` section expands each arm into trials (one value per swept parameter),
 * each trial an ordinary run of that arm, paired with every other trial of the same seed. The
 * `sweep` section itself (`SweepConfig`, `SweepValues`) is part of the config, in `../config/types`.
 */
import type { ArmResult } from '../metrics';
import type { ExperimentConfig } from '../config/types';

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
