/**
 * Attach to Slurm Run: a run whose jobs went on after the window (or the CLI) that started them
 * closed. Its summary still says `running` but nothing writes the folder; its jobs are listed in
 * `slurm.json`. The run is taken over like a resume whose executor follows every task submitted
 * before (live or ended since) instead of submitting their jobs again: live curves resume from the
 * jobs' files, states from Slurm.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExperimentConfig } from '../../shared/config/types';
import { EVOLUTION_FILES } from '../../shared/runner/evolution-folder';
import { readRunSummary } from '../../shared/runner/experiment-run';
import { RUN_FILES } from '../../shared/runner/run-folder';
import { SLURM_FILE } from '../../shared/runner/slurm/registry';
import { runDirArg } from '../history/run-dir-arg';
import { runSettings } from '../settings';
import type { ActiveRun } from './active-run';
import { executorFor } from './executor-for';
import type { RunCommandDeps } from './run-command-deps';
import { ensureTrusted } from './trust';

/** Whether `runDir` holds a Slurm run that nothing follows now (its writer is gone). */
export function isDetachedSlurmRun(runDir: string): boolean {
  const submitted = existsSync(join(runDir, SLURM_FILE)) || existsSync(join(runDir, EVOLUTION_FILES.candidates, SLURM_FILE));
  return submitted && readRunSummary(runDir)?.reconstructed !== undefined;
}

export async function attachRun(deps: RunCommandDeps, target: unknown): Promise<ActiveRun | undefined> {
  if (!ensureTrusted()) return undefined;
  const runDir = runDirArg(target);
  if (!runDir) {
    void vscode.window.showInformationMessage('Loss Lab: choose Attach to Slurm Run on a run in the Loss Lab run history.');
    return undefined;
  }
  const summary = readRunSummary(runDir);
  const configFile = join(runDir, RUN_FILES.config);
  if (!summary?.configPath || !existsSync(configFile) || !isDetachedSlurmRun(runDir)) {
    void vscode.window.showInformationMessage(`Loss Lab: ${vscode.workspace.asRelativePath(runDir)} is not a Slurm run that is left running without its window.`);
    return undefined;
  }
  const configUri = vscode.Uri.file(summary.configPath);
  if (deps.runs.forConfig(configUri)) {
    void vscode.window.showWarningMessage(`Loss Lab: '${summary.name}' is running in this window; stop it before attaching to an older run.`);
    return undefined;
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as ExperimentConfig;
  const trainerPath = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'trainer.js').fsPath;
  const where = executorFor(config, { ...runSettings(configUri), executor: 'slurm' }, trainerPath, 'all');
  if (!where) return undefined;
  try {
    const run = deps.runs.start({
      config, configUri, runDir, trainerPath, arms: summary.requestedArms, ...where,
      allowUserCode: vscode.workspace.isTrusted, versions: { lossLab: deps.version, vscode: vscode.version }, resume: true,
    });
    deps.showRun(run.runDir);
    return run;
  } catch (e) {
    deps.log.error(`could not attach to ${runDir}: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`Loss Lab: could not attach to the run: ${(e as Error).message}`);
    return undefined;
  }
}
