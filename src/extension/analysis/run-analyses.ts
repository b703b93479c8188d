/**
 * Runs the planned analyses of one run in sequence under its lock, on the run's executor, with a
 * cancellable progress notification; the lock is released and the executor closed on every path.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { landscapeEvaluations } from '../../shared/analysis/landscape-size';
import type { ExperimentConfig } from '../../shared/config/types';
import type { RunSummary } from '../../shared/metrics';
import type { AnalysisEntry, AnalysisProgress } from '../../shared/protocol/webview';
import { analysisRequest, openAnalysisFolder } from '../../shared/runner/analysis-folder';
import { AnalysisRun } from '../../shared/runner/analysis-run';
import { LocalExecutor } from '../../shared/runner/local-executor';
import { readAnalyses } from '../panel/read-analyses';
import { executorFor } from '../run/executor-for';
import { STOP_KILL_AFTER_MS } from '../run/run-manager';
import { runSettings } from '../settings';
import type { AnalyseDeps } from './analyse-deps';
import { plannedAnalyses, type AnalyseAnswers } from './analysis-plan';

export interface AnalyseOutcome {
  status: 'completed' | 'stopped' | 'failed' | 'refused';
  /** Result files written, relative to the run folder. */
  outputs: string[];
  /** Every analysis of the run folder after this one (what the pages were sent). */
  entries: AnalysisEntry[];
  message?: string;
}

const HOLDER = 'VS Code (Analyse Run)';

export async function runAnalyses(deps: AnalyseDeps, runDir: string, config: ExperimentConfig, summary: RunSummary, answers: AnalyseAnswers): Promise<AnalyseOutcome> {
  const refused = (message: string): AnalyseOutcome => {
    void vscode.window.showErrorMessage(`Loss Lab: ${message}`);
    return { status: 'refused', outputs: [], entries: [], message };
  };
  const trainerPath = vscode.Uri.joinPath(deps.extensionUri, 'dist', 'trainer.js').fsPath;
  if (!existsSync(trainerPath)) return refused(`the trainer bundle is missing (${trainerPath}). Reinstall the extension or run the build.`);
  const settings = runSettings(vscode.Uri.file(summary.configPath ?? runDir));
  if (!vscode.workspace.isTrusted && (settings.executor ?? config.executor?.type ?? 'local') === 'slurm') {
    return refused('analyses on Slurm need a trusted workspace (the job runs the config\'s setup lines); trust the workspace, or set lossLab.executor to local.');
  }
  const where = executorFor(config, settings, trainerPath);
  if (!where) return { status: 'refused', outputs: [], entries: [] };
  const executor = where.executor ?? new LocalExecutor({ trainerPath, slots: 1, killAfterMs: STOP_KILL_AFTER_MS });
  const plan = plannedAnalyses(answers);
  const title = `Loss Lab: analysing ${summary.name}`;
  try {
    return await deps.underWay.track(runDir, async (report, onStop) =>
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (notify, token): Promise<AnalyseOutcome> => {
        const folder = openAnalysisFolder(runDir, HOLDER);
        const outputs: string[] = [];
        let stopped = false;
        let current: AnalysisRun | undefined;
        const stop = () => {
          stopped = true;
          current?.stop();
        };
        onStop(stop);
        const cancel = token.onCancellationRequested(stop);
        let shown = 0;
        try {
          for (const [i, step] of plan.entries()) {
            if (stopped) break;
            const built = analysisRequest(step.choice, folder.config, folder.summary, answers.seed);
            if ('problem' in built) return { status: 'failed', outputs, entries: readAnalyses(runDir), message: built.problem };
            const label = plan.length > 1 ? `${step.label}, ${i + 1} of ${plan.length}` : step.label;
            const progress = (done: number, total: number | undefined): void => {
              const p: AnalysisProgress = { label, done, total };
              report(p);
              const overall = Math.round((100 * (i + (total ? done / total : 0))) / plan.length);
              notify.report({ message: `${label}: ${total ? `${done} of ${total} evaluations` : `${done} Hessian-vector products`}`, increment: overall - shown });
              shown = overall;
            };
            progress(0, built.request.kind === 'landscape' ? landscapeEvaluations(built.request) : undefined);
            current = new AnalysisRun({ runDir, config: folder.config, summary: folder.summary, seed: answers.seed, request: built.request, executor, backend: settings.backend }, progress);
            const outcome = await current.run();
            if (!outcome.result) {
              const why = (outcome.job.reason ?? outcome.job.status).split('\n')[0];
              deps.log.warn(`${label} of ${runDir}: ${outcome.job.status}: ${outcome.job.reason ?? ''}`);
              return { status: stopped ? 'stopped' : 'failed', outputs, entries: readAnalyses(runDir), message: why };
            }
            outputs.push(outcome.job.output!);
            deps.log.info(`${label} of ${runDir}: written to ${outcome.job.output}`);
          }
          const entries = readAnalyses(runDir, (line) => deps.log.warn(line));
          return { status: stopped ? 'stopped' : 'completed', outputs, entries };
        } finally {
          cancel.dispose();
          folder.release();
        }
      }),
    );
  } finally {
    await executor.close();
  }
}
