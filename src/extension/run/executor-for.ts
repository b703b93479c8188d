/** The executor of a run started from VS Code. */
import * as vscode from 'vscode';
import type { ExperimentConfig } from '../../shared/config/types';
import type { Executor } from '../../shared/runner/executor';
import { chooseExecutor } from '../../shared/runner/executor-choice';
import type { RunSettings } from '../settings';

/**
 * Where a run trains (the `lossLab.executor` setting, else the config's `executor`): a Slurm executor
 * and its slots, or the window's shared local executor; undefined (having said why) when Slurm's
 * commands are missing.
 */
export function executorFor(config: ExperimentConfig, settings: RunSettings, trainerPath: string, adopt?: 'live' | 'all'): { executor?: Executor; maxParallel: number } | undefined {
  const choice = chooseExecutor(config, { executor: settings.executor, localParallel: settings.maxParallel, trainerPath, adopt });
  if ('error' in choice) {
    void vscode.window.showErrorMessage(`Loss Lab: ${choice.error}`);
    return undefined;
  }
  return { executor: choice.executor, maxParallel: choice.parallel };
}

