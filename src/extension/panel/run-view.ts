/** Builds the webview's view of a run from its folder on disk (and, for a live run, its records). vscode-free. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import type { MetricRecord, RunSummary } from '../../shared/metrics';
import type { RunView } from '../../shared/protocol/webview';
import { readMetrics, readSummary, RUN_FILES } from '../../shared/runner/run-folder';

export interface LiveRunLike {
  runDir: string;
  name: string;
  arms: string[];
  config: ExperimentConfig;
  records: readonly MetricRecord[];
  summary: RunSummary;
  isLive: boolean;
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

function safeSummary(runDir: string): RunSummary | undefined {
  try {
    return readSummary(runDir);
  } catch {
    return undefined;
  }
}

/** Arm order: the config's (what colours follow), then any others seen in the records or summary. */
function armOrder(config: ExperimentConfig | undefined, summary: RunSummary | undefined, records: readonly MetricRecord[]): string[] {
  const names = [...(config?.losses.map((l) => l.name) ?? []), ...(summary?.arms.map((a) => a.arm) ?? []), ...records.map((r) => r.arm)];
  return [...new Set(names)];
}

/** A finished (or interrupted) run, read from disk. */
export function runViewFromDisk(runDir: string): RunView {
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
  };
}
