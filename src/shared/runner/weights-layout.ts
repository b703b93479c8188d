/**
 * Where a run folder keeps trained weights (safetensors files):
 *   weights/init/seed-<S>.safetensors           the initial weights every arm of seed S starts from
 *   weights/<arm>/seed-<S>/final.safetensors    an arm's weights when its training ended
 *   weights/<arm>/seed-<S>/step-<N>.safetensors checkpoints (`checkpoints.every`)
 * <arm> is the arm's name made file-safe (letters, digits, '.', '_', '-'; other runs of characters
 * become '-'), with '-2', '-3' … appended in config order when two names map to the same folder. A
 * sweep's trials are named likewise, over all trials; a trial whose model or data differ from the
 * config's starts from its own initial weights, kept as weights/<trial>/seed-<S>/init.safetensors.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../config/types';
import type { Job } from '../protocol/trainer';

export const WEIGHTS_FOLDER = 'weights';
const INIT_FOLDER = 'init';

function fileSafe(name: string): string {
  const s = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return s.length > 0 ? s.slice(0, 60) : 'arm';
}

/** Each arm's folder name under weights/, unique, in the order the arms are given. */
export function armFolders(arms: readonly string[]): Map<string, string> {
  const used = new Set([INIT_FOLDER]);
  const out = new Map<string, string>();
  for (const arm of arms) {
    const base = fileSafe(arm);
    let name = base;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base}-${k}`;
    used.add(name.toLowerCase());
    out.set(arm, name);
  }
  return out;
}

export function initWeightsFile(runDir: string, seed: number): string {
  return join(runDir, WEIGHTS_FOLDER, INIT_FOLDER, `seed-${seed}.safetensors`);
}

export function armWeightsDir(runDir: string, armFolder: string, seed: number): string {
  return join(runDir, WEIGHTS_FOLDER, armFolder, `seed-${seed}`);
}

export const FINAL_WEIGHTS = 'final.safetensors';
const OWN_INIT_WEIGHTS = 'init.safetensors';

/** The folder of a job's weights: its sweep trial's place, else its arm's among the config's arms. */
export function jobWeightsDir(runDir: string, config: ExperimentConfig, job: Job): string | undefined {
  const folder = job.weightsPlace?.folder ?? armFolders(config.losses.map((l) => l.name)).get(job.arm);
  return folder === undefined ? undefined : armWeightsDir(runDir, folder, job.seed);
}

/** The initial weights a job starts from. */
export function jobInitFile(runDir: string, config: ExperimentConfig, job: Job): string {
  const dir = job.weightsPlace?.ownInit ? jobWeightsDir(runDir, config, job) : undefined;
  return dir ? join(dir, OWN_INIT_WEIGHTS) : initWeightsFile(runDir, job.seed);
}

export function checkpointFile(dir: string, step: number): string {
  return join(dir, `step-${step}.safetensors`);
}

/** The step of a checkpoint file name, or undefined for other files. */
export function checkpointStep(fileName: string): number | undefined {
  const m = /^step-(\d+)\.safetensors$/.exec(fileName);
  return m ? Number(m[1]) : undefined;
}

/** The steps of the checkpoint files in a job's weights folder, oldest first (none when it does not exist). */
export function checkpointSteps(dir: string): number[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map(checkpointStep).filter((s): s is number => s !== undefined).sort((a, b) => a - b);
}
