/**
 * The real datasets shipped in `datasets/` (exported from scikit-learn by
 * scripts/export-sklearn-datasets.py; sources and licences in datasets/LICENSES.md).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Task } from '../../shared/config/types';
import type { REAL_DATASETS } from '../../shared/names';
import { readCsvDataset } from '../../shared/data/csv';
import { DataError, type RawDataset } from './types';

export type RealDatasetName = (typeof REAL_DATASETS)[number];

interface RealDatasetSpec {
  task: Task;
  classNames?: string[];
  imageShape?: [number, number, number];
  source: string;
}

const SKLEARN = 'shipped copy of the scikit-learn bundled dataset (BSD-3-Clause)';

export const REAL_DATASET_SPECS: Record<RealDatasetName, RealDatasetSpec> = {
  digits: {
    task: 'classification',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    imageShape: [8, 8, 1],
    source: `digits: 8×8 handwritten digits, pixel values 0–16; UCI Optical Recognition of Handwritten Digits (Alpaydin & Kaynak), CC BY 4.0; ${SKLEARN}`,
  },
  iris: {
    task: 'classification',
    classNames: ['setosa', 'versicolor', 'virginica'],
    source: `iris: Fisher (1936) via the UCI Machine Learning Repository, CC BY 4.0; ${SKLEARN}`,
  },
  wine: {
    task: 'classification',
    classNames: ['class_0', 'class_1', 'class_2'],
    source: `wine: UCI Wine recognition (Forina et al.), CC BY 4.0; ${SKLEARN}`,
  },
  breastCancer: {
    task: 'classification',
    classNames: ['malignant', 'benign'],
    source: `breastCancer: UCI Breast Cancer Wisconsin (Diagnostic) (Wolberg, Street, Mangasarian), CC BY 4.0; ${SKLEARN}`,
  },
  diabetes: {
    task: 'regression',
    source: `diabetes: Efron, Hastie, Johnstone & Tibshirani (2004), "Least Angle Regression", unscaled values; ${SKLEARN}`,
  },
};

/** A folder holding `datasets/digits.csv`, as a marker that the shipped data is there. */
function hasDatasets(dir: string): boolean {
  return existsSync(join(dir, 'datasets', 'digits.csv'));
}

/**
 * The shipped `datasets/` folder: beside the bundle's parent (`dist/trainer.js` → `datasets/`),
 * else the first ancestor of this file's folder that holds it (running from `src/` under tsx).
 */
export function datasetsDir(from: string = __dirname): string {
  const besideBundle = join(from, '..');
  if (hasDatasets(besideBundle)) return join(besideBundle, 'datasets');
  for (let dir = from; ; dir = dirname(dir)) {
    if (hasDatasets(dir)) return join(dir, 'datasets');
    if (dirname(dir) === dir) break;
  }
  throw new DataError(`the shipped datasets folder (datasets/digits.csv) was not found near ${from}; reinstall Loss Lab`);
}

export function isRealDataset(name: string): name is RealDatasetName {
  return Object.prototype.hasOwnProperty.call(REAL_DATASET_SPECS, name);
}

/** One shipped dataset, read from `datasets/<name>.csv` (target column `target`). */
export function loadRealDataset(name: RealDatasetName): RawDataset {
  const spec = REAL_DATASET_SPECS[name];
  const raw = readCsvDataset({ path: join(datasetsDir(), `${name}.csv`), target: 'target', task: spec.task }, name);
  if (spec.classNames && raw.nClasses !== spec.classNames.length) {
    throw new DataError(`shipped dataset '${name}' has ${raw.nClasses} classes, expected ${spec.classNames.length}; reinstall Loss Lab`);
  }
  return { ...raw, classNames: spec.classNames, imageShape: spec.imageShape, info: [spec.source] };
}
