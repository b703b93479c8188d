/** The `loss-lab` command: the same trainer as the extension, headless. */
import { compareCommand } from './commands/compare';
import { gradcheckCommand } from './commands/gradcheck';
import { resumeCommand } from './commands/resume';
import { runCommand } from './commands/run';
import { validateCommand } from './commands/validate';
import { EXIT } from './exit-codes';
import { reportFolderError } from './folder-errors';
import { parseCommand, USAGE, UsageError } from './usage';
import { version } from '../../package.json';

async function main(argv: string[]): Promise<number> {
  let cmd;
  try {
    cmd = parseCommand(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`loss-lab: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  switch (cmd.name) {
    case 'help':
      process.stdout.write(`loss-lab ${version}\n\n${USAGE}\n`);
      return 0;
    case 'validate':
      return validateCommand(cmd.config);
    case 'run':
      return runCommand(cmd, version);
    case 'resume':
    case 'attach':
      return resumeCommand(cmd, version);
    case 'compare':
      return compareCommand(cmd);
    case 'gradcheck':
      return gradcheckCommand(cmd);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // One line, never a stack trace (LOSSLAB_DEBUG=1 shows it).
    const known = reportFolderError(e);
    if (known === undefined) process.stderr.write(`loss-lab: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.LOSSLAB_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exitCode = known ?? EXIT.failed;
  },
);
