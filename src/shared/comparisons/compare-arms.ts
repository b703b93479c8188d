/**
 * Paired verdicts from a run's results: every arm against the baseline, per seed, on the main metric
 * (best val/accuracy or val/r2, and the final test value when there is one) and on `compare.metrics`.
 * Pure: `compareArms` for one run (written to summary.json when the run ends), `compareAcrossRuns`
 * for two run folders, paired only where both trained the same seeds on the same data and model.
 */
import type { CompareConfig, ExperimentConfig } from '../config/types';
import { defaultEarlyStoppingMode } from '../metric-direction';
import type { ArmResult, RunSummary } from '../metrics';
import { comparePaired, compareUnpaired } from '../stats/compare-samples';
import { holm } from '../stats/proportion';
import { armScores, worstValue } from './scores';
import type { CompareWhich, Comparison } from './types';
import { verdictLine } from './verdict';

export const DEFAULT_CONFIDENCE = 0.95;

export interface MetricSpec {
  metric: string;
  which: CompareWhich;
}

/** `val/` metrics compare their best value during training; test and other metrics their final one. */
export const whichFor = (metric: string): CompareWhich => (metric.startsWith('val/') ? 'best' : 'final');

/** The main metric (best val, and final test when recorded), then `extra`, without repeats. */
export function metricSpecs(results: readonly ArmResult[], extra: readonly string[] = []): MetricSpec[] {
  const main = results[0]?.mainMetric ?? 'val/accuracy';
  const test = main.replace(/^val\//, 'test/');
  const names = [main, ...(results.some((r) => r.final && test in r.final) ? [test] : []), ...extra];
  return [...new Set(names)].map((metric) => ({ metric, which: whichFor(metric) }));
}

export interface Side {
  /** Label of the arm in verdicts (the arm name, or `name@run` across runs). */
  label: string;
  arm: string;
  results: readonly ArmResult[];
}

interface Settings {
  confidence: number;
  correction: 'holm' | 'none';
  minEffect?: number;
  seed: number;
}

function settingsOf(compare: CompareConfig | undefined, seed: number): Settings {
  return { confidence: compare?.confidence ?? DEFAULT_CONFIDENCE, correction: compare?.correction ?? 'holm', minEffect: compare?.minEffect, seed };
}

function compareOne(spec: MetricSpec, arm: Side, base: Side, paired: boolean, s: Settings): Omit<Comparison, 'verdict' | 'significant'> | undefined {
  const higherIsBetter = defaultEarlyStoppingMode(spec.metric) === 'max';
  const worst = worstValue([...arm.results, ...base.results], spec.metric, spec.which, higherIsBetter);
  if (worst === undefined) return undefined;
  const a = armScores(arm.results, arm.arm, spec.metric, spec.which, worst);
  const b = armScores(base.results, base.arm, spec.metric, spec.which, worst);
  if ((a.completed > 0 && a.measured === 0) || (b.completed > 0 && b.measured === 0)) return undefined;
  const sign = higherIsBetter ? 1 : -1;
  const common = [...a.bySeed.keys()].filter((seed) => b.bySeed.has(seed)).sort((x, y) => x - y);
  const usePaired = paired && common.length > 0;
  const all = [...new Set([...a.bySeed.keys(), ...b.bySeed.keys()])].sort((x, y) => x - y);
  const seeds = usePaired ? common : all;
  // Paired, a seed only one side has (still running, or left out by --arm) cannot be compared either.
  const unfinished = [...new Set([...a.unfinished, ...b.unfinished, ...all.filter((x) => !seeds.includes(x))])].sort((x, y) => x - y);
  const failed = { arm: a.failed.filter((x) => seeds.includes(x)), baseline: b.failed.filter((x) => seeds.includes(x)) };
  const opts = { confidence: s.confidence, seed: s.seed, minEffect: s.minEffect };
  const diffs = usePaired ? common.map((seed) => sign * (a.bySeed.get(seed)! - b.bySeed.get(seed)!)) : undefined;
  if (!diffs && (a.bySeed.size === 0 || b.bySeed.size === 0)) return undefined;
  const stats = diffs ? comparePaired(diffs, opts) : compareUnpaired([...a.bySeed.values()].map((v) => sign * v), [...b.bySeed.values()].map((v) => sign * v), opts);
  const anyFailed = failed.arm.length + failed.baseline.length > 0;
  return withoutUndefined<Omit<Comparison, 'verdict' | 'significant'>>({
    metric: spec.metric, split: splitOf(spec.metric),
    which: spec.which, arm: arm.label, baseline: base.label, higherIsBetter, n: stats.n, seeds, meanDiff: stats.meanDiff,
    ci: stats.ci, confidence: s.confidence, ciMethod: stats.ciMethod, pImprovement: stats.pImprovement, pImprovementCi: stats.pImprovementCi,
    wins: stats.wins, ties: stats.ties, losses: stats.losses, diffs, pValue: stats.pValue,
    seedsNeeded: stats.seedsNeeded, minEffect: stats.seedsNeeded === undefined ? undefined : (s.minEffect ?? Math.abs(stats.meanDiff) / 2),
    paired: usePaired, failedSeeds: anyFailed ? failed : undefined, failedScore: anyFailed ? worst : undefined,
    unfinishedSeeds: unfinished.length ? unfinished : undefined,
  });
}

const splitOf = (metric: string): Comparison['split'] => (metric.startsWith('val/') ? 'val' : metric.startsWith('test/') ? 'test' : undefined);

/** The entry without its absent fields, so summary.json and tests see only what is there. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Holm over the arms compared on one (metric, which); then significance and the verdict line. */
function finish(entries: Omit<Comparison, 'verdict' | 'significant'>[], s: Settings): Comparison[] {
  if (s.correction === 'holm') {
    const families = new Map<string, typeof entries>();
    for (const e of entries) if (e.pValue !== undefined) families.set(`${e.metric}\u0000${e.which}`, [...(families.get(`${e.metric}\u0000${e.which}`) ?? []), e]);
    for (const family of families.values()) holm(family.map((e) => e.pValue!)).forEach((p, i) => (family[i].pHolm = p));
  }
  return entries.map((e) => {
    const excludesZero = e.ci !== undefined && (e.ci[0] > 0 || e.ci[1] < 0);
    const significant = excludesZero && (e.pHolm === undefined || e.pHolm < 1 - s.confidence);
    return { ...e, significant, verdict: verdictLine({ ...e, significant }) };
  });
}

export interface CompareRequest {
  baseline?: string;
  /** Replaces the default metric list (main + compare.metrics). */
  metrics?: MetricSpec[];
}

/** Every other arm of the run against the baseline; empty for sweeps, runs of one seed, and runs without the baseline arm (`--arm`). */
export function compareArms(config: Pick<ExperimentConfig, 'losses' | 'sweep' | 'compare'>, summary: RunSummary, req: CompareRequest = {}): Comparison[] {
  if (config.sweep || summary.repeats < 2) return [];
  const names = config.losses.map((l) => l.name).filter((n) => summary.arms.some((r) => r.arm === n));
  const extra = summary.arms.map((r) => r.arm).filter((n, i, all) => !names.includes(n) && all.indexOf(n) === i);
  const arms = [...names, ...extra];
  const baseline = req.baseline ?? config.compare?.baseline ?? arms[0];
  if (!arms.includes(baseline)) return [];
  const s = settingsOf(config.compare, summary.seed);
  const specs = req.metrics ?? metricSpecs(summary.arms, config.compare?.metrics);
  const base: Side = { label: baseline, arm: baseline, results: summary.arms };
  const entries = specs.flatMap((spec) =>
    arms.filter((a) => a !== baseline).map((a) => compareOne(spec, { label: a, arm: a, results: summary.arms }, base, true, s)),
  );
  return finish(entries.filter((e) => e !== undefined), s);
}

export interface RunSide {
  label: string;
  config: ExperimentConfig;
  summary: RunSummary;
}

/** Same seeds mean the same initial weights and batches only when data, model and batching match too. */
export function samePairing(a: ExperimentConfig, b: ExperimentConfig): boolean {
  const key = (c: ExperimentConfig) => JSON.stringify([c.data, c.model, c.train.batchSize]);
  return key(a) === key(b);
}

/** Every arm of run B against the baseline arm of run A (empty when A lacks it); arms are labelled `arm@run`. */
export function compareAcrossRuns(a: RunSide, b: RunSide, req: CompareRequest = {}): Comparison[] {
  const baseline = req.baseline ?? a.config.compare?.baseline ?? a.config.losses[0]?.name;
  if (!a.summary.arms.some((r) => r.arm === baseline)) return [];
  const s = settingsOf(a.config.compare, a.summary.seed);
  const paired = samePairing(a.config, b.config);
  const specs = req.metrics ?? metricSpecs(a.summary.arms, a.config.compare?.metrics);
  const base: Side = { label: `${baseline}@${a.label}`, arm: baseline, results: a.summary.arms };
  const armsB = [...new Set(b.summary.arms.map((r) => r.arm))];
  const entries = specs.flatMap((spec) => armsB.map((arm) => compareOne(spec, { label: `${arm}@${b.label}`, arm, results: b.summary.arms }, base, paired, s)));
  return finish(entries.filter((e) => e !== undefined), s);
}
