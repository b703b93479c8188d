/**
 * `loss-lab hessian` and `loss-lab landscape`: an analysis of a run's saved weights, run as a job on
 * the run's executor (local trainers or Slurm) while this process holds the run folder's lock.
 */
import { join, resolve } from 'node:path';
import type { AnalysisResult } from '../../shared/analysis/types';
import { AnalysisRun } from '../../shared/runner/analysis-run';
import { analysisRequest, NotARunFolder, openAnalysisFolder, type AnalysisChoice } from '../../shared/runner/analysis-folder';
import { chooseExecutor } from '../../shared/runner/executor-choice';
import { LocalExecutor } from '../../shared/runner/local-executor';
import { EXIT } from '../exit-codes';
import type { AnalysisCommand } from '../usage-analysis';
import { formatAnalysis } from './analyse-format';

function choiceOf(cmd: AnalysisCommand): AnalysisChoice {
  if (cmd.name === 'hessian') return { kind: 'hessian', arm: cmd.arm, split: cmd.split, top: cmd.top, density: cmd.density, batchSize: cmd.batch };
  return { kind: 'landscape', arms: cmd.arms, split: cmd.split, grid: cmd.grid, range: cmd.range, dims: cmd.dims, directions: cmd.directions };
}

export async function analyseCommand(cmd: AnalysisCommand): Promise<number> {
  const runDir = resolve(cmd.runDir);
  let folder;
  try {
    folder = openAnalysisFolder(runDir, `loss-lab ${cmd.name}`);
  } catch (e) {
    if (!(e instanceof NotARunFolder)) throw e;
    process.stderr.write(`${e.message}\n`);
    return EXIT.usage;
  }
  try {
    const { config, summary } = folder;
    const seed = cmd.seed ?? config.seed;
    const built = analysisRequest(choiceOf(cmd), config, summary, seed);
    if ('problem' in built) {
      process.stderr.write(`loss-lab ${cmd.name}: ${cmd.runDir}: ${built.problem}\n`);
      return EXIT.failed;
    }
    const req = built.request;
    const trainerPath = join(__dirname, 'trainer.js');
    const choice = chooseExecutor(config, { executor: cmd.executor, localParallel: 1, trainerPath });
    if ('error' in choice) {
      process.stderr.write(`loss-lab: ${choice.error}\n`);
      return EXIT.usage;
    }
    const executor = choice.executor ?? new LocalExecutor({ trainerPath, slots: 1 });
    const progress = progressLine(cmd.name);
    const run = new AnalysisRun({ runDir, config, summary, seed, request: req, executor }, progress.update);
    let signal: 'SIGINT' | 'SIGTERM' | undefined;
    const onSignal = (s: 'SIGINT' | 'SIGTERM') => () => {
      signal = s;
      run.stop();
    };
    const onInt = onSignal('SIGINT');
    const onTerm = onSignal('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    try {
      const outcome = await run.run();
      progress.done();
      if (outcome.result) {
        process.stdout.write(cmd.json ? `${JSON.stringify(outcome.result, null, 2)}\n` : `${formatAnalysis(outcome.result as AnalysisResult, outcome.job.output!)}\n`);
        return EXIT.ok;
      }
      process.stderr.write(`loss-lab ${cmd.name}: ${outcome.job.status}: ${(outcome.job.reason ?? '').split('\n')[0]}\n`);
      return signal === 'SIGINT' ? EXIT.interrupted : signal === 'SIGTERM' ? EXIT.terminated : EXIT.failed;
    } finally {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      await executor.close();
    }
  } finally {
    folder.release();
  }
}

/** A progress line on a terminal's stderr, redrawn at most every 200 ms. */
function progressLine(name: string): { update(done: number, total: number | undefined): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let drawn = false;
  return {
    update(done, total) {
      if (!tty || Date.now() - last < 200) return;
      last = Date.now();
      drawn = true;
      process.stderr.write(`\r${name}: ${done}${total ? ` of ${total} evaluations (${Math.round((100 * done) / total)}%)` : ' Hessian-vector products'}   `);
    },
    done() {
      if (drawn) process.stderr.write('\n');
    },
  };
}
