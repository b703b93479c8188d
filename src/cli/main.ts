/** The `loss-lab` command: the same trainer as the extension, headless. */
import { validateCommand } from './commands/validate';
import { EXIT } from './exit-codes';
import { guardOutputs, outputFailed } from './output-errors';
import { parseCommand, USAGE, UsageError } from './usage';
import { version } from '../../package.json';

async function main(argv: string[]): Promise<number> {
  let cmd;
  try {
    cmd = parseCommand(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    guardOutputs();
    process.stderr.write(`loss-lab: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  switch (cmd.name) {
    case 'help':
      guardOutputs();
      process.stdout.write(`loss-lab ${version}\n\n${USAGE}\n`);
      return 0;
    case 'validate':
      return validateCommand(cmd.config);
    default: {
      guardOutputs();
      // Loaded on demand (its own bundle): validate and help start without the runners.
      const { runFolderCommand } = await import('./commands/dispatch');
      return runFolderCommand(cmd, version);
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = outputFailed() && code === EXIT.ok ? EXIT.failed : code;
  },
  (e: unknown) => {
    // One line, never a stack trace (LOSSLAB_DEBUG=1 shows it).
    process.stderr.write(`loss-lab: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.LOSSLAB_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exitCode = EXIT.failed;
  },
);
