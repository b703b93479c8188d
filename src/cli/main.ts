/** The `loss-lab` command: the same trainer as the extension, headless. */
import { gradcheckCommand } from './commands/gradcheck';
import { resumeCommand } from './commands/resume';
import { runCommand } from './commands/run';
import { validateCommand } from './commands/validate';
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
    case 'gradcheck':
      return gradcheckCommand(cmd);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    process.stderr.write(`loss-lab: ${e.stack ?? e.message}\n`);
    process.exitCode = 1;
  },
);
