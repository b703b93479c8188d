/**
 * The commands that train or read run folders. main.ts loads this module only when one of them runs
 * (the build makes it its own file, dist/cli-commands.js), so that `loss-lab validate` and `help` do
 * not load the runners. A run-folder error is reported here, where its classes come from: main.ts has
 * no copy of them.
 */
import { reportFolderError } from '../folder-errors';
import type { Command } from '../usage';
import { analyseCommand } from './analyse';
import { compareCommand } from './compare';
import { gradcheckCommand } from './gradcheck';
import { resumeCommand } from './resume';
import { runCommand } from './run';

export type RunFolderCommand = Exclude<Command, { name: 'help' | 'validate' }>;

export async function runFolderCommand(cmd: RunFolderCommand, version: string): Promise<number> {
  try {
    switch (cmd.name) {
      case 'run':
        return await runCommand(cmd, version);
      case 'resume':
      case 'attach':
        return await resumeCommand(cmd, version);
      case 'compare':
        return await compareCommand(cmd);
      case 'gradcheck':
        return await gradcheckCommand(cmd);
      case 'hessian':
      case 'landscape':
        return await analyseCommand(cmd);
    }
  } catch (e) {
    const known = reportFolderError(e);
    if (known === undefined) throw e;
    if (process.env.LOSSLAB_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    return known;
  }
}
