import { writeSync } from 'node:fs';
import { loadConfigFile, formatProblem } from '../../shared/config';
import { checkConfigData } from '../../shared/data/check';
import { guardOutput } from '../output-errors';

let viaStream = false;
let readerGone = false;

/**
 * Writes to stdout with a plain write(2), so that `validate` does not create `process.stdout` (for a
 * pipe, that loads Node's stream and net modules: measurable in its start-up). Falls back to the
 * stream, for this and every later line, when a write fails or stalls (a full non-blocking pipe);
 * stops writing when the reader has gone (EPIPE, e.g. `| head -1`).
 */
function print(text: string): void {
  let rest = Buffer.from(text);
  while (!viaStream && !readerGone && rest.length > 0) {
    try {
      const n = writeSync(1, rest);
      if (n === 0) viaStream = true;
      rest = rest.subarray(n);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') readerGone = true;
      else viaStream = true;
    }
  }
  if (readerGone || rest.length === 0) return;
  guardOutput(process.stdout);
  process.stdout.write(rest);
}

/** Prints each problem of the config, then of its CSV dataset, as `file:line:column: message`; 1 if any error. */
export function validateCommand(configPath: string): number {
  const { config, problems } = loadConfigFile(configPath);
  for (const p of problems) print(formatProblem(configPath, p) + '\n');
  const dataProblems = config ? checkConfigData(config).problems : [];
  for (const p of dataProblems) print(p + '\n');
  const errors = problems.filter((p) => p.severity === 'error').length + dataProblems.length;
  if (errors === 0) print(`${configPath}: valid\n`);
  return errors > 0 ? 1 : 0;
}
