/** Builds the webview's view of a run from its folder on disk (and, for a live run, its records). vscode-free. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import type { MetricRecord, RunSummary } from '../../shared/metrics';
import type { EvolutionState, GenerationRecord } from '../../shared/evolve/types';
import type { EvolutionView, RunPlan, RunView, SweepView } from '../../shared/protocol/webview';
import { readEvolutionState, readGenerations } from '../../shared/runner/evolution-folder';
import { jobsFor, readRunSummary } from '../../shared/runner/experiment-run';
import { readMetrics, RUN_FILES } from '../../shared/runner/run-folder';
import { readTrialRows } from '../../shared/runner/sweep-folder';
import { readAnalyses } from './read-analyses';
import { expandSweep } from '../../shared/sweep/expand';
import type { TrialRow } from '../../shared/sweep/types';

export interface LiveRunLike {
  runDir: string;
  name: string;
  arms: string[];
  config: ExperimentConfig;
  records: readonly MetricRecord[];
  summary: RunSummary;
  isLive: boolean;
  trialRows: readonly TrialRow[];
  generations: readonly GenerationRecord[];
  evolutionState: EvolutionState | undefined;
}

function sweepView(config: ExperimentConfig | undefined, rows: readonly TrialRow[], requestedArms?: string[]): SweepView | undefined {
  if (!config?.sweep) return undefined;
  let totalJobs = rows.length;
  let baseArms: Record<string, string> | undefined;
  try {
    totalJobs = jobsFor(config, requestedArms).length;
    baseArms = Object.fromEntries(expandSweep(config).map((t) => [t.name, t.baseArm]));
  } catch {
    // A config from an older version that no longer expands: count what is there.
  }
  return { config: config.sweep, totalJobs, rows: [...rows], baseArms };
}

function evolutionView(config: ExperimentConfig | undefined, generations: readonly GenerationRecord[], state: EvolutionState | undefined): EvolutionView | undefined {
  if (!config?.evolve) return undefined;
  return { config: config.evolve, nClasses: state?.nClasses ?? 2, generations: [...generations], state: state && structuredClone(state) };
}

function readConfig(runDir: string): ExperimentConfig | undefined {
  const p = join(runDir, RUN_FILES.config);
  if (!existsSync(p)) return undefined;
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as ExperimentConfig;
  } catch {
    return undefined;
  }
}

/** The summary as it should read: a `running` one whose writer is gone (a killed window) is rebuilt. */
function safeSummary(runDir: string): RunSummary | undefined {
  try {
    return readRunSummary(runDir);
  } catch {
    return undefined;
  }
}

/** What each job plans (the trainer's rule: `train.steps`, else `train.epochs`, 20 by default). */
function planOf(config: ExperimentConfig | undefined): RunPlan | undefined {
  if (!config?.train) return undefined;
  return config.train.steps ? { steps: config.train.steps } : { epochs: config.train.epochs ?? 20 };
}

/** Arm order: the config's (what colours follow), then any others seen in the records or summary. */
function armOrder(config: ExperimentConfig | undefined, summary: RunSummary | undefined, records: readonly MetricRecord[]): string[] {
  const names = [...(config?.losses.map((l) => l.name) ?? []), ...(summary?.arms.map((a) => a.arm) ?? []), ...records.map((r) => r.arm)];
  return [...new Set(names)];
}

/** A finished (or interrupted) run, read from disk; `skipped` hears of files in landscape/ that are not analysis results. */
export function runViewFromDisk(runDir: string, skipped?: (line: string) => void): RunView {
  const summary = safeSummary(runDir);
  const config = readConfig(runDir);
  const records = readMetrics(runDir);
  const present = new Set([...(summary?.arms.map((a) => a.arm) ?? []), ...records.map((r) => r.arm)]);
  const arms = armOrder(config, summary, records).filter((a) => present.size === 0 || present.has(a));
  return {
    key: runDir,
    name: summary?.name ?? config?.name ?? basename(runDir),
    runDir,
    arms,
    repeats: summary?.repeats ?? config?.repeats ?? 1,
    live: false,
    records,
    summary,
    plan: planOf(config),
    sweep: sweepView(config, readTrialRows(runDir), summary?.requestedArms),
    evolution: evolutionView(config, readGenerations(runDir), readEvolutionState(runDir)),
    analyses: readAnalyses(runDir, skipped),
  };
}

/** A run going on in this window: the records received so far (the same ones the trainer wrote to disk). */
export function runViewFromLive(run: LiveRunLike): RunView {
  return {
    key: run.runDir,
    name: run.name,
    runDir: run.runDir,
    arms: run.arms,
    repeats: run.config.repeats,
    live: run.isLive,
    records: [...run.records],
    summary: structuredClone(run.summary),
    plan: planOf(run.config),
    sweep: sweepView(run.config, run.trialRows, run.summary.requestedArms),
    evolution: evolutionView(run.config, run.generations, run.evolutionState),
  };
}
