/** The dataset shapes the trainer consumes. Plain typed arrays only: the trainer makes the tensors. */
import type { Task } from '../../shared/config/types';

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

/** A dataset before splitting: every row in one block, in generation (or file) order. */
export interface RawDataset {
  name: string;
  task: Task;
  featureNames: string[];
  nClasses: number;
  classNames?: string[];
  imageShape?: [number, number, number];
  /** Row-major n × featureNames.length. */
  x: Float32Array;
  y: Float32Array;
  n: number;
  info: string[];
}

/** Where in a file a data problem is; `line` and `column` are 1-based. */
export interface DataLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * A user-facing problem with a dataset or its parameters. For CSV problems the message starts with
 * `file:line:column: ` and `location` carries the same position for diagnostics.
 */
export class DataError extends Error {
  readonly location?: DataLocation;

  constructor(message: string, location?: DataLocation) {
    super(location ? `${location.file}:${location.line}:${location.column}: ${message}` : message);
    this.name = 'DataError';
    this.location = location;
  }
}
