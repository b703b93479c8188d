/**
 * What the sweep views show, from a sweep run's trial rows (one per trial and seed): trials with
 * their final metrics averaged over seeds, grouped by the config arm they derive from ("base arm");
 * per group the Pareto front of two final metrics; for one-parameter sweeps the objective against
 * the swept value; and the trial table ordered by the objective.
 */
import type { ArmStatus } from '../../src/shared/metrics';
import type { SweepView } from '../../src/shared/protocol/webview';
import type { SweepConfig } from '../../src/shared/config/types';
import type { TrialRow } from '../../src/shared/sweep/types';
import { frontSteps, metricDirection, paretoFront, type Direction, type XY } from './pareto';

export interface TrialSeed {
  seed: number;
  status: ArmStatus;
  reason?: string;
  /** The row's finite final metrics (the objective included when the row carries it). */
  metrics: Record<string, number>;
  objective?: number;
}

export interface TrialPoint {
  trialId: string;
  /** The trial's name: the `arm` of its metric records. */
  name: string;
  baseArm: string;
  params: Record<string, number>;
  /** Seeds that ended, ascending. */
  seeds: TrialSeed[];
  /** Each final metric's mean over the seeds that have it as a finite number. */
  metrics: Record<string, number>;
  /** Mean of the seeds' objective values (undefined when no seed produced it). */
  objective?: number;
  /** The most serious status among the seeds (crashed, diverged, stopped, completed). */
  status: ArmStatus;
  /** e.g. "completed" or "diverged · 1 of 2 seeds". */
  statusText: string;
}

const SEVERITY: readonly ArmStatus[] = ['crashed', 'diverged', 'stopped', 'completed'];

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One point per trial (first-seen order), its metrics averaged over seeds. */
export function trialPoints(rows: readonly TrialRow[], objective?: SweepConfig['objective']): TrialPoint[] {
  const byId = new Map<string, TrialRow[]>();
  for (const r of rows) {
    const list = byId.get(r.trialId);
    if (list) list.push(r);
    else byId.set(r.trialId, [r]);
  }
  const out: TrialPoint[] = [];
  for (const [trialId, list] of byId) {
    const seeds: TrialSeed[] = list
      .map((r) => {
        const metrics: Record<string, number> = {};
        for (const [k, v] of Object.entries(r.final)) if (Number.isFinite(v)) metrics[k] = v;
        const obj = r.objective !== undefined && Number.isFinite(r.objective) ? r.objective : undefined;
        if (objective && obj !== undefined && metrics[objective.metric] === undefined) metrics[objective.metric] = obj;
        const s: TrialSeed = { seed: r.seed, status: r.status, metrics };
        if (r.reason !== undefined) s.reason = r.reason;
        if (obj !== undefined) s.objective = obj;
        return s;
      })
      .sort((a, b) => a.seed - b.seed);
    const names = new Set<string>();
    for (const s of seeds) for (const k in s.metrics) names.add(k);
    const metrics: Record<string, number> = {};
    for (const k of names) {
      const vs = seeds.map((s) => s.metrics[k]).filter((v): v is number => v !== undefined);
      metrics[k] = mean(vs);
    }
    const objs = seeds.map((s) => s.objective).filter((v): v is number => v !== undefined);
    const status = SEVERITY.find((st) => seeds.some((s) => s.status === st)) ?? 'completed';
    const bad = seeds.filter((s) => s.status === status).length;
    const first = list[0];
    const p: TrialPoint = {
      trialId,
      name: first.arm,
      baseArm: first.baseArm,
      params: first.params,
      seeds,
      metrics,
      status,
      statusText: status === 'completed' || bad === seeds.length ? status : `${status} · ${bad} of ${seeds.length} seeds`,
    };
    if (objs.length) p.objective = mean(objs);
    out.push(p);
  }
  return out;
}

/** The final metrics that at least one trial has, objective first, then alphabetically. */
export function finalMetricNames(points: readonly TrialPoint[], objective?: string): string[] {
  const names = new Set<string>();
  for (const p of points) for (const k in p.metrics) names.add(k);
  return [...names].sort((a, b) => (a === objective ? -1 : b === objective ? 1 : a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The Pareto axes: the picked ones where the trials have them; else the config's `pareto` axes; else
 * the objective against the first other final metric.
 */
export function paretoAxes(config: SweepConfig, metrics: readonly string[], picked: { x?: string; y?: string } = {}): { x: string; y: string } {
  const has = (m: string | undefined): m is string => m !== undefined && metrics.includes(m);
  const obj = config.objective.metric;
  const [dx, dy] = config.pareto ?? [obj, metrics.find((m) => m !== obj) ?? obj];
  return { x: has(picked.x) ? picked.x : dx, y: has(picked.y) ? picked.y : dy };
}

/**
 * Base arms in colour order: as their trials first appear in the run's `arms` (config order), a base
 * arm that is itself in `arms` at its own place; then the others in order of appearance in the rows.
 */
export function baseArmOrder(runArms: readonly string[], points: readonly TrialPoint[], baseArms: Readonly<Record<string, string>> = {}): string[] {
  const baseOf = trialBaseArms(points, baseArms);
  const bases = new Set(baseOf.values());
  const out = new Set<string>();
  for (const a of runArms) {
    const b = baseOf.get(a) ?? (bases.has(a) ? a : undefined);
    if (b !== undefined) out.add(b);
  }
  for (const p of points) out.add(p.baseArm);
  return [...out];
}

/** Trial name → base arm: from the sweep's expansion (every trial, known up front), completed by the rows. */
export function trialBaseArms(points: readonly TrialPoint[], baseArms: Readonly<Record<string, string>> = {}): Map<string, string> {
  const out = new Map(Object.entries(baseArms));
  for (const p of points) if (!out.has(p.name)) out.set(p.name, p.baseArm);
  return out;
}

export interface ParetoGroup {
  baseArm: string;
  /** Trials of this base arm with both metrics. */
  points: TrialPoint[];
  /** Their non-dominated ones. */
  front: TrialPoint[];
  /** The front as a staircase. */
  steps: XY[];
}

/** Per base arm (in `order`), the trials that have both metrics, their front and its staircase. */
export function paretoGroups(points: readonly TrialPoint[], order: readonly string[], x: string, y: string, xDir: Direction, yDir: Direction): ParetoGroup[] {
  return order.map((baseArm) => {
    const ps = points.filter((p) => p.baseArm === baseArm && Number.isFinite(p.metrics[x]) && Number.isFinite(p.metrics[y]));
    const xy = ps.map((p) => ({ x: p.metrics[x], y: p.metrics[y], p }));
    const front = paretoFront(xy, xDir, yDir);
    return { baseArm, points: ps, front: front.map((f) => f.p), steps: frontSteps(front, xDir, yDir) };
  });
}

/** Directions of the two Pareto axes (the objective's mode for the objective). */
export function axisDirections(config: SweepConfig, x: string, y: string): { x: Direction; y: Direction } {
  return { x: metricDirection(x, config.objective), y: metricDirection(y, config.objective) };
}

/** The swept parameter of a one-parameter sweep, and whether its axis should be logarithmic. */
export function sweptParameter(config: SweepConfig, points: readonly TrialPoint[]): { key: string; log: boolean } | undefined {
  const keys = Object.keys(config.parameters);
  if (keys.length !== 1) return undefined;
  const key = keys[0];
  const v = config.parameters[key];
  const values = points.map((p) => p.params[key]).filter((x): x is number => x !== undefined && Number.isFinite(x));
  const positive = values.length > 0 && values.every((x) => x > 0);
  if ('logGrid' in v || ('random' in v && v.random.log)) return { key, log: positive || values.length === 0 };
  return { key, log: positive && Math.max(...values) / Math.min(...values) > 100 };
}

export interface ParamSeries {
  baseArm: string;
  /** (swept value, mean objective over seeds), ascending in x. */
  line: XY[];
  /** (swept value, one seed's objective). */
  seeds: (XY & { seed: number })[];
}

/** Per base arm (in `order`) that has trials at the parameter: the objective against the swept value. */
export function paramSeries(points: readonly TrialPoint[], order: readonly string[], key: string): ParamSeries[] {
  const out: ParamSeries[] = [];
  for (const baseArm of order) {
    const ps = points.filter((p) => p.baseArm === baseArm && Number.isFinite(p.params[key]));
    if (ps.length === 0) continue;
    const line = ps.filter((p) => p.objective !== undefined).map((p) => ({ x: p.params[key], y: p.objective as number }));
    line.sort((a, b) => a.x - b.x);
    const seeds: ParamSeries['seeds'] = [];
    for (const p of ps) for (const s of p.seeds) if (s.objective !== undefined) seeds.push({ x: p.params[key], y: s.objective, seed: s.seed });
    out.push({ baseArm, line, seeds });
  }
  return out;
}

/** Trials without the swept parameter (arms that run once as baselines) that have an objective. */
export function baselines(points: readonly TrialPoint[], order: readonly string[], key: string): { baseArm: string; name: string; y: number }[] {
  const out: { baseArm: string; name: string; y: number }[] = [];
  for (const baseArm of order) {
    for (const p of points) {
      if (p.baseArm === baseArm && p.params[key] === undefined && p.objective !== undefined) out.push({ baseArm, name: p.name, y: p.objective });
    }
  }
  return out;
}

/** Trials best objective first (by its mode); trials without one last, in arrival order. */
export function trialTableRows(points: readonly TrialPoint[], mode: Direction): TrialPoint[] {
  const sign = mode === 'min' ? 1 : -1;
  return points
    .map((p, i) => ({ p, i }))
    .sort((a, b) => {
      const va = a.p.objective;
      const vb = b.p.objective;
      if (va === undefined || vb === undefined) return va !== undefined ? -1 : vb !== undefined ? 1 : a.i - b.i;
      return sign * (va - vb) || a.i - b.i;
    })
    .map((e) => e.p);
}

/** "key=value, …" with short numbers. */
export function paramsText(params: Record<string, number>, format: (v: number) => string): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${format(v)}`);
  return parts.length ? parts.join(', ') : 'baseline';
}

/** Jobs (trial × seed) that ended, and how many the sweep has. */
export function sweepProgress(sweep: SweepView): { finished: number; total: number } {
  return { finished: sweep.rows.length, total: Math.max(sweep.totalJobs, sweep.rows.length) };
}
