/**
 * The last step of loading: a schema-valid, defaulted value → the resolved `ExperimentConfig` the
 * trainer reads. Fills what the schema cannot (arm names, the default length, the early-stopping
 * direction) and makes the CSV path absolute. Returns a fresh object; the input is not changed.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { METRIC } from '../metrics';
import { datasetTask } from '../names';
import { resolveMethodArm } from './methods-checks';
import type { ExperimentConfig, LossArmConfig, TrainConfig } from './types';
import { defaultEarlyStoppingMode } from '../metric-direction';

/** Training length when neither `epochs` nor `steps` is set. */
export const DEFAULT_EPOCHS = 20;


/** A data file path (CSV, split indices) as written in the config → absolute, relative to the config file's folder. */
export function csvAbsolutePath(configFileName: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dirname(configFileName), path);
}

// Node-free (the webview uses it too); re-exported here where the config code has always found it.
export { defaultEarlyStoppingMode };

type Obj = Record<string, unknown>;

function resolveTrain(train: Obj): TrainConfig {
  const out = { ...train } as unknown as TrainConfig;
  if (out.epochs === undefined && out.steps === undefined) out.epochs = DEFAULT_EPOCHS;
  if (out.earlyStopping) {
    const es = out.earlyStopping;
    out.earlyStopping = { ...es, mode: es.mode ?? defaultEarlyStoppingMode(es.metric) };
  }
  return out;
}

function resolveModel(model: Obj): ExperimentConfig['model'] {
  const init = model.init;
  if (init === null || typeof init !== 'object') return model as unknown as ExperimentConfig['model'];
  const { weights = 'auto', bias = 'zero' } = init as Obj;
  return { ...model, init: { weights, bias } } as unknown as ExperimentConfig['model'];
}

function resolveArm(arm: Obj): LossArmConfig {
  const { name, type, ...params } = arm;
  return { name: typeof name === 'string' ? name : String(type), type: String(type), ...params };
}

function resolveSweep(sweep: Obj | undefined, task: string | undefined): ExperimentConfig['sweep'] {
  if (!sweep) return undefined;
  const objective = (sweep.objective as Obj | undefined) ?? { metric: task === 'regression' ? METRIC.valR2 : METRIC.valAccuracy };
  const metric = objective.metric as string;
  return {
    ...(sweep as unknown as NonNullable<ExperimentConfig['sweep']>),
    objective: { metric, mode: (objective.mode as 'min' | 'max' | undefined) ?? defaultEarlyStoppingMode(metric) },
  };
}

function resolveEvolve(evolve: Obj | undefined, losses: Obj[]): ExperimentConfig['evolve'] {
  if (!evolve) return undefined;
  const fitness = evolve.fitness as Obj;
  const metric = fitness.metric as string;
  const taylorglo = losses.filter((l) => l.type === 'taylorglo').map((l) => (typeof l.name === 'string' ? l.name : 'taylorglo'));
  return {
    ...(evolve as unknown as NonNullable<ExperimentConfig['evolve']>),
    arm: (evolve.arm as string | undefined) ?? taylorglo[0],
    fitness: { metric, mode: (fitness.mode as 'min' | 'max' | undefined) ?? defaultEarlyStoppingMode(metric) },
  };
}

/** `value` must have passed `schemaIssues` (defaults filled) and the semantic checks without errors. */
export function resolveConfig(value: unknown, configFileName: string): ExperimentConfig {
  const v = structuredClone(value) as Obj;
  const data = v.data as Obj;
  if (data.dataset === 'csv' && typeof data.path === 'string') data.path = csvAbsolutePath(configFileName, data.path);
  const split = data.split as Obj | undefined;
  // The schema fills the fractions' defaults; a split file replaces them.
  if (split && typeof split.indices === 'string') data.split = { indices: csvAbsolutePath(configFileName, split.indices) };
  return {
    name: v.name as string,
    seed: v.seed as number,
    repeats: v.repeats as number,
    backend: v.backend as ExperimentConfig['backend'],
    data: data as unknown as ExperimentConfig['data'],
    model: resolveModel(v.model as Obj),
    train: resolveTrain(v.train as Obj),
    metrics: v.metrics as ExperimentConfig['metrics'],
    losses: (v.losses as Obj[]).map((arm) => resolveArm(resolveMethodArm(arm, configFileName))),
    ...(v.sweep ? { sweep: resolveSweep(v.sweep as Obj, data.dataset === 'csv' ? (data.task as string | undefined) : datasetTask(String(data.dataset))) } : {}),
    ...(v.evolve ? { evolve: resolveEvolve(v.evolve as Obj, v.losses as Obj[]) } : {}),
    ...(v.compare ? { compare: v.compare as ExperimentConfig['compare'] } : {}),
    ...(v.executor ? { executor: v.executor as ExperimentConfig['executor'] } : {}),
    checkpoints: { final: true, ...(v.checkpoints as Obj | undefined) } as ExperimentConfig['checkpoints'],
  };
}
