/**
 * Rules the schema cannot express: unique arm names, epochs xor steps, the split sum, losses and
 * models that fit the dataset's task, the early-stopping metric, the comparisons' baseline, and (when the caller can look)
 * that a CSV file exists. Runs on the defaulted value, even when the schema found problems, and
 * reads it defensively.
 */
import { METRIC } from '../metrics';
import { CLASSIFICATION_LOSSES, IMAGE_DATASETS, REGRESSION_LOSSES, datasetTask } from '../names';
import { obj, type Obj } from './json-object';
import type { Issue, Segment } from './positions';
import { datasetClassCount, methodIssues } from './methods-checks';
import { evolveIssues, objectiveIssues, sweepIssues } from './sweep-checks';
import { csvAbsolutePath } from './resolve';

export interface CheckOptions {
  /** The config file's path: relative CSV paths are resolved against its folder. */
  fileName: string;
  /** Whether a file exists; the CSV path is only checked when this is given. */
  fileExists?: (absolutePath: string) => boolean;
}

type Task = 'classification' | 'regression';

const EVAL_METRICS: Record<Task, readonly string[]> = {
  classification: [METRIC.valLoss, METRIC.valAccuracy],
  regression: [METRIC.valLoss, METRIC.valR2, METRIC.valRmse],
};

function error(path: Segment[], message: string): Issue {
  return { path, message, severity: 'error', target: 'value' };
}

function describeDataset(data: Obj): string {
  return data.dataset === 'csv' ? 'the csv dataset' : `dataset '${String(data.dataset)}'`;
}

function taskOf(data: Obj | undefined): Task | undefined {
  if (!data || typeof data.dataset !== 'string') return undefined;
  if (data.dataset === 'csv') return data.task === 'classification' || data.task === 'regression' ? data.task : undefined;
  return datasetTask(data.dataset);
}

function armChecks(losses: unknown, data: Obj | undefined, task: Task | undefined): Issue[] {
  if (!Array.isArray(losses)) return [];
  const out: Issue[] = [];
  const firstIndex = new Map<string, number>();
  losses.forEach((raw, i) => {
    const arm = obj(raw);
    if (!arm) return;
    const named = typeof arm.name === 'string';
    const name = named ? (arm.name as string) : typeof arm.type === 'string' ? arm.type : undefined;
    if (name !== undefined) {
      const first = firstIndex.get(name);
      if (first === undefined) firstIndex.set(name, i);
      else {
        const hint = named ? 'give each arm a unique name' : "set 'name' to tell them apart";
        out.push(error(['losses', i, named ? 'name' : 'type'], `duplicate arm name '${name}' (also losses[${first}]); ${hint}`));
      }
    }
    const type = arm.type;
    const classes = datasetClassCount(data);
    // Fewer than 2 weights is the schema's error (minItems) already.
    if (type === 'focal' && Array.isArray(arm.alpha) && arm.alpha.length >= 2 && classes !== undefined && arm.alpha.length !== classes) {
      out.push(error(['losses', i, 'alpha'], `focal alpha has ${arm.alpha.length} weights, but ${describeDataset(data!)} has ${classes} classes: give one weight per class, or one number for all`));
    }
    if (task === 'regression' && data && typeof type === 'string' && (CLASSIFICATION_LOSSES as readonly string[]).includes(type)) {
      out.push(error(['losses', i, 'type'], `loss '${type}' needs class labels, but ${describeDataset(data)} is a regression task; regression losses: ${REGRESSION_LOSSES.join(', ')}`));
    }
  });
  return out;
}

function compareChecks(compare: Obj | undefined, losses: unknown): Issue[] {
  if (!compare || typeof compare.baseline !== 'string' || !Array.isArray(losses)) return [];
  const names = losses.map(obj).filter((a): a is Obj => a !== undefined).map((a) => (typeof a.name === 'string' ? a.name : String(a.type)));
  if (names.includes(compare.baseline)) return [];
  return [error(['compare', 'baseline'], `compare.baseline '${compare.baseline}' is not an arm; arms in this config: ${names.join(', ')}`)];
}

function trainChecks(train: Obj | undefined, task: Task | undefined, data: Obj | undefined): Issue[] {
  if (!train) return [];
  const out: Issue[] = [];
  if (train.epochs !== undefined && train.steps !== undefined) {
    out.push(error(['train', 'steps'], 'set either train.epochs or train.steps, not both'));
  }
  const metric = obj(train.earlyStopping)?.metric;
  if (task && data && typeof metric === 'string') {
    const valid = EVAL_METRICS[task];
    if (!valid.includes(metric) && [...EVAL_METRICS.classification, ...EVAL_METRICS.regression].includes(metric)) {
      out.push(error(['train', 'earlyStopping', 'metric'], `early stopping metric '${metric}' is not computed on ${describeDataset(data)} (a ${task} task); valid: ${valid.join(', ')}`));
    }
  }
  return out;
}

function dataChecks(data: Obj | undefined, opts: CheckOptions): Issue[] {
  if (!data) return [];
  const out: Issue[] = [];
  const split = obj(data.split);
  if (split && typeof split.indices === 'string') {
    // The schema has filled the fractions' defaults by now, so only other values show they were written.
    const written = ['train', 'val', 'shuffle'].filter((k) => k in split && !(k === 'train' && split.train === 0.7) && !(k === 'val' && split.val === 0.15));
    if (written.length > 0) out.push(error(['data', 'split', written[0]], `split.${written[0]} does not apply with split.indices (the split file sets every row's split); remove it`));
    if (split.indices !== '' && opts.fileExists) {
      const abs = csvAbsolutePath(opts.fileName, split.indices);
      if (!opts.fileExists(abs)) out.push(error(['data', 'split', 'indices'], `split file not found: ${abs}`));
    }
  } else if (split && typeof split.train === 'number' && typeof split.val === 'number' && split.train + split.val > 1 + 1e-9) {
    out.push(error(['data', 'split'], `split.train + split.val must be at most 1 (the rest is the test split); got ${split.train} + ${split.val} = ${+(split.train + split.val).toFixed(6)}`));
  }
  if (data.dataset === 'csv' && typeof data.path === 'string' && data.path !== '' && opts.fileExists) {
    const abs = csvAbsolutePath(opts.fileName, data.path);
    if (!opts.fileExists(abs)) out.push(error(['data', 'path'], `CSV file not found: ${abs}`));
  }
  return out;
}

/** A probe on the test split when the fractions leave no test rows (a split file's lists are only known when it is read). */
function probeSplitChecks(metrics: Obj | undefined, data: Obj | undefined): Issue[] {
  const split = obj(data?.split);
  if (!metrics || !split || typeof split.train !== 'number' || typeof split.val !== 'number' || split.train + split.val < 1 - 1e-9) return [];
  return (['smoothness', 'sharpness', 'noiseRobustness'] as const)
    .filter((probe) => obj(metrics[probe])?.split === 'test')
    .map((probe) => error(['metrics', probe, 'split'], `metrics.${probe}.split is 'test', but data.split leaves no test rows (train ${split.train} + val ${split.val} = 1)`));
}

function modelChecks(model: Obj | undefined, data: Obj | undefined): Issue[] {
  if (model?.type !== 'cnn' || !data || typeof data.dataset !== 'string') return [];
  if ((IMAGE_DATASETS as readonly string[]).includes(data.dataset)) return [];
  return [error(['model', 'type'], `model 'cnn' needs an image dataset (${IMAGE_DATASETS.join(', ')}); ${describeDataset(data)} is not one — use model 'mlp'`)];
}

export function semanticIssues(value: unknown, opts: CheckOptions): Issue[] {
  const root = obj(value);
  if (!root) return [];
  const data = obj(root.data);
  const task = taskOf(data);
  return [
    ...dataChecks(data, opts),
    ...modelChecks(obj(root.model), data),
    ...probeSplitChecks(obj(root.metrics), data),
    ...trainChecks(obj(root.train), task, data),
    ...armChecks(root.losses, data, task),
    ...compareChecks(obj(root.compare), root.losses),
    ...methodIssues(root.losses, data, task, opts),
    ...sweepIssues(root),
    ...objectiveIssues(root, task),
    ...evolveIssues(root, task),
  ];
}
