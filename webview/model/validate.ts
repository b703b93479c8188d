/**
 * Checks every message the host posts before the page uses it, and returns a clean copy. A malformed
 * message (wrong type tag, missing or mistyped field) is refused whole. Inside metric maps, values that
 * are not finite numbers are dropped (JSON turns NaN and Infinity into null), so one diverged value
 * does not cost the rest of the record.
 */
import type { ArmResult, MetricKind, MetricRecord, RunSummary } from '../../src/shared/metrics';
import type { HostToWebview, RunView, SweepView } from '../../src/shared/protocol/webview';
import type { SweepConfig, SweepValues } from '../../src/shared/config/types';
import type { TrialRow } from '../../src/shared/sweep/types';
import { checkComparison } from './validate-comparison';
import { arr, bool, checkDirected, finiteMap, Invalid, num, numOrNaN, obj, oneOf, optNum, str } from './validate-basics';
import { checkAnalysisEntries, checkAnalysisProgress } from './validate-analysis';
import { checkEvolutionState, checkEvolutionView, checkGeneration } from './validate-evolution';

const KINDS: readonly MetricKind[] = ['train', 'eval', 'probe', 'trace', 'final'];
const ARM_STATUSES: readonly ArmResult['status'][] = ['completed', 'stopped', 'diverged', 'crashed'];
const RUN_STATUSES: readonly RunSummary['status'][] = ['running', 'completed', 'stopped', 'failed', 'diverged'];

export function checkRecord(x: unknown): MetricRecord {
  const r = obj(x, 'record');
  const rec: MetricRecord = {
    arm: str(r.arm, 'record.arm'),
    seed: num(r.seed, 'record.seed'),
    step: num(r.step, 'record.step'),
    epoch: num(r.epoch, 'record.epoch'),
    time: num(r.time, 'record.time'),
    kind: oneOf(r.kind, KINDS, 'record.kind'),
    values: finiteMap(r.values, 'record.values'),
  };
  if (r.series !== undefined) {
    const series: Record<string, number[]> = {};
    for (const [k, v] of Object.entries(obj(r.series, 'record.series'))) {
      series[k] = arr(v, `record.series.${k}`).map((e) => (typeof e === 'number' ? e : e === null ? NaN : num(e, `record.series.${k}[]`)));
    }
    rec.series = series;
  }
  return rec;
}

function checkArm(x: unknown, what = 'arm'): ArmResult {
  const a = obj(x, `${what} result`);
  const res: ArmResult = {
    arm: str(a.arm, `${what}.arm`),
    seed: num(a.seed, `${what}.seed`),
    status: oneOf(a.status, ARM_STATUSES, `${what}.status`),
    steps: numOrNaN(a.steps, `${what}.steps`),
    epochs: numOrNaN(a.epochs, `${what}.epochs`),
    wallTimeSec: numOrNaN(a.wallTimeSec, `${what}.wallTimeSec`),
    stepsPerSec: numOrNaN(a.stepsPerSec, `${what}.stepsPerSec`),
    mainMetric: str(a.mainMetric, `${what}.mainMetric`),
    best: finiteMap(a.best, `${what}.best`),
    final: finiteMap(a.final, `${what}.final`),
  };
  if (a.reason !== undefined) res.reason = str(a.reason, `${what}.reason`);
  if (a.timings !== undefined) res.timings = finiteMap(a.timings, `${what}.timings`);
  return res;
}

export function checkSummary(x: unknown): RunSummary {
  const s = obj(x, 'summary');
  const out: RunSummary = {
    name: str(s.name, 'summary.name'),
    startedAt: str(s.startedAt, 'summary.startedAt'),
    status: oneOf(s.status, RUN_STATUSES, 'summary.status'),
    backend: str(s.backend, 'summary.backend'),
    seed: num(s.seed, 'summary.seed'),
    repeats: num(s.repeats, 'summary.repeats'),
    versions: {},
    arms: arr(s.arms, 'summary.arms').map((a) => checkArm(a)),
  };
  for (const [k, v] of Object.entries(obj(s.versions ?? {}, 'summary.versions'))) if (typeof v === 'string') out.versions[k] = v;
  if (s.configPath !== undefined) out.configPath = str(s.configPath, 'summary.configPath');
  if (s.finishedAt !== undefined) out.finishedAt = str(s.finishedAt, 'summary.finishedAt');
  if (s.reason !== undefined) out.reason = str(s.reason, 'summary.reason');
  if (s.reconstructed !== undefined) out.reconstructed = str(s.reconstructed, 'summary.reconstructed');
  if (s.comparisons !== undefined) out.comparisons = arr(s.comparisons, 'summary.comparisons').map((c, i) => checkComparison(c, `summary.comparisons[${i}]`));
  return out;
}

function numMapStrict(x: unknown, what: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(obj(x, what))) out[k] = num(v, `${what}.${k}`);
  return out;
}

function checkRange(x: unknown, what: string): { from: number; to: number; count: number } {
  const o = obj(x, what);
  return { from: num(o.from, `${what}.from`), to: num(o.to, `${what}.to`), count: num(o.count, `${what}.count`) };
}

function checkSweepValues(x: unknown, what: string): SweepValues {
  const o = obj(x, what);
  if (o.values !== undefined) return { values: arr(o.values, `${what}.values`).map((v) => num(v, `${what}.values[]`)) };
  if (o.grid !== undefined) return { grid: checkRange(o.grid, `${what}.grid`) };
  if (o.logGrid !== undefined) return { logGrid: checkRange(o.logGrid, `${what}.logGrid`) };
  if (o.random !== undefined) {
    const r = obj(o.random, `${what}.random`);
    return { random: { from: num(r.from, `${what}.random.from`), to: num(r.to, `${what}.random.to`), log: bool(r.log ?? false, `${what}.random.log`) } };
  }
  throw new Invalid(`${what} has none of values, grid, logGrid, random`);
}

export function checkSweepConfig(x: unknown): SweepConfig {
  const c = obj(x, 'sweep.config');
  const parameters: Record<string, SweepValues> = {};
  for (const [k, v] of Object.entries(obj(c.parameters, 'sweep.config.parameters'))) parameters[k] = checkSweepValues(v, `sweep.config.parameters.${k}`);
  const out: SweepConfig = { parameters, objective: checkDirected(c.objective, 'sweep.config.objective') };
  if (c.arms !== undefined) out.arms = arr(c.arms, 'sweep.config.arms').map((a) => str(a, 'sweep.config.arms[]'));
  if (c.samples !== undefined) out.samples = num(c.samples, 'sweep.config.samples');
  if (c.pareto !== undefined) {
    const p = arr(c.pareto, 'sweep.config.pareto');
    if (p.length !== 2) throw new Invalid('sweep.config.pareto does not have two metrics');
    out.pareto = [str(p[0], 'sweep.config.pareto[0]'), str(p[1], 'sweep.config.pareto[1]')];
  }
  return out;
}

export function checkTrialRow(x: unknown): TrialRow {
  const t = obj(x, 'trial');
  const row: TrialRow = {
    ...checkArm(t, 'trial'),
    trialId: str(t.trialId, 'trial.trialId'),
    baseArm: str(t.baseArm, 'trial.baseArm'),
    params: numMapStrict(t.params, 'trial.params'),
  };
  // A non-finite objective (NaN sent as null) counts as not produced.
  if (typeof t.objective === 'number' && Number.isFinite(t.objective)) row.objective = t.objective;
  else if (t.objective !== undefined && t.objective !== null) throw new Invalid('trial.objective is not a number');
  return row;
}

function checkSweepView(x: unknown): SweepView {
  const s = obj(x, 'sweep');
  const view: SweepView = { config: checkSweepConfig(s.config), totalJobs: num(s.totalJobs, 'sweep.totalJobs'), rows: arr(s.rows, 'sweep.rows').map(checkTrialRow) };
  if (s.baseArms !== undefined && s.baseArms !== null) {
    view.baseArms = Object.fromEntries(Object.entries(obj(s.baseArms, 'sweep.baseArms')).map(([k, v]) => [k, str(v, `sweep.baseArms.${k}`)]));
  }
  return view;
}

/** A run's view; analysis entries that fail their check are left out, and why goes to `skipped`. */
export function checkRunView(x: unknown, skipped: string[] = []): RunView {
  const r = obj(x, 'run');
  const view: RunView = {
    key: str(r.key, 'run.key'),
    name: str(r.name, 'run.name'),
    runDir: str(r.runDir, 'run.runDir'),
    arms: arr(r.arms, 'run.arms').map((a) => str(a, 'run.arms[]')),
    repeats: Math.max(1, Math.round(num(r.repeats, 'run.repeats'))),
    live: bool(r.live, 'run.live'),
    records: arr(r.records, 'run.records').map(checkRecord),
  };
  if (r.thinned !== undefined && r.thinned !== null && bool(r.thinned, 'run.thinned')) view.thinned = true;
  if (r.summary !== undefined && r.summary !== null) view.summary = checkSummary(r.summary);
  if (r.sweep !== undefined && r.sweep !== null) view.sweep = checkSweepView(r.sweep);
  if (r.evolution !== undefined && r.evolution !== null) view.evolution = checkEvolutionView(r.evolution);
  if (r.plan !== undefined && r.plan !== null) {
    const plan = obj(r.plan, 'run.plan');
    view.plan = { steps: optNum(plan.steps, 'run.plan.steps'), epochs: optNum(plan.epochs, 'run.plan.epochs') };
  }
  if (r.analyses !== undefined && r.analyses !== null) {
    const a = checkAnalysisEntries(r.analyses, 'run.analyses');
    view.analyses = a.entries;
    skipped.push(...a.skipped);
  }
  return view;
}

function check(x: unknown, skipped: string[]): HostToWebview {
  const m = obj(x, 'message');
  switch (m.type) {
    case 'init': {
      const options = obj(m.options, 'options');
      return {
        type: 'init',
        run: checkRunView(m.run, skipped),
        overlays: arr(m.overlays, 'overlays').map((o) => checkRunView(o, skipped)),
        options: { compact: bool(options.compact, 'options.compact') },
      };
    }
    case 'records':
      return { type: 'records', key: str(m.key, 'key'), records: arr(m.records, 'records').map(checkRecord) };
    case 'metrics':
      return { type: 'metrics', key: str(m.key, 'key'), records: arr(m.records, 'records').map(checkRecord) };
    case 'summary':
      return { type: 'summary', key: str(m.key, 'key'), summary: checkSummary(m.summary), live: bool(m.live, 'live') };
    case 'trials':
      return { type: 'trials', key: str(m.key, 'key'), rows: arr(m.rows, 'rows').map(checkTrialRow) };
    case 'generations': {
      const out: HostToWebview = { type: 'generations', key: str(m.key, 'key'), records: arr(m.records, 'records').map(checkGeneration) };
      if (m.state !== undefined && m.state !== null) out.state = checkEvolutionState(m.state);
      return out;
    }
    case 'overlay':
      return { type: 'overlay', run: checkRunView(m.run, skipped) };
    case 'removeOverlay':
      return { type: 'removeOverlay', key: str(m.key, 'key') };
    case 'analyses': {
      const a = checkAnalysisEntries(m.entries, 'entries');
      skipped.push(...a.skipped);
      return { type: 'analyses', key: str(m.key, 'key'), entries: a.entries };
    }
    case 'analysisProgress': {
      const progress = checkAnalysisProgress(m.progress);
      return progress ? { type: 'analysisProgress', key: str(m.key, 'key'), progress } : { type: 'analysisProgress', key: str(m.key, 'key') };
    }
    default:
      throw new Invalid(`unknown message type ${JSON.stringify(m.type) ?? 'undefined'}`);
  }
}

/** `skipped`: parts left out of an accepted message (analysis entries that failed their check), with why. */
export type Checked = { ok: true; message: HostToWebview; skipped?: string[] } | { ok: false; error: string };

export function checkHostMessage(x: unknown): Checked {
  try {
    const skipped: string[] = [];
    const message = check(x, skipped);
    return skipped.length ? { ok: true, message, skipped } : { ok: true, message };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}
