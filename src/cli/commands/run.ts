/** `loss-lab run`: validate, then train every arm × seed (or sweep trial × seed, or evolve a loss), print the table. */
import { dirname, join, resolve } from 'node:path';
import { formatProblem, loadConfigFile } from '../../shared/config';
import { newRunDir } from '../../shared/runner/run-folder';
import { chooseExecutor } from '../executor-choice';
import type { Command } from '../usage';
import { classCount } from '../../trainer/data/class-count';
import { runEvolution } from './evolve';
import { runExperiment } from './experiment';

export const DEFAULT_RUNS_FOLDER = join('.losslab', 'runs');

export async function runCommand(cmd: Extract<Command, { name: 'run' }>, version: string): Promise<number> {
  const configPath = resolve(cmd.config);
  const { config, problems } = loadConfigFile(configPath);
  for (const p of problems) process.stderr.write(formatProblem(cmd.config, p) + '\n');
  if (!config) return 1;
  const runDir = cmd.out ? resolve(cmd.out) : newRunDir(join(dirname(configPath), DEFAULT_RUNS_FOLDER), config.name);
  const choice = chooseExecutor(config, cmd);
  if ('error' in choice) {
    process.stderr.write(`loss-lab: ${choice.error}\n`);
    return 2;
  }
  const { executor, parallel } = choice;
  if (config.evolve && !cmd.arms) {
    return runEvolution({ config, configPath, runDir, nClasses: classCount(config), parallel, backend: cmd.backend, quiet: cmd.quiet, version, executor });
  }
  // With --arm, an evolve config trains just those arms (e.g. an evolved loss written back against cross-entropy).
  const experiment = cmd.arms && config.evolve ? { ...config, evolve: undefined } : config;
  return runExperiment({ config: experiment, configPath, runDir, arms: cmd.arms, parallel, backend: cmd.backend, quiet: cmd.quiet, resume: false, version, executor });
}
