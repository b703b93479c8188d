/**
 * `loss-lab landscape`: a 1-D or 2-D slice of the task loss around the first arm's final weights, and
 * the straight paths from the seed's initial weights to every arm and between every pair of arms,
 * with their barriers (landscape.ts, directions.ts).
 */
import { landscapeEvaluations } from '../../shared/analysis/landscape-size';
import type { LandscapeRequest, LandscapeResult } from '../../shared/analysis/types';
import type { Rng } from '../../shared/rng';
import type { AnalysisContext } from './analysis-context';
import { difference, randomFilterNormalized, type Weights } from './directions';
import { coordinates, interpolate, slice, taskEvaluator, type Tick } from './landscape';

export async function analyseLandscape(ctx: AnalysisContext, req: LandscapeRequest, seed: number, rng: Rng, tick: Tick): Promise<LandscapeResult> {
  const t0 = performance.now();
  const evaluate = taskEvaluator(ctx.model, ctx.split, ctx.task);
  const solutions = new Map<string, Weights>(req.arms.map((arm) => [arm, ctx.final(arm)]));
  const center = solutions.get(req.arms[0])!;
  let directions: Weights[];
  let towards: string[] | undefined;
  if (req.directions === 'arms') {
    towards = req.arms.slice(1, 1 + req.dims);
    if (towards.length < req.dims) throw new Error(`a ${req.dims}-D slice towards other arms needs ${req.dims + 1} arms; got ${req.arms.length}`);
    directions = towards.map((arm) => difference(solutions.get(arm)!, center));
  } else {
    const dirRng = rng.fork('directions');
    directions = Array.from({ length: req.dims }, () => randomFilterNormalized(center, ctx.model.specs, dirRng));
  }
  const axis = coordinates(req.grid, req.range);
  const s = await slice(evaluate, center, directions[0], axis, directions[1], req.dims === 2 ? axis : undefined, tick);
  const init = ctx.initial();
  const paths = [];
  for (const arm of req.arms) paths.push(await interpolate(evaluate, init, solutions.get(arm)!, { from: 'init', to: arm }, req.grid, 0, tick));
  for (let i = 0; i < req.arms.length; i++) {
    for (let j = i + 1; j < req.arms.length; j++) {
      paths.push(await interpolate(evaluate, solutions.get(req.arms[i])!, solutions.get(req.arms[j])!, { from: req.arms[i], to: req.arms[j] }, req.grid, 0, tick));
    }
  }
  return {
    kind: 'landscape', seed, split: req.split,
    metricName: ctx.task === 'classification' ? 'accuracy' : 'r2',
    lossName: ctx.task === 'classification' ? 'cross-entropy' : 'mse',
    center: req.arms[0],
    directions: { kind: req.directions, ...(towards ? { towards } : {}) },
    slice: s, paths,
    evaluations: landscapeEvaluations(req),
    seconds: (performance.now() - t0) / 1000,
  };
}
