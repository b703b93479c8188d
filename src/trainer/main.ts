/**
 * Entry of the forked trainer process. Speaks `src/shared/protocol/trainer.ts`: sends `ready`, waits for
 * `start`, streams `metrics`, reports each `armDone`, then `done` (or `error`) and exits.
 */
import type { HostToTrainer, TrainerToHost } from '../shared/protocol/trainer';
import { assertNever } from '../shared/protocol/trainer';
import { runJobs } from './run-jobs';

let stopRequested = false;
let started = false;

function send(msg: TrainerToHost): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send || !process.connected) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

async function fail(e: unknown): Promise<never> {
  const err = e instanceof Error ? e : new Error(String(e));
  await send({ type: 'error', message: err.message, stack: err.stack });
  process.exit(1);
}

async function start(msg: Extract<HostToTrainer, { type: 'start' }>): Promise<void> {
  if (started) throw new Error("protocol error: a second 'start'");
  started = true;
  await runJobs(msg.config, msg.jobs, {
    runDir: msg.runDir,
    backend: msg.backend,
    onStarted: (info) => void send({ type: 'started', ...info }),
    onMetrics: (records) => void send({ type: 'metrics', records }),
    onArmDone: (result) => void send({ type: 'armDone', result }),
    shouldStop: () => stopRequested,
    allowUserCode: msg.allowUserCode,
  });
  await send({ type: 'done' });
  process.exit(0);
}

function handle(msg: HostToTrainer): void {
  switch (msg.type) {
    case 'start':
      start(msg).catch(fail);
      return;
    case 'stop':
      stopRequested = true;
      return;
    default:
      assertNever(msg);
  }
}

if (!process.send) {
  process.stderr.write('loss-lab trainer: this is a child process entry; run experiments with `loss-lab run <config>`\n');
  process.exit(2);
}
// Ctrl-C in a terminal reaches the whole process group: the host decides, and sends `stop`.
process.on('SIGINT', () => {});
// The host is gone: stop at the next step (metrics are flushed to disk), and never outlive it for long.
process.on('disconnect', () => {
  stopRequested = true;
  setTimeout(() => process.exit(1), 3000).unref();
  if (!started) process.exit(1);
});
process.on('uncaughtException', (e) => void fail(e));
process.on('unhandledRejection', (e) => void fail(e));
process.on('message', (m) => handle(m as HostToTrainer));
void send({ type: 'ready', pid: process.pid });
