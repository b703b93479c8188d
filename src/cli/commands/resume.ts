/**
 * `loss-lab resume <run folder>`: finish a stopped or failed experiment, sweep or evolution; completed
 * work is kept. `loss-lab attach <run folder>`: the same for a Slurm run whose host is gone, following
 * the tasks it had submitted (live or ended since) instead of submitting their jobs again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import { EVOLUTION_FILES } from '../../shared/runner/evolution-folder';
import { readSummary, RUN_FILES } from '../../shared/runner/run-folder';
import { SLURM_FILE } from '../../shared/runner/slurm/registry';
import { chooseExecutor } from '../executor-choice';
import type { Command } from '../usage';
import { classCount } from '../../trainer/data/class-count';
import { runEvolution } from './evolve';
import { runExperiment } from './experiment';

type ResumeCommand = Extract<Command, { name: 'resume' }> | Extract<Command, { name: 'attach' }>;

export async function resumeCommand(cmd: ResumeCommand, version: string): Promise<number> {
  const runDir = resolve(cmd.runDir);
  const configFile = join(runDir, RUN_FILES.config);
  const summary = readSummary(runDir);
  if (!existsSync(configFile) || !summary) {
    process.stderr.write(`${cmd.runDir} is not a Loss Lab run folder (it needs ${RUN_FILES.config} and ${RUN_FILES.summary})\n`);
    return 2;
  }
  const attach = cmd.name === 'attach';
  // An evolution's candidates train in their own folder, with their own slurm.json.
  if (attach && !existsSync(join(runDir, SLURM_FILE)) && !existsSync(join(runDir, EVOLUTION_FILES.candidates, SLURM_FILE))) {
    process.stderr.write(`${cmd.runDir} has no ${SLURM_FILE}: attach follows runs submitted to Slurm; use 'loss-lab resume' for a local run\n`);
    return 2;
  }
  if (summary.status === 'completed') {
    process.stderr.write(`${cmd.runDir}: every job already completed; nothing to ${cmd.name}\n`);
    return 0;
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as ExperimentConfig;
  const choice = attach
    ? chooseExecutor(config, { executor: 'slurm', adopt: 'all' })
    : chooseExecutor(config, { executor: cmd.executor, parallel: cmd.parallel, adopt: 'live' });
  if ('error' in choice) {
    process.stderr.write(`loss-lab: ${choice.error}\n`);
    return 2;
  }
  const { executor, parallel } = choice;
  const backend = attach ? undefined : cmd.backend;
  if (summary.kind === 'evolution' && config.evolve) {
    return runEvolution({ config, configPath: summary.configPath ?? configFile, runDir, nClasses: classCount(config), parallel, backend, quiet: cmd.quiet, version, resume: true, executor });
  }
  return runExperiment({ config, configPath: summary.configPath, runDir, arms: summary.requestedArms, parallel, backend, quiet: cmd.quiet, resume: true, version, executor });
}
