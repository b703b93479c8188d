/** `loss-lab resume <run folder>`: finish a stopped or failed experiment, sweep or evolution; completed work is kept. */
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import { readRunSummary } from '../../shared/runner/experiment-run';
import { RUN_FILES } from '../../shared/runner/run-folder';
import { claimRunFolder } from '../../shared/runner/run-folder-claim';
import type { Command } from '../usage';
import { classCount } from '../../shared/data/check';
import { EXIT } from '../exit-codes';
import { reportFolderError } from '../folder-errors';
import { runEvolution } from './evolve';
import { runExperiment } from './experiment';

export async function resumeCommand(cmd: Extract<Command, { name: 'resume' }>, version: string): Promise<number> {
  const runDir = resolve(cmd.runDir);
  const configFile = join(runDir, RUN_FILES.config);
  if (!existsSync(configFile) || !existsSync(join(runDir, RUN_FILES.summary))) {
    process.stderr.write(`${cmd.runDir} is not a Loss Lab run folder (it needs ${RUN_FILES.config} and ${RUN_FILES.summary})\n`);
    return EXIT.usage;
  }
  let claim;
  try {
    claim = claimRunFolder(runDir, { kind: 'resume' }, 'loss-lab resume');
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
    if (summary.status === 'completed' && !cmd.retryFailed) {
      process.stderr.write(`${cmd.runDir}: every job already completed; nothing to resume\n`);
      return EXIT.ok;
    }
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as ExperimentConfig;
    const parallel = cmd.parallel ?? availableParallelism();
    if (summary.kind === 'evolution' && config.evolve) {
      return await runEvolution({ config, configPath: summary.configPath ?? configFile, runDir, claim, nClasses: classCount(config), parallel, backend: cmd.backend, quiet: cmd.quiet, version, resume: true });
    }
    return await runExperiment({
      config, configPath: summary.configPath, runDir, claim, arms: summary.requestedArms, parallel, backend: cmd.backend, quiet: cmd.quiet,
      resume: true, retryFailed: cmd.retryFailed, version,
    });
  } finally {
    claim.release();
  }
}
