/**
 * What the panel shows of a loss-landscape result (`src/trainer/analysis/analyse-landscape.ts`): where
 * the arms' solutions sit in the slice, the paths' lines and their barrier table.
 *
 * The slice is centre + α·d₁ (+ β·d₂). The centre arm is at (0, 0). With 'arms' directions d₁ and d₂
 * are the differences to the next two arms' solutions (`directions.towards`), so those arms sit at
 * (1, 0) and (0, 1) (at α = 1 in a 1-D slice); random directions leave the other arms off the plane.
 */
import type { LandscapePath, LandscapeResult } from '../../src/shared/analysis/types';

export interface ArmPosition {
  arm: string;
  x: number;
  y: number;
  /** Within the slice's extent (an arm beyond ±range is listed, not drawn). */
  inside: boolean;
}

export function armPositions(r: LandscapeResult): ArmPosition[] {
  const { x, y } = r.slice;
  const within = (v: number, axis: readonly number[] | undefined): boolean => !axis || (v >= Math.min(...axis) && v <= Math.max(...axis));
  const at = (arm: string, px: number, py: number): ArmPosition => ({ arm, x: px, y: py, inside: within(px, x) && within(py, y) });
  const out = [at(r.center, 0, 0)];
  if (r.directions.kind === 'arms') (r.directions.towards ?? []).slice(0, y ? 2 : 1).forEach((arm, k) => out.push(at(arm, k === 0 ? 1 : 0, k === 1 ? 1 : 0)));
  return out;
}

/** A path's name as the legend and table write it. */
export function pathLabel(p: Pick<LandscapePath, 'from' | 'to'>): string {
  return p.from === 'init' ? `init → ${p.to}` : `${p.from} ↔ ${p.to}`;
}

export interface PathLine {
  label: string;
  /** Palette index at t = 0 and at t = 1: an init → arm path is the arm's colour; a pair goes from one arm's colour to the other's. */
  from: number;
  to: number;
  /** From the initial weights (solid) or between two solutions (dashed). */
  fromInit: boolean;
  points: { x: number; y: number }[];
}

/** One line per path, of the loss or the metric against t; arms not in `colorIndex` take the next indices, in order of appearance. */
export function pathLines(r: LandscapeResult, colorIndex: ReadonlyMap<string, number>, which: 'loss' | 'metric'): PathLine[] {
  const index = new Map(colorIndex);
  const colorOf = (arm: string): number => {
    if (!index.has(arm)) index.set(arm, Math.max(-1, ...index.values()) + 1);
    return index.get(arm)!;
  };
  return r.paths.map((p) => {
    const fromInit = p.from === 'init';
    const to = colorOf(p.to);
    return { label: pathLabel(p), from: fromInit ? to : colorOf(p.from), to, fromInit, points: p.t.map((t, i) => ({ x: t, y: p[which][i] })) };
  });
}

export interface BarrierRow {
  path: string;
  /** Loss at t = 0 and t = 1 (the two ends' solutions, or the initial weights and the solution). */
  start: number;
  end: number;
  height: number;
  at: number;
}

export function barrierRows(r: LandscapeResult): BarrierRow[] {
  return r.paths.map((p) => ({
    path: pathLabel(p),
    start: p.loss[p.t.indexOf(0)] ?? NaN,
    end: p.loss[p.t.indexOf(1)] ?? NaN,
    height: p.barrier.height,
    at: p.barrier.at,
  }));
}

/** A metric name as a reader says it. */
export function metricTitle(name: string): string {
  return name === 'r2' ? 'R²' : name;
}
