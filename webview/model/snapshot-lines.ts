/**
 * Lines of a vector trace's latest value (e.g. a learned loss's shape): per arm and seed, the vector
 * against `lossShape/x` when the trainer sends that grid, otherwise against [0, 1] for `lossShape/*`
 * (predictions) and against the index for anything else (e.g. class weights by class).
 */
import { LOSS_SHAPE_X } from './chart-defs';
import type { LineSpec, ShownRun } from './lines';
import { legendKey } from './ui-state';

export interface SnapshotRequest {
  runs: readonly ShownRun[];
  name: string;
  log: boolean;
  hidden: ReadonlySet<string>;
  colorIndex: ReadonlyMap<string, number>;
}

export function snapshotX(name: string, vec: readonly number[], grid: readonly number[] | undefined): number[] {
  if (name.startsWith('lossShape/')) {
    if (grid && grid.length === vec.length) return [...grid];
    return vec.map((_, i) => (vec.length > 1 ? i / (vec.length - 1) : 0));
  }
  return vec.map((_, i) => i);
}

export function snapshotXLabel(name: string): string {
  return name.startsWith('lossShape/') ? 'prediction' : 'index';
}

export function snapshotLines(req: SnapshotRequest): LineSpec[] {
  const out: LineSpec[] = [];
  for (const { run, overlay, legendRunKey } of req.runs) {
    for (const arm of run.arms) {
      if (req.hidden.has(legendKey(legendRunKey, arm))) continue;
      const bySeed = run.snapshots.get(arm);
      if (!bySeed) continue;
      for (const seed of [...bySeed.keys()].sort((a, b) => a - b)) {
        const vecs = bySeed.get(seed);
        const vec = vecs?.get(req.name);
        if (!vec) continue;
        const xs = snapshotX(req.name, vec, vecs?.get(LOSS_SHAPE_X));
        const points = vec.map((y, i) => ({ x: xs[i], y, i })).filter((p) => Number.isFinite(p.y) && (!req.log || p.y > 0));
        out.push({
          id: `${run.key}\u0000${arm}\u0000${seed}\u0000${req.name}`,
          role: 'line',
          runName: run.name,
          arm,
          overlay,
          seed,
          colorIndex: req.colorIndex.get(arm) ?? 0,
          points,
          describe: (i) => ({ step: NaN, epoch: NaN, time: NaN, value: vec[i], index: xs[i] }),
        });
      }
    }
  }
  return out;
}
