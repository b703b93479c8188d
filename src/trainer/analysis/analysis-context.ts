/** What every analysis job needs: the model, the split's tensors, and the saved weights of a seed. */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { AnalysisSplit } from '../../shared/analysis/types';
import type { ExperimentConfig } from '../../shared/config/types';
import { armFolders, armWeightsDir, FINAL_WEIGHTS, initWeightsFile } from '../../shared/runner/weights-layout';
import type { Rng } from '../../shared/rng';
import { crossEntropy } from '../job/evaluate';
import type { PreparedData, SplitTensors } from '../job/prepared-data';
import { buildModel, type Model } from '../models';
import { readWeights } from '../weights/weights-file';
import type { Weights } from './directions';

export interface AnalysisContext {
  model: Model;
  task: 'classification' | 'regression';
  split: SplitTensors;
  /** An arm's final weights for the seed; a one-line error when the run folder has none. */
  final(arm: string): Weights;
  /** The seed's initial weights. */
  initial(): Weights;
}

export function analysisContext(config: ExperimentConfig, data: PreparedData, runDir: string, seed: number, splitName: AnalysisSplit): AnalysisContext {
  const ds = data.dataset;
  const model = buildModel(config.model, { nFeatures: ds.nFeatures, nOutputs: ds.task === 'classification' ? ds.nClasses : 1, imageShape: ds.imageShape });
  const folders = armFolders(config.losses.map((l) => l.name));
  const split = data[splitName];
  if (split.n === 0) throw new Error(`the ${splitName} split of this run has no rows`);
  return {
    model,
    task: ds.task,
    split,
    final(arm) {
      const folder = folders.get(arm);
      if (folder === undefined) throw new Error(`no arm '${arm}' in this run; its arms: ${[...folders.keys()].join(', ')}`);
      return readWeights(join(armWeightsDir(runDir, folder, seed), FINAL_WEIGHTS), model.specs).values;
    },
    initial: () => readWeights(initWeightsFile(runDir, seed), model.specs).values,
  };
}

/** `rows` rows of `split` drawn without replacement (all of them when rows ≥ n), as new tensors. */
export function sampleRows(split: SplitTensors, rows: number | undefined, rng: Rng): { x: tf.Tensor2D; y: tf.Tensor2D; n: number; dispose(): void } {
  if (rows === undefined || rows >= split.n) return { x: split.x, y: split.y, n: split.n, dispose: () => {} };
  const idx = tf.tensor1d(rng.permutation(split.n).subarray(0, rows), 'int32');
  const x = tf.gather(split.x, idx) as tf.Tensor2D;
  const y = tf.gather(split.y, idx) as tf.Tensor2D;
  idx.dispose();
  return { x, y, n: rows, dispose: () => tf.dispose([x, y]) };
}

/** The task loss of outputs: cross-entropy on logits, or mean squared error. */
export function taskLoss(task: 'classification' | 'regression', out: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  if (task === 'classification') return crossEntropy(out, y);
  return tf.mean(tf.square(tf.sub(out, y))) as tf.Scalar;
}
