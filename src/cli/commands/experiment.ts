/** Runs an experiment or a sweep (fresh, or resuming a run folder) with progress, and prints its table. */
import { join } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import type { Executor } from '../../shared/runner/executor';
import { ExperimentRun } from '../../shared/runner/experiment-run';
import { onInterrupt } from '../interrupts';
import { Progress } from '../progress';
import { summaryTable } from '../summary-table';
import { sweepTable } from '../sweep-table';

export interface ExperimentOptions {
  config: ExperimentConfig;
  configPath?: string;
  runDir: string;
  arms?: string[];
  parallel: number;
  backend?: string;
  quiet: boolean;
  resume: boolean;
  version: string;
  /** Where the jobs train; a local executor with `parallel` slots when omitted. */
  executor?: Executor;
}

export async function runExperiment(o: ExperimentOptions): Promise<number> {
  let run: ExperimentRun;
  let progress: Progress | undefined;
  try {
    run = new ExperimentRun(
      {
        config: o.config, configPath: o.configPath, runDir: o.runDir, trainerPath: join(__dirname, 'trainer.js'), arms: o.arms,
        maxParallel: o.parallel, backend: o.backend, allowUserCode: true, versions: { lossLab: o.version }, resume: o.resume, executor: o.executor,
      },
      {
        onJobStarted: (job, info) => progress?.started(job, info.totalSteps),
        onMetrics: (records) => {
          for (const r of records) if (r.kind === 'train') progress?.step(r, r.step, r.values.loss);
        },
        onArmDone: (result) => progress?.finished(result),
      },
    );
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  progress = new Progress(run.pending, process.stderr, !o.quiet);
  if (!o.quiet) {
    const kept = run.jobs.length - run.pending.length;
    const what = o.config.sweep ? `sweep of ${new Set(run.jobs.map((j) => j.arm)).size} trial(s) × ${o.config.repeats} seed(s), ` : '';
    process.stderr.write(`${o.config.name}: ${what}${run.pending.length} job(s)${kept ? ` (${kept} completed before, kept)` : ''} → ${o.runDir}\n`);
  }
  const interrupts = onInterrupt(run);
  const summary = await run.start();
  await o.executor?.close();
  interrupts.dispose();
  progress.end();
  process.stdout.write(`\n${o.config.name} — backend ${summary.backend}, ${o.runDir}\n`);
  process.stdout.write((o.config.sweep ? sweepTable(o.runDir, o.config.sweep) : summaryTable(summary, o.config.losses.map((l) => l.name))) + '\n');
  if (interrupts.count() > 0) {
    process.stderr.write(`resume with: loss-lab resume ${o.runDir}\n`);
    return 130;
  }
  if (summary.status === 'stopped') process.stderr.write(`resume with: loss-lab resume ${o.runDir}\n`);
  return summary.arms.every((a) => a.status === 'completed') ? 0 : 1;
}
