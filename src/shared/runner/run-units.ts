/** The jobs of an experiment (arm × seed) or a sweep (trial × seed), each with the config it trains under. */
import type { ExperimentConfig } from '../config/types';
import type { Job } from '../protocol/trainer';
import { expandSweep } from '../sweep/expand';
import type { Trial } from '../sweep/types';
import { armFolders } from './weights-layout';

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
    const all = expandSweep(config);
    // Folders over every trial (not only those asked for), so a trial keeps its folder from run to resume.
    const folders = armFolders(all.map((t) => t.name));
    const shape = (c: ExperimentConfig) => JSON.stringify([c.model, c.data]);
    const trials = all.filter((t) => !arms || arms.includes(t.baseArm));
    for (let r = 0; r < config.repeats; r++) {
      for (const trial of trials) {
        const weightsPlace = { folder: folders.get(trial.name)!, ownInit: shape(trial.config) !== shape(config) };
        units.push({ job: { arm: trial.name, seed: config.seed + r, weightsPlace }, config: trial.config, trial });
      }
    }
    return units;
  }
  const names = arms ?? config.losses.map((l) => l.name);
  for (let r = 0; r < config.repeats; r++) {
    for (const arm of names) units.push({ job: { arm, seed: config.seed + r }, config });
  }
  return units;
}
