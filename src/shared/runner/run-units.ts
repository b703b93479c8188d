/** The jobs of an experiment (arm × seed) or a sweep (trial × seed), each with the config it trains under. */
import type { ExperimentConfig } from '../config/types';
import type { Job } from '../protocol/trainer';
import { expandSweep } from '../sweep/expand';
import type { Trial } from '../sweep/types';

/** One job with the config it trains under (a sweep trial's own config, or the experiment's). */
export interface Unit {
  job: Job;
  config: ExperimentConfig;
  trial?: Trial;
}

export function jobsFor(config: ExperimentConfig, arms?: string[]): Job[] {
  return unitsFor(config, arms).map((u) => u.job);
}

export function unitsFor(config: ExperimentConfig, arms?: string[]): Unit[] {
  const units: Unit[] = [];
  if (config.sweep) {
    const trials = expandSweep(config).filter((t) => !arms || arms.includes(t.baseArm));
    for (let r = 0; r < config.repeats; r++) {
      for (const trial of trials) units.push({ job: { arm: trial.name, seed: config.seed + r }, config: trial.config, trial });
    }
    return units;
  }
  const names = arms ?? config.losses.map((l) => l.name);
  for (let r = 0; r < config.repeats; r++) {
    for (const arm of names) units.push({ job: { arm, seed: config.seed + r }, config });
  }
  return units;
}
