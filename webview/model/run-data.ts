/**
 * A run as the charts hold it: records grouped into (arm, seed, kind) column streams, the latest vector
 * traces, and the end-of-arm (`final`) records. Appends are incremental; versions say what changed.
 */
import type { MetricKind, MetricRecord, RunSummary } from '../../src/shared/metrics';
import type { EvolutionState, GenerationRecord } from '../../src/shared/evolve/types';
import type { AnalysisEntry, AnalysisProgress, EvolutionView, RunPlan, RunView, SweepView } from '../../src/shared/protocol/webview';
import type { TrialRow } from '../../src/shared/sweep/types';
import { Stream } from './stream';

export type CurveKind = Exclude<MetricKind, 'final'>;

/** Vector traces up to this length are also charted over time, one scalar `name[i]` per component. */
export const MAX_EXPANDED_COMPONENTS = 16;

export interface Series {
  arm: string;
  seed: number;
  metric: string;
  stream: Stream;
}

type Seeds = Map<number, Map<CurveKind, Stream>>;

export class RunData {
  readonly key: string;
  readonly name: string;
  readonly runDir: string;
  readonly repeats: number;
  readonly arms: string[];
  live: boolean;
  summary: RunSummary | undefined;
  /** End-of-arm records (test metrics, final values), in arrival order. */
  readonly finals: MetricRecord[] = [];
  /** Metric name → the kind of record it is charted from (its first non-final kind). */
  readonly metricKind = new Map<string, CurveKind>();
  /** Metric name → `version` when it last got a value. */
  readonly metricVersion = new Map<string, number>();
  /** Scalar names made from vector components (`name[i]`): charted, but not record values. */
  readonly expanded = new Set<string>();
  /** Vector trace name → `version` when it last got a value. */
  readonly snapshotVersion = new Map<string, number>();
  /** arm → seed → series name → latest vector. */
  readonly snapshots = new Map<string, Map<number, Map<string, number[]>>>();
  /** A sweep run's settings and trial rows (one per trial and seed, in arrival order); absent for other runs. */
  readonly sweep: SweepView | undefined;
  /** An evolution run's settings, generations (ascending) and state; absent for other runs. */
  readonly evolution: EvolutionView | undefined;
  /** The length every job plans, as the config says it. */
  readonly plan: RunPlan | undefined;
  /** The run's analysis results (oldest first, as the host lists them); replaced whole by an `analyses` message. */
  analyses: AnalysisEntry[];
  /** An analysis under way, as the host last said (undefined: none). */
  analysisProgress: AnalysisProgress | undefined;
  /** Bumps when `analyses` or `analysisProgress` change. */
  analysisVersion = 0;
  /** Bumps when `sweep.rows` change. */
  sweepVersion = 0;
  /** Bumps when `evolution.generations` or `evolution.state` change. */
  evolutionVersion = 0;
  version = 0;
  recordCount = 0;
  private readonly trialIndex = new Map<string, number>();
  private readonly byArm = new Map<string, Seeds>();
  private readonly armSet: Set<string>;
  private stepsPerEpoch = NaN;

  constructor(view: RunView) {
    this.key = view.key;
    this.name = view.name;
    this.runDir = view.runDir;
    this.repeats = view.repeats;
    this.arms = [...new Set(view.arms)];
    this.armSet = new Set(this.arms);
    this.live = view.live;
    this.summary = view.summary;
    this.plan = view.plan;
    this.analyses = view.analyses ?? [];
    if (view.sweep) {
      this.sweep = { config: view.sweep.config, totalJobs: view.sweep.totalJobs, rows: [], baseArms: view.sweep.baseArms };
      this.appendTrials(view.sweep.rows);
    }
    if (view.evolution) {
      const { generations, ...rest } = view.evolution;
      this.evolution = { ...rest, generations: [] };
      this.appendGenerations(generations);
    }
    this.append(view.records);
  }

  /**
   * Adds sweep trial rows. A (trialId, seed) seen before is replaced in place (a resumed sweep can
   * send a job again). Ignored when the run is not a sweep. Returns whether anything changed.
   */
  appendTrials(rows: readonly TrialRow[]): boolean {
    if (!this.sweep || rows.length === 0) return false;
    for (const row of rows) {
      const id = `${row.trialId}\u0000${row.seed}`;
      const at = this.trialIndex.get(id);
      if (at === undefined) {
        this.trialIndex.set(id, this.sweep.rows.length);
        this.sweep.rows.push(row);
      } else {
        this.sweep.rows[at] = row;
      }
    }
    this.sweepVersion++;
    return true;
  }

  /**
   * Adds finished generations (one of the same number replaces the old one; kept ascending) and,
   * when given, the new evolution state. Ignored when the run is not an evolution. Returns whether anything changed.
   */
  appendGenerations(records: readonly GenerationRecord[], state?: EvolutionState): boolean {
    const evo = this.evolution;
    if (!evo || (records.length === 0 && !state)) return false;
    for (const g of records) {
      const at = evo.generations.findIndex((x) => x.generation >= g.generation);
      if (at < 0) evo.generations.push(g);
      else if (evo.generations[at].generation === g.generation) evo.generations[at] = g;
      else evo.generations.splice(at, 0, g);
    }
    if (state) {
      evo.state = state;
      evo.nClasses = state.nClasses;
    }
    this.evolutionVersion++;
    return true;
  }

  append(records: readonly MetricRecord[]): void {
    if (records.length === 0) return;
    const v = ++this.version;
    const touched = new Set<string>();
    for (const r of records) this.add(r, v, touched);
    for (const name of touched) if (this.metricKind.has(name)) this.metricVersion.set(name, v);
    this.recordCount += records.length;
  }

  /** Seeds of an arm that have records, ascending. */
  seeds(arm: string): number[] {
    return [...(this.byArm.get(arm)?.keys() ?? [])].sort((a, b) => a - b);
  }

  series(arm: string, seed: number, metric: string): Series | undefined {
    const kind = this.metricKind.get(metric);
    const stream = kind && this.byArm.get(arm)?.get(seed)?.get(kind);
    return stream && stream.metrics.has(metric) ? { arm, seed, metric, stream } : undefined;
  }

  /** Every stream of an arm and seed, by kind. */
  streams(arm: string, seed: number): ReadonlyMap<CurveKind, Stream> {
    return this.byArm.get(arm)?.get(seed) ?? new Map();
  }

  metricNames(): Set<string> {
    return new Set(this.metricKind.keys());
  }

  /** The version at which any of these metrics last changed (0 if never). */
  changedAt(metrics: Iterable<string>): number {
    let v = 0;
    for (const m of metrics) v = Math.max(v, this.metricVersion.get(m) ?? 0);
    return v;
  }

  /** Steps each job plans: the config's steps, or its epochs × the steps per epoch the records show. */
  get plannedSteps(): number | undefined {
    if (this.plan?.steps) return this.plan.steps;
    return this.plan?.epochs && Number.isFinite(this.stepsPerEpoch) ? Math.round(this.plan.epochs * this.stepsPerEpoch) : undefined;
  }

  private add(r: MetricRecord, version: number, touched: Set<string>): void {
    if (Number.isNaN(this.stepsPerEpoch) && r.epoch > 0 && r.step > 0) this.stepsPerEpoch = r.step / r.epoch;
    if (!this.armSet.has(r.arm)) {
      this.armSet.add(r.arm);
      this.arms.push(r.arm);
    }
    if (r.kind === 'final') {
      this.finals.push(r);
      return;
    }
    const values = r.series ? { ...r.values, ...this.takeSeries(r, version) } : r.values;
    for (const name in values) {
      if (touched.has(name)) continue;
      if (!this.metricKind.has(name)) this.metricKind.set(name, r.kind);
      // A name charted from another kind (e.g. `loss` in a final record) does not count as a change.
      if (this.metricKind.get(name) === r.kind) touched.add(name);
    }
    this.stream(r.arm, r.seed, r.kind).append({ step: r.step, epoch: r.epoch, time: r.time, values });
  }

  /** Stores the latest vectors and returns the short ones' components as scalars. */
  private takeSeries(r: MetricRecord, version: number): Record<string, number> {
    const out: Record<string, number> = {};
    const bySeed = getOr(this.snapshots, r.arm, () => new Map<number, Map<string, number[]>>());
    const latest = getOr(bySeed, r.seed, () => new Map<string, number[]>());
    for (const [name, vec] of Object.entries(r.series ?? {})) {
      latest.set(name, vec);
      this.snapshotVersion.set(name, version);
      if (vec.length > MAX_EXPANDED_COMPONENTS) continue;
      vec.forEach((x, i) => {
        out[`${name}[${i}]`] = x;
        this.expanded.add(`${name}[${i}]`);
      });
    }
    return out;
  }

  private stream(arm: string, seed: number, kind: CurveKind): Stream {
    const seeds = getOr(this.byArm, arm, () => new Map());
    const kinds = getOr(seeds, seed, () => new Map<CurveKind, Stream>());
    return getOr(kinds, kind, () => new Stream());
  }
}

function getOr<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) {
    v = make();
    m.set(k, v);
  }
  return v;
}
