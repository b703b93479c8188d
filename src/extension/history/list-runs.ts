/**
 * The run history: every run folder under a runs root, newest first, with each arm's best main metric.
 * Reads only what is on disk (summary.json, config.resolved.json); vscode-free.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ArmResult, ArmStatus, RunSummary } from '../../shared/metrics';
import { EVOLUTION_FILES } from '../../shared/runner/evolution-folder';
import { RUN_FILES } from '../../shared/runner/run-folder';
import { SLURM_FILE } from '../../shared/runner/slurm/registry';

export type RunStatus = RunSummary['status'] | 'interrupted' | 'unknown';

export interface ArmBest {
  arm: string;
  /** The worst status over the arm's seeds (crashed > diverged > stopped > completed). */
  status: ArmStatus;
  metric: string;
  /** Mean over seeds of the best value of `metric`, when recorded. */
  value?: number;
  seeds: number;
  reason?: string;
  /** No seed of the arm trained a step (queued when the run stopped). */
  notStarted?: boolean;
}

export interface RunEntry {
  runDir: string;
  name: string;
  startedAt?: string;
  finishedAt?: string;
  status: RunStatus;
  configPath?: string;
  /** What kind of run wrote the folder (absent in old folders: an experiment). */
  kind?: RunSummary['kind'];
  arms: ArmBest[];
  /** Why the folder could not be read completely. */
  problem?: string;
  /** Its jobs were submitted to Slurm (`slurm.json`): an interrupted one can be attached to. */
  slurm?: boolean;
  /** Some arm saved its final weights (what Analyse Run… needs). */
  finalWeights?: boolean;
}

/**
 * The history item's context value, which the `when` clauses of its menu test: `lossLab.run.live`, or
 * `lossLab.run.ended` followed by ` resumable` (Resume Run applies), ` attachable` (an interrupted Slurm
 * run: Attach to Slurm Run applies), ` evolved` (Add Evolved Loss applies) and ` analysable` (an
 * experiment with saved final weights: Analyse Run… applies).
 */
export function runContextValue(entry: RunEntry): string {
  if (entry.status === 'running') return 'lossLab.run.live';
  const resumable = (entry.status === 'stopped' || entry.status === 'failed' || entry.status === 'interrupted') && !!entry.configPath;
  const attachable = entry.status === 'interrupted' && entry.slurm === true && !!entry.configPath;
  const analysable = entry.finalWeights === true && (entry.kind ?? 'experiment') === 'experiment';
  return ['lossLab.run.ended', resumable ? 'resumable' : '', attachable ? 'attachable' : '', entry.kind === 'evolution' ? 'evolved' : '', analysable ? 'analysable' : '']
    .filter(Boolean)
    .join(' ');
}

/** Whether a larger value of this metric is better (accuracy, R², …) or a smaller one (losses, errors). */
export function higherIsBetter(metric: string): boolean {
  return /(accuracy|acc|r2|auc|f1|precision|recall)$/i.test(metric);
}

const SEVERITY: Record<ArmStatus, number> = { completed: 0, stopped: 1, diverged: 2, crashed: 3 };

export function bestPerArm(results: readonly ArmResult[]): ArmBest[] {
  const byArm = new Map<string, ArmResult[]>();
  for (const r of results) byArm.set(r.arm, [...(byArm.get(r.arm) ?? []), r]);
  return [...byArm].map(([arm, rs]) => {
    const metric = rs[0].mainMetric;
    const values = rs.map((r) => r.best?.[metric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const worst = rs.reduce((a, b) => (SEVERITY[b.status] > SEVERITY[a.status] ? b : a));
    return {
      arm,
      status: worst.status,
      metric,
      value: values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined,
      seeds: rs.length,
      reason: worst.reason,
      notStarted: rs.every((r) => r.status === 'stopped' && !(r.steps > 0)) || undefined,
    };
  });
}

/** Whether a folder looks like a run folder. */
export function isRunDir(dir: string): boolean {
  return existsSync(join(dir, RUN_FILES.summary)) || existsSync(join(dir, RUN_FILES.config));
}

/** Reads one run folder; `liveDirs` are the runs this window is running (others marked running were interrupted). */
export function readRunEntry(runDir: string, liveDirs: ReadonlySet<string> = new Set()): RunEntry {
  const summaryPath = join(runDir, RUN_FILES.summary);
  let summary: RunSummary | undefined;
  let problem: string | undefined;
  if (existsSync(summaryPath)) {
    try {
      summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummary;
    } catch (e) {
      problem = `unreadable ${RUN_FILES.summary}: ${(e as Error).message}`;
    }
  } else {
    problem = `no ${RUN_FILES.summary}`;
  }
  if (!summary) return { runDir, name: basename(runDir), status: 'unknown', arms: [], problem };
  const status: RunStatus = summary.status === 'running' && !liveDirs.has(runDir) ? 'interrupted' : summary.status;
  return {
    runDir,
    name: summary.name ?? basename(runDir),
    startedAt: summary.startedAt,
    finishedAt: summary.finishedAt,
    status,
    configPath: summary.configPath,
    kind: summary.kind,
    arms: bestPerArm(Array.isArray(summary.arms) ? summary.arms : []),
    slurm: existsSync(join(runDir, SLURM_FILE)) || existsSync(join(runDir, EVOLUTION_FILES.candidates, SLURM_FILE)),
    finalWeights: Array.isArray(summary.arms) && summary.arms.some((a) => !!a.weights?.final),
  };
}

/** Every run folder directly under `runsRoot`, newest first. A missing root is an empty history. */
export function listRuns(runsRoot: string, liveDirs: ReadonlySet<string> = new Set()): RunEntry[] {
  let names: string[];
  try {
    names = readdirSync(runsRoot);
  } catch {
    return [];
  }
  const entries = names
    .map((n) => join(runsRoot, n))
    .filter((d) => {
      try {
        return statSync(d).isDirectory() && isRunDir(d);
      } catch {
        return false;
      }
    })
    .map((d) => readRunEntry(d, liveDirs));
  return entries.sort((a, b) => sortKey(b).localeCompare(sortKey(a)));
}

function sortKey(e: RunEntry): string {
  return `${e.startedAt ?? ''}|${basename(e.runDir)}`;
}

export function formatMetricValue(v: number | undefined): string {
  if (v === undefined) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(Number(v.toPrecision(a >= 1 ? 4 : 3)));
}
