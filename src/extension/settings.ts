/** The `lossLab.*` settings, read for one config file (settings may differ per workspace folder). */
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';

export const BACKENDS = ['auto', 'wasm', 'cpu', 'tensorflow'] as const;
export type BackendSetting = (typeof BACKENDS)[number];
const EXECUTORS = ['local', 'slurm'] as const;

export interface RunSettings {
  /** Undefined: the config's own `backend` decides. */
  backend?: Exclude<BackendSetting, 'auto'>;
  maxParallel: number;
  /** Undefined: the config's `executor.type` decides (local by default). */
  executor?: 'local' | 'slurm';
  trainEvery?: number;
  evalEvery?: number;
}

function section(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('lossLab', scope);
}

function positiveInt(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

export function runSettings(configUri: vscode.Uri): RunSettings {
  const s = section(configUri);
  const backend = s.get<string>('backend', 'auto');
  const maxParallel = positiveInt(s.get<number>('maxParallelArms', 0)) ?? Math.max(1, availableParallelism());
  return {
    backend: (BACKENDS as readonly string[]).includes(backend) && backend !== 'auto' ? (backend as RunSettings['backend']) : undefined,
    maxParallel,
    executor: EXECUTORS.find((e) => e === s.get<string>('executor', 'config')),
    trainEvery: positiveInt(s.get<number>('metrics.trainEvery')),
    evalEvery: positiveInt(s.get<number>('metrics.evalEvery')),
  };
}

/** The runs folder for a config: `lossLab.runsFolder`, relative to the config's workspace folder (or its own folder). */
export function runsRootFor(configUri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(configUri);
  return resolveRunsFolder(section(configUri).get<string>('runsFolder') || '.losslab/runs', folder?.uri.fsPath ?? dirname(configUri.fsPath));
}

/** The runs folder of each workspace folder (where the history looks). */
export function workspaceRunsRoots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((f) =>
    resolveRunsFolder(section(f.uri).get<string>('runsFolder') || '.losslab/runs', f.uri.fsPath),
  );
}

function resolveRunsFolder(setting: string, base: string): string {
  return isAbsolute(setting) ? setting : join(base, setting);
}
