/**
 * The weights one job keeps in its run folder (layout: src/shared/runner/weights-layout.ts): the seed's
 * initial weights (written by whichever arm of the seed starts first; identical for all of them), step
 * checkpoints when `checkpoints.every` is set (the oldest removed beyond `keep`), and the final weights.
 */
import { existsSync, statSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { CheckpointsConfig, ExperimentConfig } from '../../shared/config/types';
import type { ArmWeights } from '../../shared/metrics';
import { armFolders, armWeightsDir, checkpointFile, FINAL_WEIGHTS, initWeightsFile } from '../../shared/runner/weights-layout';
import type { Job } from '../../shared/protocol/trainer';
import type { ParamSpec } from '../models';
import { writeWeights } from './weights-file';

export class JobWeights {
  private readonly settings: CheckpointsConfig;
  private readonly dir: string;
  private readonly model: string;
  private readonly written: ArmWeights = { checkpoints: [], bytes: 0 };

  constructor(
    private readonly runDir: string,
    config: ExperimentConfig,
    private readonly job: Job,
    private readonly specs: readonly ParamSpec[],
  ) {
    this.settings = config.checkpoints ?? { final: true };
    this.dir = armWeightsDir(runDir, armFolders(config.losses.map((l) => l.name)).get(job.arm)!, job.seed);
    this.model = JSON.stringify(config.model);
  }

  /** Saves the seed's initial weights unless an arm of the seed already did. */
  initial(values: readonly Float32Array[]): void {
    if (!this.settings.final && this.settings.every === undefined) return;
    const path = initWeightsFile(this.runDir, this.job.seed);
    if (!existsSync(path)) writeWeights(path, this.specs, values, { seed: this.job.seed, step: 0, model: this.model });
    this.written.init = relative(this.runDir, path);
    this.written.bytes += statSync(path).size;
  }

  /** True when `step` (just taken) is a checkpoint step. */
  due(step: number): boolean {
    return this.settings.every !== undefined && step % this.settings.every === 0;
  }

  checkpoint(step: number, params: readonly tf.Tensor[]): void {
    const path = checkpointFile(this.dir, step);
    this.written.bytes += this.write(path, step, params.map((p) => p.dataSync() as Float32Array));
    this.written.checkpoints.push(relative(this.runDir, path));
    const keep = this.settings.keep;
    while (keep !== undefined && this.written.checkpoints.length > keep) {
      const old = join(this.runDir, this.written.checkpoints.shift()!);
      this.written.bytes -= statSync(old).size;
      unlinkSync(old);
    }
  }

  /** Saves where training ended, unless the weights are not finite (a diverged job). */
  final(step: number, params: readonly tf.Tensor[]): void {
    if (!this.settings.final) return;
    const values = params.map((p) => p.dataSync() as Float32Array);
    if (values.some((v) => !v.every(Number.isFinite))) return;
    const path = join(this.dir, FINAL_WEIGHTS);
    this.written.bytes += this.write(path, step, values);
    this.written.final = relative(this.runDir, path);
  }

  /** What the job wrote, for its result; undefined when it wrote nothing. */
  result(): ArmWeights | undefined {
    const w = this.written;
    return w.init || w.final || w.checkpoints.length > 0 ? { ...w, checkpoints: [...w.checkpoints] } : undefined;
  }

  private write(path: string, step: number, values: readonly Float32Array[]): number {
    return writeWeights(path, this.specs, values, { arm: this.job.arm, seed: this.job.seed, step, model: this.model });
  }
}
