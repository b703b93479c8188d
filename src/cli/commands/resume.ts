/** `loss-lab resume <run folder>`: finish a stopped or failed experiment, sweep or evolution; completed work is kept. */
import { availableParallelism } from 'node:os';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ExperimentConfig } from '../../shared/config/types';
import { readSummary, RUN_FILES } from '../../shared/runner/run-folder';
import type { Command } from '../usage';
import { classCount } from '../../shared/data/check';
import { runEvolution } from './evolve';
import { runExperiment } from './experiment';

export async function resumeCommand(cmd: Extract<Command, { name: 'resume' }>, version: string): Promise<number> {
  const runDir = resolve(cmd.runDir);
  const configFile = join(runDir, RUN_FILES.config);
  const summary = readSummary(runDir);
  if (!existsSync(configFile) || !summary) {
    process.stderr.write(`${cmd.runDir} is not a Loss Lab run folder (it needs ${RUN_FILES.config} and ${RUN_FILES.summary})\n`);
    return 2;
  }
  if (summary.status === 'completed') {
    process.stderr.write(`${cmd.runDir}: every job already completed; nothing to resume\n`);
    return 0;
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as ExperimentConfig;
  const parallel = cmd.parallel ?? availableParallelism();
  if (summary.kind === 'evolution' && config.evolve) {
    return runEvolution({ config, configPath: summary.configPath ?? configFile, runDir, nClasses: classCount(config), parallel, backend: cmd.backend, quiet: cmd.quiet, version, resume: true });
  }
  return runExperiment({
    config, configPath: summary.configPath, runDir, arms: summary.requestedArms, parallel, backend: cmd.backend, quiet: cmd.quiet,
    resume: true, version,
  });
}
