/**
 * What the CLI (`loss-lab landscape|hessian`) and the extension (Analyse Run…) share before an analysis
 * runs: the run folder checked and claimed for one writer (its lock, held until `release`), its config
 * and summary read under the lock, and the request built from the user's choice, or a one-line reason
 * it cannot run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisRequest, AnalysisSplit, LandscapeRequest } from '../analysis/types';
import { ANALYSIS_FOLDER } from '../analysis/types';
import type { ExperimentConfig } from '../config/types';
import type { RunSummary } from '../metrics';
import { analysisProblem } from './analysis-run';
import { readRunSummary } from './experiment-run';
import { RUN_FILES } from './run-folder';
import { claimRunFolder } from './run-folder-claim';
import { armFolders } from './weights-layout';

/** What to compute; `seed` defaults to the config's. */
export type AnalysisChoice =
  | { kind: 'hessian'; arm: string; split: AnalysisSplit; top: number; density: boolean; batchSize?: number }
  | { kind: 'landscape'; arms?: string[]; split: AnalysisSplit; grid: number; range: number; dims: 1 | 2; directions: LandscapeRequest['directions'] };

export class NotARunFolder extends Error {}

export interface AnalysisFolder {
  runDir: string;
  config: ExperimentConfig;
  summary: RunSummary;
  /** Releases the run folder's lock. */
  release(): void;
}

/** Checks `runDir` is a run folder and claims it (RunFolderRefused when another process writes it). */
export function openAnalysisFolder(runDir: string, holder: string): AnalysisFolder {
  const configFile = join(runDir, RUN_FILES.config);
  if (!existsSync(configFile) || !existsSync(join(runDir, RUN_FILES.summary))) {
    throw new NotARunFolder(`${runDir} is not a Loss Lab run folder (it needs ${RUN_FILES.config} and ${RUN_FILES.summary})`);
  }
  const claim = claimRunFolder(runDir, { kind: 'resume' }, holder);
  try {
    const summary = readRunSummary(runDir, true);
    if (!summary) throw new Error(`${runDir}: ${RUN_FILES.summary} cannot be read`);
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as ExperimentConfig;
    return { runDir, config, summary, release: () => claim.release() };
  } catch (e) {
    claim.release();
    throw e;
  }
}

/** Why a run of this kind cannot be analysed at all (sweep trials and evolution candidates are not arms of the config). */
export function runKindProblem(summary: Pick<RunSummary, 'kind'>): string | undefined {
  if (summary.kind === 'sweep' || summary.kind === 'evolution') return `analyses of ${summary.kind} runs are not supported (only experiment runs)`;
  return undefined;
}

/** The config's arms (in config order) with saved final weights for `seed`. */
export function savedArms(config: ExperimentConfig, summary: RunSummary, seed: number): string[] {
  const saved = new Set(summary.arms.filter((a) => a.seed === seed && a.weights?.final).map((a) => a.arm));
  return config.losses.map((l) => l.name).filter((arm) => saved.has(arm));
}

/** The request for `choice` (writing to landscape/<kind>-<first arm>-seed-<S>-<split>.json), or why it cannot run. */
export function analysisRequest(choice: AnalysisChoice, config: ExperimentConfig, summary: RunSummary, seed: number): { request: AnalysisRequest } | { problem: string } {
  const kindProblem = runKindProblem(summary);
  if (kindProblem) return { problem: kindProblem };
  const folders = armFolders(config.losses.map((l) => l.name));
  const output = (arm: string | undefined) => join(ANALYSIS_FOLDER, `${choice.kind}-${(arm && folders.get(arm)) ?? 'arm'}-seed-${seed}-${choice.split}.json`);
  let request: AnalysisRequest;
  if (choice.kind === 'hessian') {
    request = { kind: 'hessian', arm: choice.arm, split: choice.split, top: choice.top, density: choice.density, batchSize: choice.batchSize, output: output(choice.arm) };
  } else {
    const arms = choice.arms ?? savedArms(config, summary, seed);
    if (arms.length === 0) return { problem: `no arm of seed ${seed} has saved final weights` };
    request = { kind: 'landscape', arms, split: choice.split, grid: choice.grid, range: choice.range, dims: choice.dims, directions: choice.directions, output: output(arms[0]) };
  }
  const problem = analysisProblem(summary, request, seed, config.losses.map((l) => l.name));
  return problem ? { problem } : { request };
}
