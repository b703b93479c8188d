/** `loss-lab run` on a config with an `evolve` section: CMA-ES generations, then the retraining comparison. */
import { join } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import type { Executor } from '../../shared/runner/executor';
import { EvolutionRun } from '../../shared/runner/evolution-run';
import type { RunFolderClaim } from '../../shared/runner/run-folder-claim';
import { startInterruptible } from '../interrupts';
import { endOfRun } from './experiment';
import { formatDuration, formatNumber } from '../format';
import { Progress } from '../progress';
import { summaryTable } from '../summary-table';

export interface EvolveOptions {
  config: ExperimentConfig;
  configPath: string;
  runDir: string;
  /** The run folder, claimed by the command. */
  claim: RunFolderClaim;
  nClasses: number;
  parallel: number;
  backend?: string;
  quiet: boolean;
  version: string;
  /** Continue the evolution in `runDir` (replaying its finished generations) instead of starting afresh. */
  resume?: boolean;
  /** Where the candidates and the retraining train; a local executor with `parallel` slots when omitted. */
  executor?: Executor;
}

const vec = (p: number[] | undefined): string => (p ? `[${p.map((v) => formatNumber(v)).join(', ')}]` : '—');

export async function runEvolution(o: EvolveOptions): Promise<number> {
  const evolve = o.config.evolve!;
  const log = (s: string) => {
    if (!o.quiet) process.stderr.write(s + '\n');
  };
  let progress: Progress | undefined;
  const run = new EvolutionRun(
    {
      config: o.config, configPath: o.configPath, runDir: o.runDir, claim: o.claim, trainerPath: join(__dirname, 'trainer.js'), nClasses: o.nClasses,
      maxParallel: o.parallel, backend: o.backend, allowUserCode: false, versions: { lossLab: o.version }, resume: o.resume, executor: o.executor,
    },
    {
      onGenerationStarted: (g, toTrain, pruned) => log(`generation ${g}/${evolve.generations}: training ${toTrain} candidate(s), ${pruned} pruned by the invariant…`),
      onGeneration: (r, s) =>
        log(
          `  best ${formatNumber(r.best)}  median ${formatNumber(r.median)}  best so far ${formatNumber(s.bestFitness)}  σ ${formatNumber(r.sigma)}` +
            `${r.failed ? `  ${r.failed} failed` : ''}  (${formatDuration(r.time)})`,
        ),
      onRetrainStarted: (retrain) => {
        log(`evolution done: best ${evolve.fitness.metric} ${formatNumber(run.state.bestFitness)} with ${vec(run.state.bestParams)}`);
        log(`retraining ${retrain.jobs.length} job(s) with the full schedule to compare…`);
        progress = new Progress(retrain.pending, process.stderr, !o.quiet);
      },
      onJobStarted: (job, info) => progress?.started(job, info.totalSteps),
      onMetrics: (batch) => progress?.batch(batch),
      onArmDone: (result) => progress?.finished(result),
    },
  );
  if (o.resume) log(`${o.config.name}: resuming in ${o.runDir} (finished generations are replayed, not retrained)`);
  log(`${o.config.name}: evolving '${evolve.arm}' (${evolve.generations} generations × ${evolve.population}, ${evolve.steps} steps each, fitness ${evolve.fitness.metric}) → ${o.runDir}`);
  const { result: summary, interrupts } = await startInterruptible(run, async () => {
    await o.executor?.close();
    progress?.end();
  });
  const s = run.state;
  process.stdout.write(
    `\n${o.config.name} — evolution ${s.status}: ${s.completedGenerations}/${s.generations} generations, ${s.totalEvaluated} trained, ${s.totalPruned} pruned\n` +
      `best ${evolve.fitness.metric} ${formatNumber(s.bestFitness)}\nbest params ${vec(s.bestParams)}\n`,
  );
  if (summary.arms.length) {
    const order = [...o.config.losses.map((l) => l.name), ...new Set(summary.arms.map((a) => a.arm))];
    process.stdout.write(`\nretrained with the full schedule — backend ${summary.backend}, ${o.runDir}\n${summaryTable(summary, [...new Set(order)])}\n`);
  }
  return endOfRun(o.runDir, s.status === 'completed' ? summary.status : s.status, interrupts, run.fileError, s.status === 'completed' && summary.arms.every((a) => a.status === 'completed'));
}
