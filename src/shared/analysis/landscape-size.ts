import type { LandscapeRequest } from './types';

/** Evaluations a landscape request takes: the slice's grid points, then `grid` points along each path (init → every arm, every pair of arms). */
export function landscapeEvaluations(req: LandscapeRequest): number {
  const k = req.arms.length;
  return req.grid ** req.dims + (k + (k * (k - 1)) / 2) * req.grid;
}
