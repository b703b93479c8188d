/**
 * What happens when loss-lab's own output cannot be written: the reader of a pipe has gone (EPIPE,
 * e.g. `loss-lab compare run | head -1`) or the file it goes to cannot grow (ENOSPC, EIO). Unhandled,
 * Node prints the stream's error with a stack trace and dies mid-command (a run would stop without
 * its trainers' last records). Instead the stream drops every later write and the command goes on
 * to its end: quietly for a gone reader, with one line on stderr and a failing exit code otherwise.
 */
import { writeSync } from 'node:fs';
import { EXIT } from './exit-codes';

const guarded = new WeakSet<NodeJS.WriteStream>();
let failed = false;

/** True once some output could not be written for another reason than a gone reader. */
export function outputFailed(): boolean {
  return failed;
}

export function guardOutput(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (e: NodeJS.ErrnoException) => {
    stream.write = (() => true) as typeof stream.write;
    if (e.code === 'EPIPE') return;
    failed = true;
    const which = stream === process.stdout ? 'standard output' : 'standard error';
    try {
      if (stream !== process.stderr) writeSync(2, `loss-lab: cannot write to ${which}: ${e.code ?? e.message}\n`);
    } catch {
      // stderr is gone too: the exit code still says it.
    }
    process.exitCode = EXIT.failed;
  });
}

/** Both output streams (creating them: not for `validate`, which writes with write(2) first). */
export function guardOutputs(): void {
  guardOutput(process.stdout);
  guardOutput(process.stderr);
}
