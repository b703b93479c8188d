/** Number of classes of a config's dataset (TaylorGLO's invariant depends on it), loading the data only when the config cannot tell (CSV). */
import { datasetClassCount } from '../../shared/config/methods-checks';
import type { ExperimentConfig } from '../../shared/config/types';
import { loadDataset } from './index';

export function classCount(config: ExperimentConfig): number {
  return datasetClassCount(config.data as unknown as Record<string, unknown>) ?? loadDataset(config.data, config.seed).nClasses;
}
