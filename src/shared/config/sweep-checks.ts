/**
 * Semantic checks of the `sweep` and `evolve` sections that the schema cannot express: the arms and
 * fields they name exist, every value a sweep would set is valid for its field (the schema is run on
 * each materialized arm or config), and evolution targets a taylorglo arm on classification data.
 */
import type { Issue, Segment } from './positions';
import type { SweepConfig, SweepValues } from '../sweep/types';
import { getPath, isConfigPath, setPath } from '../sweep/set-path';
import { parameterCombinations } from '../sweep/expand';
import { isRandom, listedValues, formatValue } from '../sweep/values';
import { schemaIssues } from './validate';

type Obj = Record<string, unknown>;

/** Above this many trial × seed jobs, a sweep gets a warning. */
export const LARGE_SWEEP_JOBS = 200;

const err = (path: Segment[], message: string, severity: Issue['severity'] = 'error'): Issue => ({ path, message, severity, target: 'value' });

function armName(arm: Obj): string {
  return typeof arm.name === 'string' ? arm.name : String(arm.type);
}

function valuesOf(spec: SweepValues): number[] {
  if (isRandom(spec)) return [spec.random.from, spec.random.to];
  return listedValues(spec);
}

/** Problems in one parameter's value spec that the schema does not catch. */
function specIssues(key: string, spec: SweepValues, sweep: SweepConfig, at: Segment[]): Issue[] {
  if ('logGrid' in spec && !(spec.logGrid.from > 0 && spec.logGrid.to > 0)) return [err([...at, 'logGrid'], `logGrid needs from and to > 0 (got ${spec.logGrid.from} … ${spec.logGrid.to}); use grid for ranges through zero`)];
  if (isRandom(spec) && spec.random.log && !(spec.random.from > 0 && spec.random.to > 0)) return [err([...at, 'random'], `a log-uniform range needs from and to > 0`)];
  if (isRandom(spec) && sweep.samples === undefined) return [err([...at, 'random'], `'${key}' is random: set sweep.samples, the number of draws`)];
  return [];
}

/** Runs the schema on `candidate` and reports a problem with a swept value at the parameter. */
function valueIssues(candidate: Obj, key: string, values: number[], at: Segment[], setOn: (c: Obj) => Obj, what: string): Issue[] {
  for (const v of values) {
    const c = structuredClone(candidate);
    try {
      setPath(setOn(c), key, v);
    } catch (e) {
      return [err(at, `${key}: ${(e as Error).message} in ${what}`)];
    }
    const bad = schemaIssues(c).find((i) => i.severity === 'error');
    if (bad) return [err(at, `${key} = ${formatValue(v)} (sweep value) is not valid in ${what}: ${bad.message}`)];
  }
  return [];
}

export function sweepIssues(root: Obj): Issue[] {
  const sweep = root.sweep as SweepConfig | undefined;
  if (!sweep || typeof sweep !== 'object' || typeof sweep.parameters !== 'object') return [];
  const losses = (Array.isArray(root.losses) ? root.losses : []).filter((a): a is Obj => !!a && typeof a === 'object');
  const out: Issue[] = [];
  const names = losses.map(armName);
  (sweep.arms ?? []).forEach((a, i) => {
    if (!names.includes(a)) out.push(err(['sweep', 'arms', i], `unknown arm '${a}'; arms in this config: ${names.join(', ')}`));
  });
  const appliesTo = (arm: Obj, key: string) => isConfigPath(key) || typeof getPath(arm, key) === 'number';
  const swept = losses.filter((a) => (sweep.arms ? sweep.arms.includes(armName(a)) : Object.keys(sweep.parameters).some((k) => appliesTo(a, k))));
  for (const [key, spec] of Object.entries(sweep.parameters)) {
    const at: Segment[] = ['sweep', 'parameters', key];
    out.push(...specIssues(key, spec, sweep, at));
    if (isConfigPath(key)) {
      if (typeof getPath(root, key) !== 'number') {
        out.push(err(at, `'${key}' is not a number in this config (after defaults); config fields must exist to be swept, e.g. train.optimizer.lr`));
        continue;
      }
      out.push(...valueIssues(root, key, valuesOf(spec), at, (c) => c, 'the config'));
      continue;
    }
    const targets = swept.filter((a) => appliesTo(a, key));
    if (targets.length === 0) {
      out.push(err(at, `no swept arm has a numeric field '${key}'${swept.length ? ` (swept arms: ${swept.map(armName).join(', ')})` : ''}; prefix config fields with train., model. or data.`));
      continue;
    }
    for (const arm of targets) out.push(...valueIssues({ ...root, losses: [arm] }, key, valuesOf(spec), at, (c) => (c.losses as Obj[])[0], `arm '${armName(arm)}'`));
  }
  (sweep.arms ?? []).forEach((a, i) => {
    const arm = losses.find((l) => armName(l) === a);
    if (arm && !Object.keys(sweep.parameters).some((k) => appliesTo(arm, k))) out.push(err(['sweep', 'arms', i], `arm '${a}' has none of the swept fields (${Object.keys(sweep.parameters).join(', ')})`));
  });
  if (out.some((i) => i.severity === 'error')) return out;
  const repeats = typeof root.repeats === 'number' ? root.repeats : 1;
  const trials = losses.reduce((n, arm) => {
    const keys = swept.includes(arm) ? Object.keys(sweep.parameters).filter((k) => appliesTo(arm, k)) : [];
    return n + (keys.length ? parameterCombinations(sweep, keys, 0).length : 1);
  }, 0);
  if (trials * repeats > LARGE_SWEEP_JOBS) out.push(err(['sweep'], `this sweep trains ${trials} trials × ${repeats} seed(s) = ${trials * repeats} runs`, 'warning'));
  return out;
}

export function evolveIssues(root: Obj, task: string | undefined): Issue[] {
  const evolve = root.evolve as Obj | undefined;
  if (!evolve || typeof evolve !== 'object') return [];
  const out: Issue[] = [];
  if (root.sweep) out.push(err(['evolve'], `'sweep' and 'evolve' cannot be combined in one config; split them into two configs`));
  if (task === 'regression') out.push(err(['evolve'], `TaylorGLO evolution needs classification data; this dataset is a regression task`));
  const losses = (Array.isArray(root.losses) ? root.losses : []).filter((a): a is Obj => !!a && typeof a === 'object');
  const taylorglo = losses.filter((l) => l.type === 'taylorglo').map(armName);
  if (typeof evolve.arm === 'string') {
    const arm = losses.find((l) => armName(l) === evolve.arm);
    if (!arm) out.push(err(['evolve', 'arm'], `unknown arm '${evolve.arm}'; arms in this config: ${losses.map(armName).join(', ')}`));
    else if (arm.type !== 'taylorglo') out.push(err(['evolve', 'arm'], `arm '${evolve.arm}' is '${String(arm.type)}'; evolution needs a taylorglo arm`));
  } else if (taylorglo.length !== 1) {
    out.push(err(['evolve'], taylorglo.length ? `several taylorglo arms (${taylorglo.join(', ')}): name the one to evolve in evolve.arm` : `evolution needs a taylorglo arm in 'losses' (its params are the starting point's shape; the search starts from evolve.mean)`));
  }
  const fitness = evolve.fitness as Obj | undefined;
  const metric = fitness?.metric;
  if (typeof metric === 'string' && !/^(val|test)\//.test(metric)) out.push(err(['evolve', 'fitness', 'metric'], `the fitness must be a validation metric (val/…), e.g. val/accuracy or val/ce; got '${metric}'`));
  else if (metric === 'val/r2' || metric === 'val/rmse') out.push(err(['evolve', 'fitness', 'metric'], `'${metric}' is a regression metric; TaylorGLO evolution is for classification (val/accuracy, val/ce, val/loss)`));
  return out;
}

/** The sweep's objective must suit the task where that can be told. */
export function objectiveIssues(root: Obj, task: string | undefined): Issue[] {
  const metric = ((root.sweep as Obj | undefined)?.objective as Obj | undefined)?.metric;
  if (typeof metric !== 'string') return [];
  if (task === 'regression' && /\/(accuracy|ce)$/.test(metric)) return [err(['sweep', 'objective', 'metric'], `'${metric}' needs class labels; this dataset is a regression task (val/loss, val/r2, val/rmse)`)];
  if (task === 'classification' && /\/(r2|rmse)$/.test(metric)) return [err(['sweep', 'objective', 'metric'], `'${metric}' is a regression metric; this dataset is a classification task (val/accuracy, val/ce, val/loss)`)];
  return [];
}
