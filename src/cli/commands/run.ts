/** `loss-lab run`: validate, then train every arm × seed (or sweep trial × seed, or evolve a loss), print the table. */
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { formatProblem, loadConfigFile } from '../../shared/config';
import { checkConfigData } from '../../shared/data/check';
import { chooseExecutor } from '../../shared/runner/executor-choice';
import { newRunDir } from '../../shared/runner/run-folder';
import { claimRunFolder } from '../../shared/runner/run-folder-claim';
import type { Command } from '../usage';
import { EXIT } from '../exit-codes';
import { reportFolderError } from '../folder-errors';
import { runEvolution } from './evolve';
import { runExperiment } from './experiment';

export const DEFAULT_RUNS_FOLDER = join('.losslab', 'runs');

export async function runCommand(cmd: Extract<Command, { name: 'run' }>, version: string): Promise<number> {
  const configPath = resolve(cmd.config);
  const { config, problems } = loadConfigFile(configPath);
  for (const p of problems) process.stderr.write(formatProblem(cmd.config, p) + '\n');
  if (!config) return EXIT.failed;
  // A CSV's problems must stop the run before its folder exists.
  const data = checkConfigData(config);
  for (const p of data.problems) process.stderr.write(p + '\n');
  if (data.nClasses === undefined) return EXIT.failed;
  const nClasses = data.nClasses;
  const runDir = cmd.out ? resolve(cmd.out) : newRunDir(join(dirname(configPath), DEFAULT_RUNS_FOLDER), config.name);
  const unknown = (cmd.arms ?? []).filter((a) => !config.losses.some((l) => l.name === a));
  if (unknown.length) {
    process.stderr.write(`unknown arm ${unknown.map((a) => `'${a}'`).join(', ')}; arms in this config: ${config.losses.map((l) => l.name).join(', ')}\n`);
    return EXIT.usage;
  }
  const choice = chooseExecutor(config, { executor: cmd.executor, parallel: cmd.parallel, localParallel: availableParallelism(), trainerPath: join(__dirname, 'trainer.js') });
  if ('error' in choice) {
    process.stderr.write(`loss-lab: ${choice.error}\n`);
    return EXIT.usage;
  }
  const { executor, parallel } = choice;
  let claim;
  try {
    claim = claimRunFolder(runDir, { kind: 'new', force: cmd.force }, 'loss-lab run');
  } catch (e) {
    await executor?.close();
    const code = reportFolderError(e);
    if (code === undefined) throw e;
    return code;
  }
  if (claim.lock.tookOver) process.stderr.write(`note: ${claim.lock.tookOver}\n`);
  try {
    if (config.evolve && !cmd.arms) {
      return await runEvolution({ config, configPath, runDir, claim, nClasses, parallel, backend: cmd.backend, quiet: cmd.quiet, version, executor });
    }
    // With --arm, an evolve config trains just those arms (e.g. an evolved loss written back against cross-entropy).
    const experiment = cmd.arms && config.evolve ? { ...config, evolve: undefined } : config;
    return await runExperiment({ config: experiment, configPath, runDir, claim, arms: cmd.arms, parallel, backend: cmd.backend, quiet: cmd.quiet, resume: false, version, executor });
  } finally {
    claim.release();
  }
}
