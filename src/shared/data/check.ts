/**
 * A resolved config's dataset as the CLI and the extension see it before a run starts: a CSV file is
 * read once, so its problems are found before any run folder exists, and the class count (an
 * evolution's TaylorGLO invariant needs it) comes from the same read. A split file is read too, and
 * checked against the CSV's rows. Built-in datasets are not generated: their class count follows from
 * the config, and their split file's ranges are checked when the trainer loads them.
 */
import { datasetClassCount } from '../config/methods-checks';
import type { CsvDataConfig, ExperimentConfig } from '../config/types';
import { datasetTask } from '../names';
import { readCsvDataset } from './csv';
import { checkSplitIndices, readSplitFile } from './split-file';
import { DataError } from './types';

export interface DataCheck {
  /** `file:line:column: message` lines (a message naming the file when there is no position); empty when the data is fine. */
  problems: string[];
  /** Classes of the dataset, 1 for regression; undefined when there are problems. */
  nClasses?: number;
}

/** Classes of the config's dataset (1 for regression). Throws a DataError naming the CSV file when it has a problem. */
export function classCount(config: ExperimentConfig): number {
  const data = config.data;
  const splitFile = 'indices' in data.split ? data.split.indices : undefined;
  const split = splitFile !== undefined ? readSplitFile(splitFile) : undefined;
  if (data.dataset === 'csv') {
    const { path, target, features, task, dropInvalidRows } = data as CsvDataConfig;
    const raw = readCsvDataset({ path, target, features, task, dropInvalidRows });
    if (split && splitFile !== undefined) checkSplitIndices(split, raw.n, splitFile);
    return raw.nClasses;
  }
  if (datasetTask(data.dataset) === 'regression') return 1;
  const n = datasetClassCount(data as unknown as Record<string, unknown>);
  if (n === undefined) throw new DataError(`the number of classes of dataset '${data.dataset}' is not known`);
  return n;
}

/** The problems of the config's dataset, in the same `file:line:column: message` form as config problems, and its class count. */
export function checkConfigData(config: ExperimentConfig): DataCheck {
  try {
    return { problems: [], nClasses: classCount(config) };
  } catch (e) {
    if (e instanceof DataError) return { problems: [e.message] };
    throw e;
  }
}
