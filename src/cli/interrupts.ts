/**
 * Ctrl-C and SIGTERM for a running experiment: the first stops every job after its current step (the
 * summary is written, the run can be resumed), a second one kills the trainers.
 */
export interface Stoppable {
  stop(): void;
  kill(): void;
}

export interface Interrupts {
  count(): number;
  /** The signal that stopped the run first, if any. */
  signal(): NodeJS.Signals | undefined;
  dispose(): void;
}

/**
 * Starts `run` with Ctrl-C and SIGTERM handled (onInterrupt); `after` runs once it ends, however it
 * ends (the executor closed, progress ended), before the handlers are removed.
 */
export async function startInterruptible<T>(run: Stoppable & { start(): Promise<T> }, after: () => Promise<void> | void): Promise<{ result: T; interrupts: Interrupts }> {
  const interrupts = onInterrupt(run);
  try {
    return { result: await run.start(), interrupts };
  } finally {
    await after();
    interrupts.dispose();
  }
}

export function onInterrupt(run: Stoppable): Interrupts {
  let interrupts = 0;
  let first: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    interrupts++;
    first ??= signal;
    if (interrupts === 1) {
      process.stderr.write(`\n${signal === 'SIGTERM' ? 'terminated' : 'interrupted'}: stopping after the current step… (${signal === 'SIGTERM' ? 'another SIGTERM' : 'Ctrl-C again'} to kill)\n`);
      run.stop();
    } else run.kill();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    count: () => interrupts,
    signal: () => first,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
