/** Runs an experiment or a sweep (fresh, or resuming a run folder) with progress, and prints its table. */
import { join } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import type { Executor } from '../../shared/runner/executor';
import { ExperimentRun } from '../../shared/runner/experiment-run';
import type { RunFolderClaim } from '../../shared/runner/run-folder-claim';
import { EXIT } from '../exit-codes';
import { startInterruptible, type Interrupts } from '../interrupts';
import { Progress } from '../progress';
import { summaryTable } from '../summary-table';
import { sweepTable } from '../sweep-table';
import { verdictLines } from '../verdicts';

export interface ExperimentOptions {
  config: ExperimentConfig;
  configPath?: string;
  runDir: string;
  /** The run folder, claimed by the command. */
  claim: RunFolderClaim;
  arms?: string[];
  parallel: number;
  backend?: string;
  quiet: boolean;
  resume: boolean;
  retryFailed?: boolean;
  version: string;
  /** Where the jobs train; a local executor with `parallel` slots when omitted. */
  executor?: Executor;
}

export async function runExperiment(o: ExperimentOptions): Promise<number> {
  let progress: Progress | undefined;
  const run = new ExperimentRun(
    {
      config: o.config, configPath: o.configPath, runDir: o.runDir, claim: o.claim, trainerPath: join(__dirname, 'trainer.js'), arms: o.arms,
      maxParallel: o.parallel, backend: o.backend, allowUserCode: true, versions: { lossLab: o.version }, resume: o.resume, retryFailed: o.retryFailed, executor: o.executor,
    },
    {
      onJobStarted: (job, info) => progress?.started(job, info.totalSteps),
      onMetrics: (batch) => progress?.batch(batch),
      onArmDone: (result) => progress?.finished(result),
    },
  );
  if (o.resume && run.pending.length === 0) {
    const failed = run.summary.arms.filter((a) => a.status === 'crashed' || a.status === 'diverged').length;
    process.stderr.write(`${o.runDir}: nothing to resume${failed ? `: ${failed} job(s) crashed or diverged; 'loss-lab resume --retry-failed ${o.runDir}' trains them again, from their newest checkpoint where they saved one` : ''}\n`);
    await o.executor?.close();
    return EXIT.ok;
  }
  // On resume, the jobs with where each continues (one decision per pending job, in order).
  progress = new Progress(o.resume ? run.resumeDecisions.map((d) => d.job) : run.pending, process.stderr, !o.quiet);
  if (!o.quiet) {
    const kept = run.jobs.length - run.pending.length;
    const what = o.config.sweep ? `sweep of ${new Set(run.jobs.map((j) => j.arm)).size} trial(s) × ${o.config.repeats} seed(s), ` : '';
    process.stderr.write(`${o.config.name}: ${what}${run.pending.length} job(s)${kept ? ` (${kept} kept from before)` : ''} → ${o.runDir}\n`);
    for (const d of run.resumeDecisions) process.stderr.write(`  ${d.job.arm} (seed ${d.job.seed}): ${d.note}\n`);
    const failed = o.resume && !o.retryFailed ? run.summary.arms.filter((a) => a.status === 'crashed' || a.status === 'diverged').length : 0;
    if (failed) process.stderr.write(`  kept as they ended: ${failed} crashed or diverged job(s) ('--retry-failed' trains them too)\n`);
  }
  const { result: summary, interrupts } = await startInterruptible(run, async () => {
    await o.executor?.close();
    progress?.end();
  });
  process.stdout.write(`\n${o.config.name} — backend ${summary.backend}, ${o.runDir}\n`);
  process.stdout.write((o.config.sweep ? sweepTable(o.runDir, o.config.sweep) : summaryTable(summary, o.config.losses.map((l) => l.name))) + '\n');
  if (summary.comparisons?.length) process.stdout.write(`\n${verdictLines(summary.comparisons)}\n`);
  return endOfRun(o.runDir, summary.status, interrupts, run.fileError, summary.arms.every((a) => a.status === 'completed'));
}

/** The closing lines (why it ended, how to resume) and the exit code of a run. */
export function endOfRun(runDir: string, status: string, interrupts: Interrupts, fileError: string | undefined, allCompleted: boolean): number {
  const hint = `resume with: loss-lab resume ${runDir}`;
  if (fileError) {
    process.stderr.write(`loss-lab: ${fileError}\nthe run stopped; every metric written so far is kept. Free space (or fix the folder), then ${hint}\n`);
    return EXIT.fileError;
  }
  if (interrupts.count() > 0) {
    process.stderr.write(`${hint}\n`);
    return interrupts.signal() === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
  }
  if (status === 'stopped') process.stderr.write(`${hint}\n`);
  return allCompleted ? EXIT.ok : EXIT.failed;
}
