/**
 * `loss-lab resume <run folder>`: finish a stopped or failed experiment, sweep or evolution; completed
 * work is kept. `loss-lab attach <run folder>`: the same for a Slurm run whose host is gone, following
 * the tasks it had submitted (live or ended since) instead of submitting their jobs again. Both take
 * the folder's lock first: one writer per run folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import { classCount } from '../../shared/data/check';
import { EVOLUTION_FILES } from '../../shared/runner/evolution-folder';
import { chooseExecutor } from '../../shared/runner/executor-choice';
import { readRunSummary } from '../../shared/runner/experiment-run';
import { RUN_FILES } from '../../shared/runner/run-folder';
import { claimRunFolder } from '../../shared/runner/run-folder-claim';
import { SLURM_FILE } from '../../shared/runner/slurm/registry';
import type { Command } from '../usage';
import { EXIT } from '../exit-codes';
import { reportFolderError } from '../folder-errors';
import { runEvolution } from './evolve';
import { runExperiment } from './experiment';

type ResumeCommand = Extract<Command, { name: 'resume' }> | Extract<Command, { name: 'attach' }>;

export async function resumeCommand(cmd: ResumeCommand, version: string): Promise<number> {
  const runDir = resolve(cmd.runDir);
  const configFile = join(runDir, RUN_FILES.config);
  if (!existsSync(configFile) || !existsSync(join(runDir, RUN_FILES.summary))) {
    process.stderr.write(`${cmd.runDir} is not a Loss Lab run folder (it needs ${RUN_FILES.config} and ${RUN_FILES.summary})\n`);
    return EXIT.usage;
  }
  const attach = cmd.name === 'attach';
  // An evolution's candidates train in their own folder, with their own slurm.json.
  if (attach && !existsSync(join(runDir, SLURM_FILE)) && !existsSync(join(runDir, EVOLUTION_FILES.candidates, SLURM_FILE))) {
    process.stderr.write(`${cmd.runDir} has no ${SLURM_FILE}: attach follows runs submitted to Slurm; use 'loss-lab resume' for a local run\n`);
    return EXIT.usage;
  }
  let claim;
  try {
    claim = claimRunFolder(runDir, { kind: 'resume' }, `loss-lab ${cmd.name}`);
  } catch (e) {
    const code = reportFolderError(e);
    if (code === undefined) throw e;
    return code;
  }
  try {
    if (claim.lock.tookOver) process.stderr.write(`note: ${claim.lock.tookOver}\n`);
    const summary = readRunSummary(runDir, true);
    if (!summary) {
      process.stderr.write(`${cmd.runDir}: ${RUN_FILES.summary} cannot be read\n`);
      return EXIT.failed;
    }
    if (summary.reconstructed) process.stderr.write(`note: ${RUN_FILES.summary} said 'running' but nothing writes the folder: ${summary.reconstructed}\n`);
    const retryFailed = cmd.name === 'resume' && cmd.retryFailed;
    if (summary.status === 'completed' && !retryFailed) {
      process.stderr.write(`${cmd.runDir}: every job already completed; nothing to ${cmd.name}\n`);
      return EXIT.ok;
    }
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as ExperimentConfig;
    const where = { localParallel: availableParallelism(), trainerPath: join(__dirname, 'trainer.js') };
    const choice = attach
      ? chooseExecutor(config, { ...where, executor: 'slurm', adopt: 'all' })
      : chooseExecutor(config, { ...where, executor: cmd.executor, parallel: cmd.parallel, adopt: 'live' });
    if ('error' in choice) {
      process.stderr.write(`loss-lab: ${choice.error}\n`);
      return EXIT.usage;
    }
    const { executor, parallel } = choice;
    const backend = attach ? undefined : cmd.backend;
    if (summary.kind === 'evolution' && config.evolve) {
      return await runEvolution({ config, configPath: summary.configPath ?? configFile, runDir, claim, nClasses: classCount(config), parallel, backend, quiet: cmd.quiet, version, resume: true, executor });
    }
    return await runExperiment({
      config, configPath: summary.configPath, runDir, claim, arms: summary.requestedArms, parallel, backend, quiet: cmd.quiet,
      resume: true, retryFailed, version, executor,
    });
  } finally {
    claim.release();
  }
}
