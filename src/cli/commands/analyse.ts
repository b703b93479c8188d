/**
 * `loss-lab hessian` and `loss-lab landscape`: an analysis of a run's saved weights, run as a job on
 * the run's executor (local trainers or Slurm) while this process holds the run folder's lock.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AnalysisRequest, AnalysisResult } from '../../shared/analysis/types';
import { ANALYSIS_FOLDER } from '../../shared/analysis/types';
import type { ExperimentConfig } from '../../shared/config/types';
import { AnalysisRun, analysisProblem } from '../../shared/runner/analysis-run';
import { chooseExecutor } from '../../shared/runner/executor-choice';
import { readRunSummary } from '../../shared/runner/experiment-run';
import { LocalExecutor } from '../../shared/runner/local-executor';
import { RUN_FILES } from '../../shared/runner/run-folder';
import { claimRunFolder } from '../../shared/runner/run-folder-claim';
import { armFolders } from '../../shared/runner/weights-layout';
import type { RunSummary } from '../../shared/metrics';
import { EXIT } from '../exit-codes';
import type { AnalysisCommand } from '../usage-analysis';
import { formatAnalysis } from './analyse-format';

function request(cmd: AnalysisCommand, config: ExperimentConfig, summary: RunSummary, seed: number): AnalysisRequest {
  const folders = armFolders(config.losses.map((l) => l.name));
  const folder = (arm: string) => folders.get(arm) ?? 'arm';
  if (cmd.name === 'hessian') {
    return { kind: 'hessian', arm: cmd.arm, split: cmd.split, top: cmd.top, density: cmd.density, batchSize: cmd.batch, output: join(ANALYSIS_FOLDER, `hessian-${folder(cmd.arm)}-seed-${seed}-${cmd.split}.json`) };
  }
  const saved = new Set(summary.arms.filter((a) => a.seed === seed && a.weights?.final).map((a) => a.arm));
  const arms = cmd.arms ?? config.losses.map((l) => l.name).filter((arm) => saved.has(arm));
  return {
    kind: 'landscape', arms, split: cmd.split, grid: cmd.grid, range: cmd.range, dims: cmd.dims, directions: cmd.directions,
    output: join(ANALYSIS_FOLDER, `landscape-${folder(arms[0] ?? 'arm')}-seed-${seed}-${cmd.split}.json`),
  };
}

export async function analyseCommand(cmd: AnalysisCommand): Promise<number> {
  const runDir = resolve(cmd.runDir);
  const configFile = join(runDir, RUN_FILES.config);
  if (!existsSync(configFile) || !existsSync(join(runDir, RUN_FILES.summary))) {
    process.stderr.write(`${cmd.runDir} is not a Loss Lab run folder (it needs ${RUN_FILES.config} and ${RUN_FILES.summary})\n`);
    return EXIT.usage;
  }
  const claim = claimRunFolder(runDir, { kind: 'resume' }, `loss-lab ${cmd.name}`);
  try {
    const summary = readRunSummary(runDir, true);
    if (!summary) throw new Error(`${cmd.runDir}: ${RUN_FILES.summary} cannot be read`);
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as ExperimentConfig;
    const seed = cmd.seed ?? config.seed;
    const req = request(cmd, config, summary, seed);
    const problem = req.kind === 'landscape' && req.arms.length === 0 ? `no arm of seed ${seed} has saved final weights` : analysisProblem(summary, req, seed, config.losses.map((l) => l.name));
    if (problem) {
      process.stderr.write(`loss-lab ${cmd.name}: ${cmd.runDir}: ${problem}\n`);
      return EXIT.failed;
    }
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
    claim.release();
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
