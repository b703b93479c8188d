/** Command-line parsing of `loss-lab hessian` and `loss-lab landscape` (analyses of a run's saved weights). */
import { parseArgs } from 'node:util';
import { HESSIAN_DEFAULTS, LANDSCAPE_DEFAULTS } from '../shared/analysis/defaults';
import type { AnalysisSplit } from '../shared/analysis/types';
import type { ExecutorType } from '../shared/runner/executor-choice';
import { numberOption, UsageError } from './usage-error';

export const ANALYSIS_USAGE = `  loss-lab hessian <run folder> --arm NAME [--seed S] [--split train|val|test] [--top K] [--density]
                   [--batch N] [--executor local|slurm] [--json]
  loss-lab landscape <run folder> [--arm NAME]... [--seed S] [--split train|val|test] [--grid 41]
                     [--range 1.0] [--dims 1|2] [--directions random|arms] [--executor local|slurm] [--json]`;

export const ANALYSIS_HELP = `hessian computes, at an arm's final weights, the top K eigenvalues (default 5, by Lanczos), the trace
(Hutchinson's estimator) and with --density the eigenvalue density (stochastic Lanczos quadrature) of
the Hessian of the task loss (cross-entropy, or MSE for regression) on a split (default train; --batch N
takes a seeded sample of N rows). landscape evaluates the task loss on a 1-D or 2-D grid (default 41 ×
41 over ±1) around the first --arm's final weights (default: every arm), along filter-normalised random
directions or towards the next arms' solutions, and along the straight paths from the seed's initial
weights to every arm and between every pair, with each path's barrier (the highest loss above the line
between its ends). Both need the weights the run saved (weights/), print a summary (--json: everything),
write landscape/*.json in the run folder, and stop with Ctrl-C.`;

const SPLITS: AnalysisSplit[] = ['train', 'val', 'test'];

export type AnalysisCommand =
  | { name: 'hessian'; runDir: string; arm: string; seed?: number; split: AnalysisSplit; top: number; density: boolean; batch?: number; executor?: ExecutorType; json: boolean }
  | {
      name: 'landscape'; runDir: string; arms?: string[]; seed?: number; split: AnalysisSplit; grid: number; range: number; dims: 1 | 2;
      directions: 'random' | 'arms'; executor?: ExecutorType; json: boolean;
    };

export function parseAnalysis(name: 'hessian' | 'landscape', args: string[]): AnalysisCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        arm: { type: 'string', multiple: true }, seed: { type: 'string' }, split: { type: 'string' }, executor: { type: 'string' }, json: { type: 'boolean', default: false },
        ...(name === 'hessian'
          ? { top: { type: 'string' }, density: { type: 'boolean', default: false }, batch: { type: 'string' } }
          : { grid: { type: 'string' }, range: { type: 'string' }, dims: { type: 'string' }, directions: { type: 'string' } }),
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { positionals } = parsed;
  const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (positionals.length !== 1) throw new UsageError(`'${name}' takes exactly one run folder, got ${positionals.length}`);
  const split = (v.split as string | undefined) ?? (name === 'hessian' ? HESSIAN_DEFAULTS.split : LANDSCAPE_DEFAULTS.split);
  if (!SPLITS.includes(split as AnalysisSplit)) throw new UsageError(`--split must be train, val or test, got '${split}'`);
  const executor = v.executor as ExecutorType | undefined;
  if (executor !== undefined && executor !== 'local' && executor !== 'slurm') throw new UsageError(`unknown executor '${executor}'; valid executors: local, slurm`);
  const seed = numberOption('seed', v.seed as string | undefined, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');
  const arms = v.arm as string[] | undefined;
  const common = { runDir: positionals[0], seed, split: split as AnalysisSplit, executor, json: v.json === true };
  if (name === 'hessian') {
    if (arms?.length !== 1) throw new UsageError(`'hessian' needs exactly one --arm`);
    return {
      name, ...common, arm: arms[0], density: v.density === true,
      top: numberOption('top', v.top as string | undefined, (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'an integer from 1 to 100') ?? HESSIAN_DEFAULTS.top,
      batch: numberOption('batch', v.batch as string | undefined, (n) => Number.isInteger(n) && n >= 1, 'a positive integer'),
    };
  }
  const directions = (v.directions as string | undefined) ?? LANDSCAPE_DEFAULTS.directions;
  if (directions !== 'random' && directions !== 'arms') throw new UsageError(`--directions must be random or arms, got '${directions}'`);
  return {
    name, ...common, arms, directions,
    grid: numberOption('grid', v.grid as string | undefined, (n) => Number.isInteger(n) && n >= 3 && n <= 401, 'an integer from 3 to 401') ?? LANDSCAPE_DEFAULTS.grid,
    range: numberOption('range', v.range as string | undefined, (n) => n > 0, 'a number > 0') ?? LANDSCAPE_DEFAULTS.range,
    dims: (numberOption('dims', v.dims as string | undefined, (n) => n === 1 || n === 2, '1 or 2') ?? LANDSCAPE_DEFAULTS.dims) as 1 | 2,
  };
}
