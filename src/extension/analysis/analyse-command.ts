/**
 * Analyse Run…: a loss landscape or the Hessian's spectrum of a finished run's saved weights, asked for
 * with a few quick picks and run as the CLI runs it (src/shared/runner/analysis-folder.ts): under the
 * run folder's lock, as a job on the run's executor, with a cancellable progress notification and
 * progress on the chart pages showing the run. When it ends, those pages get the run's analyses (the
 * run's panel opens if none shows it). Analyses run no user code, so they also run in Restricted Mode
 * (on this machine: a Slurm executor runs the config's setup lines, which needs trust).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentConfig } from '../../shared/config/types';
import type { RunSummary } from '../../shared/metrics';
import { runKindProblem } from '../../shared/runner/analysis-folder';
import { readRunSummary } from '../../shared/runner/experiment-run';
import { RUN_FILES } from '../../shared/runner/run-folder';
import { isRunDir } from '../history/list-runs';
import { pickRun } from '../history/pick-run';
import { runDirArg } from '../history/run-dir-arg';
import type { AnalyseDeps } from './analyse-deps';
import { askAnalysis } from './analyse-picks';
import { answersArg } from './answers-arg';
import { noWeightsProblem } from './analysis-plan';
import { runAnalyses, type AnalyseOutcome } from './run-analyses';

export function registerAnalyse(deps: AnalyseDeps): vscode.Disposable {
  return vscode.commands.registerCommand('lossLab.analyse', (target?: unknown, answers?: unknown) => analyse(deps, target, answers));
}

/** The run's config and summary, or a one-line reason it cannot be analysed. */
function readTarget(deps: AnalyseDeps, runDir: string): { config: ExperimentConfig; summary: RunSummary } | string {
  if (!isRunDir(runDir)) return 'it is not a Loss Lab run folder';
  if (deps.runs.byRunDir(runDir)) return 'it is still running; analyse it when it has finished';
  if (deps.underWay.has(runDir)) return 'an analysis of it is already under way';
  const configFile = join(runDir, RUN_FILES.config);
  const summary = readRunSummary(runDir);
  if (!summary || !existsSync(configFile)) return `it is not a complete run folder (it needs ${RUN_FILES.config} and ${RUN_FILES.summary})`;
  if (summary.status === 'running') return 'it is still running (another window or the CLI writes it); analyse it when it has finished';
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as ExperimentConfig;
  return runKindProblem(summary) ?? noWeightsProblem(config, summary) ?? { config, summary };
}

async function analyse(deps: AnalyseDeps, target: unknown, answers: unknown): Promise<AnalyseOutcome | undefined> {
  try {
    const given = answersArg(answers);
    const runDir = target === undefined ? await pickRun(deps.history, 'Analyse Run') : runDirArg(target);
    if (!runDir) {
      if (target !== undefined) void vscode.window.showErrorMessage(`Loss Lab: cannot analyse ${String(target)}: it is not a run folder.`);
      return undefined;
    }
    const read = readTarget(deps, runDir);
    if (typeof read === 'string') {
      void vscode.window.showErrorMessage(`Loss Lab: cannot analyse ${vscode.workspace.asRelativePath(runDir)}: ${read}.`);
      return undefined;
    }
    const chosen = await askAnalysis(read.config, read.summary, given);
    if (!chosen) return undefined;
    const outcome = await runAnalyses(deps, runDir, read.config, read.summary, chosen);
    if (outcome.outputs.length > 0) {
      deps.underWay.publish(runDir, outcome.entries);
      if (!deps.panelShows(runDir)) deps.openRun(runDir);
      vscode.window.setStatusBarMessage(`Loss Lab: ${outcome.outputs.join(', ')} written to ${vscode.workspace.asRelativePath(runDir)}`, 8000);
    }
    if (outcome.status === 'stopped') void vscode.window.showInformationMessage(`Loss Lab: the analysis was stopped${outcome.outputs.length ? ` (${outcome.outputs.length} finished before)` : ''}.`);
    if (outcome.status === 'failed') void vscode.window.showErrorMessage(`Loss Lab: the analysis failed: ${outcome.message}`);
    return outcome;
  } catch (e) {
    const message = (e as Error).message.split('\n')[0];
    deps.log.error(`Analyse Run failed: ${(e as Error).stack ?? message}`);
    void vscode.window.showErrorMessage(`Loss Lab: ${message}`);
    return undefined;
  }
}
