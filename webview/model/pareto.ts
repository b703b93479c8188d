/**
 * Pareto fronts of two metrics, each with its own direction: the non-dominated points of a set, and
 * the staircase that bounds the region they dominate (drawn as the front's line). Points whose x or y
 * is not a finite number take no part.
 */
import { defaultEarlyStoppingMode } from '../../src/shared/metric-direction';

export type Direction = 'min' | 'max';

/**
 * Which way a metric improves: the sweep objective's own mode when it is the objective, else the
 * config's default (maximise accuracy/R²-like metrics, minimise the rest).
 */
export function metricDirection(metric: string, objective?: { metric: string; mode: Direction }): Direction {
  return objective && objective.metric === metric ? objective.mode : defaultEarlyStoppingMode(metric);
}

export interface XY {
  x: number;
  y: number;
}

const finite = (p: XY): boolean => Number.isFinite(p.x) && Number.isFinite(p.y);

/**
 * The non-dominated points of `points`, in input order. A point is dominated when another is at
 * least as good on both axes and better on one; identical points do not dominate each other, so
 * duplicates on the front all stay.
 */
export function paretoFront<P extends XY>(points: readonly P[], xDir: Direction, yDir: Direction): P[] {
  const sx = xDir === 'min' ? 1 : -1;
  const sy = yDir === 'min' ? 1 : -1;
  // Minimisation space, sorted by x then y: a point is dominated exactly when an earlier one has a
  // smaller y, or the same y at a smaller x.
  const order = points
    .map((p, i) => ({ i, x: sx * p.x, y: sy * p.y }))
    .filter((e) => finite(points[e.i]))
    .sort((a, b) => a.x - b.x || a.y - b.y);
  const keep = new Set<number>();
  let bestY = Infinity;
  let bestYx = Infinity;
  for (const p of order) {
    if (p.y < bestY) {
      bestY = p.y;
      bestYx = p.x;
      keep.add(p.i);
    } else if (p.y === bestY && p.x === bestYx) {
      keep.add(p.i);
    }
  }
  return points.filter((_, i) => keep.has(i));
}

/**
 * The front as a staircase, in data coordinates: front points ordered from best x to worst x, with a
 * corner between each pair (keep y, move to the next x, then move to the next y). This is the edge
 * of the region the front dominates.
 */
export function frontSteps(front: readonly XY[], xDir: Direction, yDir: Direction): XY[] {
  const sx = xDir === 'min' ? 1 : -1;
  const sy = yDir === 'min' ? 1 : -1;
  const pts = front.filter(finite).sort((a, b) => sx * a.x - sx * b.x || sy * a.y - sy * b.y);
  const out: XY[] = [];
  for (const p of pts) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    if (last) out.push({ x: p.x, y: last.y });
    out.push({ x: p.x, y: p.y });
  }
  return out;
}
