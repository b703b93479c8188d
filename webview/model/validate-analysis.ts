/**
 * Checks of a run's analyses in host messages (`src/shared/analysis/types.ts`): Hessian spectra and
 * loss landscapes. Losses and metrics may be NaN (sent as null) where an evaluation diverged; a slice's
 * grid must be rectangular (one row per y, or one row for a 1-D slice, each as long as x). A list
 * keeps the entries that pass and leaves the others out (one odd file must not cost the run's init).
 */
import type { AnalysisResult, AnalysisSplit, HessianResult, LandscapePath, LandscapeResult } from '../../src/shared/analysis/types';
import type { AnalysisEntry, AnalysisProgress } from '../../src/shared/protocol/webview';
import { arr, bool, Invalid, num, numArray, obj, oneOf, optNum, str } from './validate-basics';

const SPLITS: readonly AnalysisSplit[] = ['train', 'val', 'test'];
const DIRECTIONS: readonly LandscapeResult['directions']['kind'][] = ['random', 'arms'];

function grid(x: unknown, what: string, rows: number, cols: number): number[][] {
  const g = arr(x, what).map((r, j) => numArray(r, `${what}[${j}]`));
  if (g.length !== rows || g.some((r) => r.length !== cols)) throw new Invalid(`${what} is not ${rows} rows of ${cols}`);
  return g;
}

function checkPath(x: unknown, what: string): LandscapePath {
  const p = obj(x, what);
  const t = arr(p.t, `${what}.t`).map((v) => num(v, `${what}.t[]`));
  const loss = numArray(p.loss, `${what}.loss`);
  const metric = numArray(p.metric, `${what}.metric`);
  if (loss.length !== t.length || metric.length !== t.length) throw new Invalid(`${what} has ${t.length} positions but ${loss.length} losses and ${metric.length} metric values`);
  const b = obj(p.barrier, `${what}.barrier`);
  return { from: str(p.from, `${what}.from`), to: str(p.to, `${what}.to`), t, loss, metric, barrier: { height: num(b.height, `${what}.barrier.height`), at: num(b.at, `${what}.barrier.at`) } };
}

function checkLandscape(r: Record<string, unknown>): LandscapeResult {
  const s = obj(r.slice, 'landscape.slice');
  const x = arr(s.x, 'slice.x').map((v) => num(v, 'slice.x[]'));
  const y = s.y === undefined || s.y === null ? undefined : arr(s.y, 'slice.y').map((v) => num(v, 'slice.y[]'));
  const rows = y ? y.length : 1;
  const d = obj(r.directions, 'landscape.directions');
  const directions: LandscapeResult['directions'] = { kind: oneOf(d.kind, DIRECTIONS, 'directions.kind') };
  if (d.towards !== undefined && d.towards !== null) directions.towards = arr(d.towards, 'directions.towards').map((a) => str(a, 'directions.towards[]'));
  return {
    kind: 'landscape',
    seed: num(r.seed, 'landscape.seed'),
    split: oneOf(r.split, SPLITS, 'landscape.split'),
    metricName: str(r.metricName, 'landscape.metricName'),
    lossName: str(r.lossName, 'landscape.lossName'),
    center: str(r.center, 'landscape.center'),
    directions,
    slice: { x, ...(y ? { y } : {}), loss: grid(s.loss, 'slice.loss', rows, x.length), metric: grid(s.metric, 'slice.metric', rows, x.length) },
    paths: arr(r.paths, 'landscape.paths').map((p, i) => checkPath(p, `paths[${i}]`)),
    evaluations: num(r.evaluations, 'landscape.evaluations'),
    seconds: num(r.seconds, 'landscape.seconds'),
  };
}

function checkHessian(r: Record<string, unknown>): HessianResult {
  const top = obj(r.top, 'hessian.top');
  const trace = obj(r.trace, 'hessian.trace');
  const out: HessianResult = {
    kind: 'hessian',
    arm: str(r.arm, 'hessian.arm'),
    seed: num(r.seed, 'hessian.seed'),
    split: oneOf(r.split, SPLITS, 'hessian.split'),
    rows: num(r.rows, 'hessian.rows'),
    parameters: num(r.parameters, 'hessian.parameters'),
    loss: num(r.loss, 'hessian.loss'),
    top: { values: numArray(top.values, 'top.values'), residuals: numArray(top.residuals, 'top.residuals'), converged: bool(top.converged, 'top.converged'), products: num(top.products, 'top.products') },
    trace: { value: num(trace.value, 'trace.value'), standardError: num(trace.standardError, 'trace.standardError'), samples: num(trace.samples, 'trace.samples'), products: num(trace.products, 'trace.products') },
    products: num(r.products, 'hessian.products'),
    seconds: num(r.seconds, 'hessian.seconds'),
  };
  if (r.density !== undefined && r.density !== null) {
    const d = obj(r.density, 'hessian.density');
    const g = numArray(d.grid, 'density.grid');
    const density = numArray(d.density, 'density.density');
    if (density.length !== g.length) throw new Invalid('density.density is not as long as density.grid');
    const runs = arr(d.runs, 'density.runs').map((x) => {
      const run = obj(x, 'density.runs[]');
      return { nodes: numArray(run.nodes, 'density.runs[].nodes'), weights: numArray(run.weights, 'density.runs[].weights') };
    });
    out.density = { grid: g, density, sigma: num(d.sigma, 'density.sigma'), runs, products: num(d.products, 'density.products') };
  }
  return out;
}

export function checkAnalysisResult(x: unknown): AnalysisResult {
  const r = obj(x, 'analysis result');
  if (r.kind === 'landscape') return checkLandscape(r);
  if (r.kind === 'hessian') return checkHessian(r);
  throw new Invalid(`analysis result kind ${JSON.stringify(r.kind) ?? 'undefined'} is not landscape or hessian`);
}

export function checkAnalysisEntry(x: unknown): AnalysisEntry {
  const e = obj(x, 'analysis entry');
  return { file: str(e.file, 'analysis.file'), result: checkAnalysisResult(e.result) };
}

/** The entries of a list that pass their check, and why each other one did not. */
export function checkAnalysisEntries(x: unknown, what: string): { entries: AnalysisEntry[]; skipped: string[] } {
  const entries: AnalysisEntry[] = [];
  const skipped: string[] = [];
  arr(x, what).forEach((e, i) => {
    try {
      entries.push(checkAnalysisEntry(e));
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      skipped.push(`${what}[${i}]: ${err.message}`);
    }
  });
  return { entries, skipped };
}

/** Absent or null: no analysis is running any more. */
export function checkAnalysisProgress(x: unknown): AnalysisProgress | undefined {
  if (x === undefined || x === null) return undefined;
  const p = obj(x, 'progress');
  const out: AnalysisProgress = { label: str(p.label, 'progress.label'), done: num(p.done, 'progress.done') };
  const total = optNum(p.total, 'progress.total');
  if (total !== undefined) out.total = total;
  return out;
}
