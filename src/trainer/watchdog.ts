/**
 * A watchdog that does not depend on the trainer's event loop: a worker thread that ends the trainer
 * process when its host is gone (the parent pid changed) or when a job makes no progress for too long.
 * User code (a custom loss) can block the main thread forever, and then neither the IPC `disconnect`
 * handler nor a `stop` message can run; the worker still can. It reports why on stderr (the host
 * turns the marker line into the arm's reason) and kills the process with SIGKILL: every metric batch
 * already written stays on disk, since the metric sink writes whole batches synchronously.
 */
import { Worker } from 'node:worker_threads';
import { WATCHDOG_MARKER } from '../shared/protocol/trainer';

export type Phase = 'setup' | 'step' | 'eval' | 'probe';

/** How much longer than one training step each phase may take. */
export const PHASE_ALLOWANCE: Record<Phase, number> = { setup: 20, step: 1, eval: 5, probe: 20 };

/** `train.stepTimeout` when a config has none (the schema's default). */
export const DEFAULT_STEP_TIMEOUT_SEC = 120;

/** After the host is gone, the cooperative path (disconnect → stop at the next step) gets this long. */
const HOST_GONE_GRACE_MS = 3000;
const POLL_MS = 200;

// Slots of the shared array: [last progress (ms since epoch), step, allowance ms (0 = idle), parent pid, grace ms].
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const s = new Float64Array(workerData.buffer);
let hostGoneAt = 0;
const die = (why) => {
  try { writeSync(2, '\\n${WATCHDOG_MARKER}' + why + '\\n'); } catch {}
  process.kill(process.pid, 'SIGKILL');
};
setInterval(() => {
  const now = Date.now();
  if (process.ppid !== s[3]) {
    if (!hostGoneAt) hostGoneAt = now;
    else if (now - hostGoneAt > s[4]) die('the host process is gone; the trainer was ended');
  }
  const allowance = s[2];
  if (allowance > 0 && now - s[0] > allowance) {
    die('no progress for ' + Math.round(allowance / 100) / 10 + ' s at step ' + s[1] + ' (train.stepTimeout); the trainer was ended');
  }
}, ${POLL_MS});
`;

export class Watchdog {
  private readonly shared = new Float64Array(new SharedArrayBuffer(5 * Float64Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;
  private stepTimeoutMs = 120_000;

  constructor(parentPid = process.ppid) {
    this.shared[3] = parentPid;
    this.shared[4] = HOST_GONE_GRACE_MS;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { buffer: this.shared.buffer } });
    this.worker.unref();
  }

  /** The work's `train.stepTimeout`, in seconds. */
  setStepTimeout(seconds: number): void {
    this.stepTimeoutMs = seconds * 1000;
  }

  /** Progress: a phase of `step` begins now; the next call must come within its allowance. */
  beat(step: number, phase: Phase): void {
    this.shared[0] = Date.now();
    this.shared[1] = step;
    this.shared[2] = this.stepTimeoutMs * PHASE_ALLOWANCE[phase];
  }

  /** No work: only the host is watched. */
  idle(): void {
    this.shared[2] = 0;
  }
}
