/** Ctrl-C for a running experiment: the first stops after the current step, the second kills. */
export interface Stoppable {
  stop(): void;
  kill(): void;
}

export function onInterrupt(run: Stoppable): { count(): number; dispose(): void } {
  let interrupts = 0;
  const handler = (): void => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('\nstopping after the current step… (Ctrl-C again to kill)\n');
      run.stop();
    } else run.kill();
  };
  process.on('SIGINT', handler);
  return { count: () => interrupts, dispose: () => process.off('SIGINT', handler) };
}
