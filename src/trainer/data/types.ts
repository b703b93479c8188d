/** The dataset shapes the trainer consumes. Plain typed arrays only: the trainer makes the tensors. */
import type { Task } from '../../shared/config/types';

export { DataError, type DataLocation, type RawDataset } from '../../shared/data/types';

export interface Split {
  /** Row-major n × nFeatures. */
  x: Float32Array;
  /** Class index (classification) or target (regression). */
  y: Float32Array;
  n: number;
}

export interface Dataset {
  name: string;
  task: Task;
  featureNames: string[];
  nFeatures: number;
  /** Classification: number of classes; regression: 1. */
  nClasses: number;
  classNames?: string[];
  /** [h, w, c] for image data (digits: [8, 8, 1]); features are in row-major HWC order. */
  imageShape?: [number, number, number];
  /** Regression with standardisation: y was standardised with these (train split); multiply RMSE by std for original units. */
  targetScale?: { mean: number; std: number };
  train: Split;
  val: Split;
  test: Split;
  /** Human-readable notes: source and licence, rows dropped from a CSV, class counts, split sizes. */
  info: string[];
}
