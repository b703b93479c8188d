/**
 * What the Evolution section's charts draw, from a run's `EvolutionView` (pure, no DOM):
 *
 * - fitness per generation: the generation's best and median (of its trained candidates) and the best
 *   so far, in the fitness metric's own units and direction (the axis says which way is better);
 * - the search: the fraction of each generation's candidates pruned by the TaylorGLO invariant, and
 *   CMA-ES's step size σ after the generation's update;
 * - the loss shape (see `taylorgloShape`): the per-class terms −f(1, p) (true class) and −f(0, p)
 *   (a wrong class) against the predicted probability p of the current best vector (the `bestParams`
 *   of the last generation that has one), cross-entropy's −log p dashed for reference, and faintly the
 *   best trained candidate of each earlier generation (older fainter) so the shape is seen morphing.
 */
import { crossEntropyShape, shapeGrid, taylorgloShape } from '../../src/shared/methods/taylorglo-shape';
import type { GenerationRecord } from '../../src/shared/evolve/types';
import type { EvolutionView } from '../../src/shared/protocol/webview';

export interface EvoPt {
  x: number;
  y: number;
}

/** A colour the view resolves against the theme: a palette index, or the theme's muted/foreground colour. */
export type EvoColor = number | 'muted' | 'foreground';

export interface EvoLine {
  id: string;
  label: string;
  points: EvoPt[];
  color: EvoColor;
  /** Opacity of the line (1 = solid). */
  alpha: number;
  width: number;
  dashed: boolean;
  /** Draw a dot at each point (per-generation series with few points). */
  markers: boolean;
  /** The right-hand axis (σ on the search chart). */
  right?: boolean;
  /** Listed in the chart's legend and tooltip (faint history lines are not). */
  legend: boolean;
  /** A fixed reference (cross-entropy): drawn, but the chart counts as empty without data lines. */
  reference?: boolean;
}

export interface FitnessChart {
  lines: EvoLine[];
  /** The metric's name and which way is better, e.g. "val/accuracy (higher is better)". */
  yTitle: string;
  /** Generations on the x axis: 1 … the configured number (or more, if the run went beyond). */
  xMax: number;
}

export interface SearchChart {
  lines: EvoLine[];
  xMax: number;
}

export interface ShapeChart {
  lines: EvoLine[];
  /** The generation whose best-so-far vector the solid lines show (undefined: no vector yet). */
  bestGeneration?: number;
  bestParams?: number[];
  /** The first generation whose best-so-far vector is the current one (where it was found). */
  foundIn?: number;
  /** y bounds fitted to the current best shape and the cross-entropy reference (history lines may leave them). */
  yMin?: number;
  yMax?: number;
}

export interface EvolutionSeries {
  fitness: FitnessChart;
  search: SearchChart;
  shape: ShapeChart;
}

/** Palette indices of the series (the theme's chart colours: blue, orange, green, red, purple, yellow). */
export const EVO_COLORS = { bestSoFar: 0, best: 2, median: 1, pruned: 3, sigma: 4, target1: 0, target0: 1 } as const;

/** Earlier generations drawn faintly on the loss-shape chart (the most recent ones). */
export const SHAPE_HISTORY = 12;

export function directionText(mode: 'min' | 'max'): string {
  return mode === 'max' ? 'higher is better' : 'lower is better';
}

/** The fitness metric and direction: the config's, else the state's. */
export function fitnessSpec(view: EvolutionView): { metric: string; mode: 'min' | 'max' } {
  return view.config?.fitness ?? view.state?.fitness ?? { metric: 'fitness', mode: 'max' };
}

function isNum(v: number | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function better(a: number, b: number | undefined, mode: 'min' | 'max'): boolean {
  return b === undefined || (mode === 'max' ? a > b : a < b);
}

/** Candidates of a generation: its `candidates` when listed, else evaluated + pruned (evaluated counts failed ones). */
export function candidateCount(r: GenerationRecord): number {
  return r.candidates?.length ? r.candidates.length : r.evaluated + r.pruned;
}

/** Fraction of a generation's candidates pruned by the invariant, or undefined for an empty generation. */
export function prunedFraction(r: GenerationRecord): number | undefined {
  const n = candidateCount(r);
  return n > 0 ? r.pruned / n : undefined;
}

/** Best so far per generation: the record's `bestSoFar`, else the running best of the generations' bests. */
export function bestSoFarSeries(gens: readonly GenerationRecord[], mode: 'min' | 'max'): (number | undefined)[] {
  let run: number | undefined;
  return gens.map((g) => {
    if (isNum(g.bestSoFar)) run = g.bestSoFar;
    else if (isNum(g.best) && better(g.best, run, mode)) run = g.best;
    return run;
  });
}

function line(id: string, label: string, points: EvoPt[], color: EvoColor, more: Partial<EvoLine> = {}): EvoLine {
  return { id, label, points, color, alpha: 1, width: 1.75, dashed: false, markers: true, legend: true, ...more };
}

export function fitnessChart(view: EvolutionView): FitnessChart {
  const { metric, mode } = fitnessSpec(view);
  const gens = view.generations;
  const pts = (f: (g: GenerationRecord, i: number) => number | undefined): EvoPt[] =>
    gens.flatMap((g, i) => {
      const y = f(g, i);
      return isNum(y) ? [{ x: g.generation, y }] : [];
    });
  const soFar = bestSoFarSeries(gens, mode);
  return {
    yTitle: `${metric} (${directionText(mode)})`,
    xMax: xMaxOf(view),
    lines: [
      line('bestSoFar', 'best so far', pts((_, i) => soFar[i]), EVO_COLORS.bestSoFar, { width: 2.25, markers: false }),
      line('best', 'generation best', pts((g) => g.best), EVO_COLORS.best),
      line('median', 'generation median', pts((g) => g.median), EVO_COLORS.median, { width: 1.25, dashed: true }),
    ],
  };
}

export function searchChart(view: EvolutionView): SearchChart {
  const gens = view.generations;
  const pruned: EvoPt[] = [];
  const sigma: EvoPt[] = [];
  for (const g of gens) {
    const f = prunedFraction(g);
    if (f !== undefined) pruned.push({ x: g.generation, y: f });
    if (isNum(g.sigma)) sigma.push({ x: g.generation, y: g.sigma });
  }
  return {
    xMax: xMaxOf(view),
    lines: [line('pruned', 'pruned fraction', pruned, EVO_COLORS.pruned), line('sigma', 'σ (step size)', sigma, EVO_COLORS.sigma, { right: true })],
  };
}

function xMaxOf(view: EvolutionView): number {
  const last = view.generations[view.generations.length - 1]?.generation ?? 0;
  return Math.max(1, view.config?.generations ?? view.state?.generations ?? 0, last);
}

/** The current best vector: the `bestParams` of the last generation that has one (else the state's). */
export function currentBest(view: EvolutionView): { params: number[]; generation?: number } | undefined {
  for (let i = view.generations.length - 1; i >= 0; i--) {
    const g = view.generations[i];
    if (g.bestParams?.length === 8) return { params: g.bestParams, generation: g.generation };
  }
  return view.state?.bestParams?.length === 8 ? { params: view.state.bestParams } : undefined;
}

/** The best trained candidate of a generation (by fitness in the metric's direction), else its `bestParams`. */
export function generationBest(g: GenerationRecord, mode: 'min' | 'max'): number[] | undefined {
  let best: { params: number[]; fitness: number } | undefined;
  for (const c of g.candidates ?? []) {
    if (c.outcome !== 'trained' || !isNum(c.fitness) || c.params?.length !== 8) continue;
    if (better(c.fitness, best?.fitness, mode)) best = { params: c.params, fitness: c.fitness };
  }
  return best?.params ?? (g.bestParams?.length === 8 ? g.bestParams : undefined);
}

function sameVector(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function shapeChart(view: EvolutionView, points?: number): ShapeChart {
  const grid = shapeGrid(points);
  const n = Number.isInteger(view.nClasses) && view.nClasses >= 2 ? view.nClasses : 2;
  const { mode } = fitnessSpec(view);
  const toPts = (ys: number[]): EvoPt[] => ys.flatMap((y, i) => (Number.isFinite(y) ? [{ x: grid[i], y }] : []));
  const ce = crossEntropyShape(grid);
  const lines: EvoLine[] = [];
  const cur = currentBest(view);
  // Earlier generations, oldest first (so newer ones draw on top), fainter with age.
  const earlier = view.generations.filter((g) => cur?.generation === undefined || g.generation < cur.generation).slice(-SHAPE_HISTORY);
  earlier.forEach((g, k) => {
    const params = generationBest(g, mode);
    if (!params || (cur && sameVector(params, cur.params))) return;
    const s = taylorgloShape(params, n, grid);
    const alpha = 0.1 + (0.25 * (k + 1)) / earlier.length;
    const faint = { alpha, width: 1, markers: false, legend: false };
    lines.push(line(`hist-${g.generation}-y1`, `generation ${g.generation} best, target 1`, toPts(s.target1), EVO_COLORS.target1, faint));
    lines.push(line(`hist-${g.generation}-y0`, `generation ${g.generation} best, target 0`, toPts(s.target0), EVO_COLORS.target0, faint));
  });
  lines.push(line('ce', 'cross-entropy −log p (target 1)', toPts(ce), 'muted', { dashed: true, width: 1.25, markers: false, reference: true }));
  if (!cur) return { lines };
  const s = taylorgloShape(cur.params, n, grid);
  lines.push(line('y1', 'target 1 (true class): −f(1, p)', toPts(s.target1), EVO_COLORS.target1, { width: 2.25, markers: false }));
  lines.push(line('y0', 'target 0 (other class): −f(0, p)', toPts(s.target0), EVO_COLORS.target0, { width: 2.25, markers: false }));
  // Fit y to the best shape, with the cross-entropy reference where it stays within a few units.
  const ys = [...s.target1, ...s.target0].filter(Number.isFinite);
  let lo = Math.min(...ys);
  let hi = Math.max(...ys);
  const ceCap = Math.max(hi, 3);
  for (const v of ce) if (v <= ceCap) hi = Math.max(hi, v);
  lo = Math.min(lo, 0);
  const pad = (hi - lo || 1) * 0.05;
  const foundIn = view.generations.find((g) => g.bestParams && sameVector(g.bestParams, cur.params))?.generation;
  return { lines, bestGeneration: cur.generation, bestParams: cur.params, foundIn, yMin: lo - pad, yMax: hi + pad };
}

export function evolutionSeries(view: EvolutionView): EvolutionSeries {
  return { fitness: fitnessChart(view), search: searchChart(view), shape: shapeChart(view) };
}
