/**
 * The weights one job keeps in its run folder (layout: src/shared/runner/weights-layout.ts): the seed's
 * initial weights (written by whichever arm of the seed starts first; identical for all of them), step
 * checkpoints when `checkpoints.every` is set (the oldest removed beyond `keep`), each with the job's
 * training state (shared/weights/checkpoint.ts), and the final weights.
 */
import { existsSync, statSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { CheckpointsConfig, ExperimentConfig } from '../../shared/config/types';
import type { ArmWeights } from '../../shared/metrics';
import { checkpointFile, checkpointSteps, FINAL_WEIGHTS, jobInitFile, jobWeightsDir } from '../../shared/runner/weights-layout';
import { CHECKPOINT_FORMAT, digestTensors, stateToJson, type CheckpointState } from '../../shared/weights/checkpoint';
import type { ExactTensor } from '../../shared/weights/safetensors';
import type { Job } from '../../shared/protocol/trainer';
import type { ParamSpec } from '../models';
import { writeWeights, type ExtraContent } from './weights-file';

/** A checkpoint's training state, or why the job has none that can be saved. */
export type CheckpointContent = { state: CheckpointState; tensors: ExactTensor[] } | { noState: string };

export class JobWeights {
  private readonly settings: CheckpointsConfig;
  private readonly dir: string;
  private readonly initFile: string;
  private readonly model: string;
  private readonly written: ArmWeights = { checkpoints: [], bytes: 0 };

  constructor(
    private readonly runDir: string,
    config: ExperimentConfig,
    private readonly job: Job,
    private readonly specs: readonly ParamSpec[],
  ) {
    this.settings = config.checkpoints ?? { final: true };
    const dir = jobWeightsDir(runDir, config, job);
    if (dir === undefined) throw new Error(`no arm '${job.arm}' in the config`);
    this.dir = dir;
    this.initFile = jobInitFile(runDir, config, job);
    this.model = JSON.stringify(config.model);
  }

  /** Saves the seed's initial weights unless an arm of the seed (with the same model and data) already did. */
  initial(values: readonly Float32Array[]): void {
    if (!this.settings.final && this.settings.every === undefined) return;
    const path = this.initFile;
    if (!existsSync(path)) writeWeights(path, this.specs, values, { seed: this.job.seed, step: 0, model: this.model });
    this.written.init = relative(this.runDir, path);
    this.written.bytes += statSync(path).size;
  }

  /** True when `step` (just taken) is a checkpoint step. */
  due(step: number): boolean {
    return this.settings.every !== undefined && step % this.settings.every === 0;
  }

  /**
   * A resumed job takes over the checkpoints of its earlier attempt up to `step` (oldest first), so
   * that the list and `keep` go on as in one run.
   */
  resumeAt(step: number): void {
    for (const s of checkpointSteps(this.dir).filter((s) => s <= step)) {
      const path = checkpointFile(this.dir, s);
      this.written.checkpoints.push(relative(this.runDir, path));
      this.written.bytes += statSync(path).size;
    }
  }

  checkpoint(step: number, params: readonly tf.Tensor[], content: CheckpointContent): void {
    const path = checkpointFile(this.dir, step);
    const extra: ExtraContent =
      'noState' in content
        ? { tensors: [], metadata: () => ({ noState: content.noState }) }
        : { tensors: content.tensors, metadata: (all) => ({ format: CHECKPOINT_FORMAT, digest: digestTensors(all), state: stateToJson(content.state) }) };
    this.written.bytes += this.write(path, step, params.map((p) => new Float32Array(p.dataSync())), extra);
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

  private write(path: string, step: number, values: readonly Float32Array[], extra?: ExtraContent): number {
    return writeWeights(path, this.specs, values, { arm: this.job.arm, seed: this.job.seed, step, model: this.model }, extra);
  }
}
