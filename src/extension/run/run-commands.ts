/** Run Loss Experiment, Run Arm…, Stop Experiment. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import * as vscode from 'vscode';
import { readRunSummary } from '../../shared/runner/experiment-run';
import { newRunDir, RUN_FILES } from '../../shared/runner/run-folder';
import { runDirArg } from '../history/run-dir-arg';
import { runSettings, runsRootFor } from '../settings';
import type { ActiveRun } from './active-run';
import { loadForRun, resolveConfigUri } from './config-target';
import { applyMetricDefaults } from './metric-defaults';
import type { RunManager } from './run-manager';
import { runOverrides, withOverrides, type RunOverrides } from './run-overrides';

export type { RunCommandDeps } from './run-command-deps';
import { attachRun } from './attach-run';
import { executorFor } from './executor-for';
import type { RunCommandDeps } from './run-command-deps';
import { ensureTrusted } from './trust';

/** An arm chosen by a CodeLens: its name as written and its position in `losses`. */
export interface ArmRef {
  name?: string;
  index?: number;
}

export function registerRunCommands(deps: RunCommandDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('lossLab.run', (uri?: unknown, overrides?: unknown) => startRun(deps, uri, undefined, runOverrides(overrides))),
    vscode.commands.registerCommand('lossLab.runArm', (uri?: unknown, arm?: ArmRef) => startRun(deps, uri, arm ?? 'pick')),
    vscode.commands.registerCommand('lossLab.stop', (target?: unknown) => stopRun(deps.runs, target)),
    vscode.commands.registerCommand('lossLab.resume', (target?: unknown) => resumeRun(deps, target)),
    vscode.commands.registerCommand('lossLab.attach', (target?: unknown) => attachRun(deps, target)),
  );
}

async function startRun(deps: RunCommandDeps, uriArg: unknown, arm: ArmRef | 'pick' | undefined, overrides: RunOverrides = {}): Promise<ActiveRun | undefined> {
  if (!ensureTrusted()) return undefined;
  const uri = await resolveConfigUri(uriArg, arm ? 'Run Arm…' : 'Run Loss Experiment');
  if (!uri) return undefined;
  const running = deps.runs.forConfig(uri);
  if (running) {
    const stop = 'Stop';
    const open = 'Open Charts';
    const choice = await vscode.window.showWarningMessage(`Loss Lab: '${running.name}' is already running.`, stop, open);
    if (choice === stop) running.stop();
    if (choice === open) deps.showRun(running.runDir);
    return undefined;
  }
  const loaded = await loadForRun(uri, deps.diagnostics);
  if (!loaded) return undefined;
  const arms = await chooseArms(loaded.config.losses.map((l) => l.name), arm);
  if (arms === null) return undefined;
  const trainerPath = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'trainer.js').fsPath;
  if (!existsSync(trainerPath)) {
    void vscode.window.showErrorMessage(`Loss Lab: the trainer bundle is missing (${trainerPath}). Reinstall the extension or run the build.`);
    return undefined;
  }
  const settings = runSettings(uri);
  const withDefaults = applyMetricDefaults(loaded.config, loaded.text, loaded.format, settings);
  // Chosen arms of an evolve config train as a plain comparison (e.g. an evolved loss written back vs cross-entropy).
  const config = withOverrides(arms && withDefaults.evolve ? { ...withDefaults, evolve: undefined } : withDefaults, overrides);
  const where = executorFor(config, settings, trainerPath);
  if (!where) return undefined;
  try {
    const run = deps.runs.start({
      config,
      configUri: uri,
      runDir: newRunDir(runsRootFor(uri), config.name),
      trainerPath,
      arms,
      ...where,
      backend: settings.backend,
      allowUserCode: vscode.workspace.isTrusted,
      versions: { lossLab: deps.version, vscode: vscode.version },
    });
    deps.showRun(run.runDir);
    return run;
  } catch (e) {
    deps.log.error(`could not start ${uri.fsPath}: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`Loss Lab: could not start the run: ${(e as Error).message}`);
    return undefined;
  }
}

/** The arms to run: all (undefined), the CodeLens's arm, or a pick; null when cancelled or unknown. */
async function chooseArms(names: string[], arm: ArmRef | 'pick' | undefined): Promise<string[] | undefined | null> {
  if (arm === undefined) return undefined;
  if (arm !== 'pick') {
    const name = arm.name !== undefined && names.includes(arm.name) ? arm.name : arm.index !== undefined ? names[arm.index] : undefined;
    if (name === undefined) {
      void vscode.window.showErrorMessage(`Loss Lab: no arm ${arm.name ? `'${arm.name}'` : `#${arm.index}`} in this config; arms: ${names.join(', ')}`);
      return null;
    }
    return [name];
  }
  const picked = await vscode.window.showQuickPick(names, { title: 'Run Arm…', placeHolder: 'Pick the loss arms to run', canPickMany: true });
  return picked?.length ? picked : null;
}

async function stopRun(runs: RunManager, target: unknown): Promise<void> {
  let run: ActiveRun | undefined;
  if (target instanceof vscode.Uri) run = runs.forConfig(target);
  else {
    const dir = runDirArg(target);
    if (dir) run = runs.byRunDir(dir);
  }
  if (!run) {
    const active = runs.active.filter((r) => !r.isStopping);
    if (active.length === 0) {
      void vscode.window.showInformationMessage('Loss Lab: no experiment is running.');
      return;
    }
    run = active.length === 1
      ? active[0]
      : (await vscode.window.showQuickPick(active.map((r) => ({ label: r.name, description: vscode.workspace.asRelativePath(r.configUri), run: r })), { title: 'Stop Experiment' }))?.run;
  }
  run?.stop();
}

/** Resume Run: finish a stopped or failed experiment, sweep or evolution in its own folder; completed work is kept. */
async function resumeRun(deps: RunCommandDeps, target: unknown): Promise<ActiveRun | undefined> {
  if (!ensureTrusted()) return undefined;
  const runDir = runDirArg(target);
  if (!runDir) {
    void vscode.window.showInformationMessage('Loss Lab: choose Resume Run on a stopped run in the Loss Lab run history.');
    return undefined;
  }
  const summary = readRunSummary(runDir);
  const configFile = join(runDir, RUN_FILES.config);
  const problem = !summary || !existsSync(configFile)
    ? 'it is not a complete run folder'
    : summary.status === 'completed'
        ? 'every job already completed'
        : !summary.configPath
          ? 'it does not record its config file'
          : undefined;
  if (problem || !summary?.configPath) {
    void vscode.window.showInformationMessage(`Loss Lab: nothing to resume in ${vscode.workspace.asRelativePath(runDir)}: ${problem}.`);
    return undefined;
  }
  const configUri = vscode.Uri.file(summary.configPath);
  if (deps.runs.forConfig(configUri)) {
    void vscode.window.showWarningMessage(`Loss Lab: '${summary.name}' is running; stop it before resuming an older run.`);
    return undefined;
  }
  const settings = runSettings(configUri);
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as ExperimentConfig;
  const trainerPath = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'trainer.js').fsPath;
  const where = executorFor(config, settings, trainerPath, 'live');
  if (!where) return undefined;
  try {
    const run = deps.runs.start({
      config,
      configUri,
      runDir,
      trainerPath,
      arms: summary.requestedArms,
      ...where,
      backend: settings.backend,
      allowUserCode: vscode.workspace.isTrusted,
      versions: { lossLab: deps.version, vscode: vscode.version },
      resume: true,
    });
    deps.showRun(run.runDir);
    return run;
  } catch (e) {
    deps.log.error(`could not resume ${runDir}: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`Loss Lab: could not resume the run: ${(e as Error).message}`);
    return undefined;
  }
}
