/** `loadDataset`: a config's data section → split (and optionally standardised) typed arrays. */
import type { BuiltinDataConfig, CsvDataConfig, DataConfig } from '../../shared/config/types';
import {
  DATASETS,
  SYNTHETIC_CLASSIFICATION_DATASETS,
  SYNTHETIC_REGRESSION_DATASETS,
  unknownNameMessage,
} from '../../shared/names';
import { Rng } from '../../shared/rng';
import { isRealDataset, loadRealDataset, REAL_DATASET_SPECS } from './builtin';
import { readCsvDataset } from '../../shared/data/csv';
import { scaleFeatures, splitDataset } from './split';
import { blobs, circles, moons, spirals, xor } from './synthetic-classification';
import { friedman1, linearOutliers, sine } from './synthetic-regression';
import { DataError, type Dataset, type RawDataset } from './types';

export { DataError } from './types';
export type { Dataset, Split } from './types';

type Generator = (cfg: BuiltinDataConfig, rng: Rng) => RawDataset;
type SyntheticName = (typeof SYNTHETIC_CLASSIFICATION_DATASETS)[number] | (typeof SYNTHETIC_REGRESSION_DATASETS)[number];

const GENERATORS: Record<SyntheticName, Generator> = { spirals, moons, circles, blobs, xor, sine, friedman1, linearOutliers };

function isSynthetic(name: string): name is SyntheticName {
  return Object.prototype.hasOwnProperty.call(GENERATORS, name);
}

/** The names `loadDataset` accepts (a test checks they match `DATASETS`). */
export const LOADABLE_DATASETS: readonly string[] = [...Object.keys(GENERATORS), ...Object.keys(REAL_DATASET_SPECS), 'csv'];

function csvOptions(cfg: BuiltinDataConfig): Omit<CsvDataConfig, 'dataset'> {
  const c = cfg as Partial<CsvDataConfig>;
  if (typeof c.path !== 'string' || c.path === '') throw new DataError("dataset 'csv' needs a 'path'");
  if (typeof c.target !== 'string' || c.target === '') throw new DataError("dataset 'csv' needs a 'target' column name");
  return { path: c.path, target: c.target, features: c.features, task: c.task, dropInvalidRows: c.dropInvalidRows === true };
}

function loadRaw(cfg: DataConfig, seed: number): RawDataset {
  const params = cfg as BuiltinDataConfig;
  const name = params.dataset;
  // Generation draws from its own stream, so the split stream does not depend on how much it drew.
  if (isSynthetic(name)) return GENERATORS[name](params, new Rng(seed).fork(`data:${name}`));
  if (isRealDataset(name)) return loadRealDataset(name);
  if (name === 'csv') return readCsvDataset(csvOptions(params));
  throw new DataError(unknownNameMessage('dataset', name, DATASETS));
}

/**
 * Builds (synthetic), reads (shipped or CSV) and splits the dataset of `cfg`. All randomness comes
 * from `seed`: the same seed gives identical arrays. Throws DataError for user-facing problems.
 */
export function loadDataset(cfg: DataConfig, seed: number): Dataset {
  const raw = loadRaw(cfg, seed);
  return splitDataset(cfg.scale !== undefined ? scaleFeatures(raw, cfg.scale) : raw, cfg.split, cfg.standardize, seed);
}
