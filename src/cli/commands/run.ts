/** `loss-lab run`: validate, fork trainer processes for every arm × seed, show progress, print the table. */
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { formatProblem, loadConfigFile } from '../../shared/config';
import { ExperimentRun } from '../../shared/runner/experiment-run';
import { newRunDir } from '../../shared/runner/run-folder';
import { Progress } from '../progress';
import { summaryTable } from '../summary-table';
import type { Command } from '../usage';

export const DEFAULT_RUNS_FOLDER = join('.losslab', 'runs');

export async function runCommand(cmd: Extract<Command, { name: 'run' }>, version: string): Promise<number> {
  const configPath = resolve(cmd.config);
  const { config, problems } = loadConfigFile(configPath);
  for (const p of problems) process.stderr.write(formatProblem(cmd.config, p) + '\n');
  if (!config) return 1;
  const runDir = cmd.out ? resolve(cmd.out) : newRunDir(join(dirname(configPath), DEFAULT_RUNS_FOLDER), config.name);
  let run: ExperimentRun;
  try {
    run = new ExperimentRun({
      config,
      configPath,
      runDir,
      trainerPath: join(__dirname, 'trainer.js'),
      arms: cmd.arms,
      maxParallel: cmd.parallel ?? availableParallelism(),
      backend: cmd.backend,
      allowUserCode: true,
      versions: { lossLab: version },
    }, {
      onJobStarted: (job, info) => progress.started(job, info.totalSteps),
      onMetrics: (records) => {
        for (const r of records) if (r.kind === 'train') progress.step(r, r.step, r.values.loss);
      },
      onArmDone: (result) => progress.finished(result),
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const progress = new Progress(run.jobs, process.stderr, !cmd.quiet);
  if (!cmd.quiet) process.stderr.write(`${config.name}: ${run.jobs.length} job(s) → ${runDir}\n`);
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nstopping after the current step… (Ctrl-C again to kill)\n');
      run.stop();
    } else run.kill();
  };
  process.on('SIGINT', onSigint);
  const summary = await run.start();
  process.off('SIGINT', onSigint);
  progress.end();
  process.stdout.write(`\n${config.name} — backend ${summary.backend}, ${runDir}\n`);
  process.stdout.write(summaryTable(summary, config.losses.map((l) => l.name)) + '\n');
  if (interrupts > 0) return 130;
  return summary.arms.every((a) => a.status === 'completed') ? 0 : 1;
}
