/** The dataset of a config as tensors, loaded once per trainer process and shared by its jobs. */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig } from '../../shared/config/types';
import { loadDataset, type Dataset, type Split } from '../data';

export interface SplitTensors {
  x: tf.Tensor2D;
  /** One-hot [n, C] for classification, [n, 1] for regression. */
  y: tf.Tensor2D;
  /** Class indices (classification) or targets (regression). */
  labels: Float32Array;
  n: number;
}

export interface PreparedData {
  dataset: Dataset;
  train: SplitTensors;
  /** The training split itself when the config has no validation split (`val: 0`). */
  val: SplitTensors;
  test: SplitTensors;
  dispose(): void;
}

function toTensors(split: Split, dataset: Dataset): SplitTensors {
  const x = tf.tensor2d(split.x, [split.n, dataset.nFeatures]);
  const y =
    dataset.task === 'classification'
      ? tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from(split.y), 'int32'), dataset.nClasses), 'float32') as tf.Tensor2D)
      : tf.tensor2d(split.y, [split.n, 1]);
  return { x, y, labels: split.y, n: split.n };
}

/** Data randomness (generation, split) uses the base seed (or `data.seed`), so every repeat and arm sees the same data. */
export function prepareData(config: ExperimentConfig): PreparedData {
  const dataset = loadDataset(config.data, config.data.seed ?? config.seed);
  const train = toTensors(dataset.train, dataset);
  const val = dataset.val.n > 0 ? toTensors(dataset.val, dataset) : train;
  const test = toTensors(dataset.test, dataset);
  return {
    dataset,
    train,
    val,
    test,
    dispose() {
      for (const s of new Set([train, val, test])) tf.dispose([s.x, s.y]);
    },
  };
}
