/**
 * Semantic checks of the `sweep` and `evolve` sections that the schema cannot express: the arms and
 * fields they name exist, value specs are well formed (ranges with from < to, distinct listed values,
 * samples only with random parameters), every value a sweep would set is valid for its field (the
 * schema is run on each materialized arm or config; random draws are never integers, so integer
 * fields cannot be random), and evolution targets a taylorglo arm on classification data.
 */
import { obj, type Obj } from './json-object';
import type { Issue, Segment } from './positions';
import type { SweepConfig, SweepValues } from './types';
import { getPath, isConfigPath, setPath } from '../sweep/set-path';
import { parameterCombinations } from '../sweep/expand';
import { isRandom, listedValues, formatValue } from '../sweep/values';
import { schemaIssues } from './validate';


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

/**
 * Problems in the shape of one parameter's value spec that the schema does not catch, at the offending
 * field: logarithmic ranges through zero, empty random ranges, grids of equal values, duplicate values.
 */
function rangeIssues(spec: SweepValues, at: Segment[]): Issue[] {
  if ('values' in spec) {
    const first = new Map<number, number>();
    for (const [i, v] of spec.values.entries()) {
      const j = first.get(v);
      if (j !== undefined) return [err([...at, 'values'], `duplicate value ${formatValue(v)} (items ${j} and ${i}): each value is one trial, list it once`)];
      first.set(v, i);
    }
    return [];
  }
  if ('grid' in spec || 'logGrid' in spec) {
    const kind = 'grid' in spec ? 'grid' : 'logGrid';
    const { from, to, count } = 'grid' in spec ? spec.grid : spec.logGrid;
    if (kind === 'logGrid' && !(from > 0 && to > 0)) return [err([...at, kind, from > 0 ? 'to' : 'from'], `logGrid needs from and to > 0 (got ${from} … ${to}); use grid for ranges through zero`)];
    if (from === to && count > 1) return [err([...at, kind, 'to'], `from and to are both ${from}: the ${count} values would all be equal; use values: [${from}] for a single value`)];
    return [];
  }
  const { from, to, log } = spec.random;
  if (log && !(from > 0 && to > 0)) return [err([...at, 'random', from > 0 ? 'to' : 'from'], `a log-uniform range needs from and to > 0 (got ${from} … ${to})`)];
  if (!(from < to)) return [err([...at, 'random', 'from'], `from must be < to (got from ${from}, to ${to})${from === to ? `; use values: [${from}] for a single value` : ''}`)];
  return [];
}

/** A value inside a (valid) random range that is not an integer, or undefined if floats there are all integers. */
function nonIntegerDraw(spec: Extract<SweepValues, { random: unknown }>): number | undefined {
  const { from, to, log } = spec.random;
  for (const t of [0.5, 0.381966, 0.7236]) {
    const exact = log ? Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * t) : from + (to - from) * t;
    const v = Number(exact.toPrecision(4));
    if (!Number.isInteger(v) && v > from && v < to) return v;
  }
  return undefined;
}

/** `key` is an integer field of `candidate` (as `setOn` addresses it): a non-integer there fails the schema as such. */
function isIntegerField(candidate: Obj, key: string, setOn: (c: Obj) => Obj, probe: number): boolean {
  const c = structuredClone(candidate);
  try {
    setPath(setOn(c), key, probe);
  } catch {
    return false;
  }
  return schemaIssues(c).some((i) => i.severity === 'error' && i.message === MUST_BE_INTEGER && isPathOf(i.path, key));
}

/** Whether a schema issue's path is the swept key (a config path, or an arm field under losses[0]). */
function isPathOf(path: Segment[], key: string): boolean {
  const joined = path.map(String).join('.');
  return joined === key || joined.endsWith(`.${key}`);
}

/** The schema's message for a non-integer in an integer field (validate.ts `describe`). */
const MUST_BE_INTEGER = 'must be an integer';

/** Runs the schema on `candidate` with each value the sweep would set and reports the first bad one at the parameter. */
function valueIssues(candidate: Obj, key: string, spec: SweepValues, at: Segment[], setOn: (c: Obj) => Obj, what: string): Issue[] {
  if (isRandom(spec)) {
    const probe = nonIntegerDraw(spec);
    if (probe !== undefined && isIntegerField(candidate, key, setOn, probe)) {
      return [err([...at, 'random'], `${key} is an integer field in ${what}, but random draws are not integers (e.g. ${key} = ${probe}); sweep it with values or a grid of integers`)];
    }
  }
  for (const v of valuesOf(spec)) {
    const c = structuredClone(candidate);
    try {
      setPath(setOn(c), key, v);
    } catch (e) {
      return [err(at, `${key}: ${(e as Error).message} in ${what}`)];
    }
    const bad = schemaIssues(c).find((i) => i.severity === 'error');
    if (bad?.message === MUST_BE_INTEGER && !Number.isInteger(v)) {
      const how = 'values' in spec ? 'list integers' : 'choose from, to and count so that every grid value is an integer, or list the values';
      return [err(at, `${key} = ${v} (sweep value) is not valid in ${what}: ${key} is an integer field; ${how}`)];
    }
    if (bad) return [err(at, `${key} = ${formatValue(v)} (sweep value) is not valid in ${what}: ${bad.message}`)];
  }
  return [];
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** A value spec of the shape the schema requires; the checks below read only these (the schema reports the others). */
function wellFormed(spec: unknown): spec is SweepValues {
  const s = obj(spec);
  if (!s || Object.keys(s).length !== 1) return false;
  const [kind, value] = Object.entries(s)[0];
  if (kind === 'values') return Array.isArray(value) && value.length > 0 && value.every(isFiniteNumber);
  const v = obj(value);
  if (!v || !isFiniteNumber(v.from) || !isFiniteNumber(v.to)) return false;
  if (kind === 'grid' || kind === 'logGrid') return Number.isInteger(v.count) && (v.count as number) >= 2;
  return kind === 'random' && (v.log === undefined || typeof v.log === 'boolean');
}

export function sweepIssues(root: Obj): Issue[] {
  const given = obj(root.sweep);
  const parameters = obj(given?.parameters);
  if (!given || !parameters) return [];
  const specs = Object.values(parameters);
  const sweep = { ...given, arms: Array.isArray(given.arms) && given.arms.every((a) => typeof a === 'string') ? given.arms : undefined } as SweepConfig;
  const losses = (Array.isArray(root.losses) ? root.losses : []).filter((a): a is Obj => !!a && typeof a === 'object');
  const out: Issue[] = [];
  const names = losses.map(armName);
  (sweep.arms ?? []).forEach((a, i) => {
    if (!names.includes(a)) out.push(err(['sweep', 'arms', i], `unknown arm '${a}'; arms in this config: ${names.join(', ')}`));
  });
  const appliesTo = (arm: Obj, key: string) => isConfigPath(key) || typeof getPath(arm, key) === 'number';
  const swept = losses.filter((a) => (sweep.arms ? sweep.arms.includes(armName(a)) : Object.keys(sweep.parameters).some((k) => appliesTo(a, k))));
  const anyRandom = specs.some((spec) => wellFormed(spec) && isRandom(spec));
  if (sweep.samples !== undefined && !anyRandom) out.push(err(['sweep', 'samples'], `samples only counts the draws of random parameters, and no parameter is random: it is ignored`, 'warning'));
  for (const [key, spec] of Object.entries(sweep.parameters)) {
    if (!wellFormed(spec)) continue;
    const at: Segment[] = ['sweep', 'parameters', key];
    if (isRandom(spec) && sweep.samples === undefined) out.push(err([...at, 'random'], `'${key}' is random: set sweep.samples, the number of draws`));
    const bad = rangeIssues(spec, at);
    out.push(...bad);
    if (isConfigPath(key)) {
      if (typeof getPath(root, key) !== 'number') {
        out.push(err(at, `'${key}' is not a number in this config (after defaults); config fields must exist to be swept, e.g. train.optimizer.lr`));
        continue;
      }
      if (bad.length === 0) out.push(...valueIssues(root, key, spec, at, (c) => c, 'the config'));
      continue;
    }
    const targets = swept.filter((a) => appliesTo(a, key));
    if (targets.length === 0) {
      out.push(err(at, `no swept arm has a numeric field '${key}'${swept.length ? ` (swept arms: ${swept.map(armName).join(', ')})` : ''}; prefix config fields with train., model. or data.`));
      continue;
    }
    if (bad.length === 0) for (const arm of targets) out.push(...valueIssues({ ...root, losses: [arm] }, key, spec, at, (c) => (c.losses as Obj[])[0], `arm '${armName(arm)}'`));
  }
  (sweep.arms ?? []).forEach((a, i) => {
    const arm = losses.find((l) => armName(l) === a);
    if (arm && !Object.keys(sweep.parameters).some((k) => appliesTo(arm, k))) out.push(err(['sweep', 'arms', i], `arm '${a}' has none of the swept fields (${Object.keys(sweep.parameters).join(', ')})`));
  });
  if (out.some((i) => i.severity === 'error') || !specs.every(wellFormed)) return out;
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

/**
 * The sweep's objective must suit the task where that can be told. A CSV dataset without `data.task`
 * has its task inferred from the target column only when the data are loaded, after the default
 * objective (val/accuracy unless the task is known to be regression) has been chosen: say so.
 */
export function objectiveIssues(root: Obj, task: string | undefined): Issue[] {
  const sweep = root.sweep as Obj | undefined;
  if (!sweep || typeof sweep !== 'object') return [];
  const data = root.data as Obj | undefined;
  if (sweep.objective === undefined && task === undefined && data?.dataset === 'csv') {
    return [
      {
        path: ['sweep', 'objective'],
        message: `sweep.objective is not set, so trials are ranked by val/accuracy (a classification metric), but this CSV dataset's task is only inferred from the target column when the data are loaded, and a regression target has no val/accuracy. Set data.task (the objective then defaults to val/accuracy or val/r2) or sweep.objective.metric`,
        severity: 'warning',
        target: 'parent',
      },
    ];
  }
  const metric = (sweep.objective as Obj | undefined)?.metric;
  if (typeof metric !== 'string') return [];
  if (task === 'regression' && /\/(accuracy|ce)$/.test(metric)) return [err(['sweep', 'objective', 'metric'], `'${metric}' needs class labels; this dataset is a regression task (val/loss, val/r2, val/rmse)`)];
  if (task === 'classification' && /\/(r2|rmse)$/.test(metric)) return [err(['sweep', 'objective', 'metric'], `'${metric}' is a regression metric; this dataset is a classification task (val/accuracy, val/ce, val/loss)`)];
  return [];
}
