/**
 * Entry of the forked trainer process. Speaks `src/shared/protocol/trainer.ts`: sends `ready`, waits for
 * `start`, streams `metrics`, reports each `armDone`, then `done` (or `error`, and exits). After `done`
 * it waits for the next `start` (the host reuses warm trainers: no second fork, bundle load and backend
 * initialisation), and exits when the host disconnects or after a stopped work.
 */
import type { HostToTrainer, TrainerToHost } from '../shared/protocol/trainer';
import { assertNever } from '../shared/protocol/trainer';
import { jobFileArgument, runJobFile } from './job-file-main';
import { forgetUserModules } from './methods/custom-loader';
import { runJobs } from './run-jobs';
import { DEFAULT_STEP_TIMEOUT_SEC, Watchdog } from './watchdog';

let stopRequested = false;
let working = false;
let lastRunDir: string | undefined;
let watchdog: Watchdog | undefined;

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
  if (working) throw new Error("protocol error: 'start' while a work is running");
  working = true;
  // A warm trainer may serve several runs (the extension keeps it between them): user loss modules are
  // loaded once per run, so edits made since the last run apply.
  if (msg.runDir !== lastRunDir) forgetUserModules();
  lastRunDir = msg.runDir;
  watchdog?.setStepTimeout(msg.config.train.stepTimeout ?? DEFAULT_STEP_TIMEOUT_SEC);
  await runJobs(msg.config, msg.jobs, {
    runDir: msg.runDir,
    backend: msg.backend,
    onStarted: (info) => void send({ type: 'started', ...info }),
    onBatch: (batch) => void send({ type: 'metrics', batch }),
    onArmDone: (result) => void send({ type: 'armDone', result }),
    shouldStop: () => stopRequested,
    allowUserCode: msg.allowUserCode,
    onProgress: (step, phase) => watchdog?.beat(step, phase),
  });
  watchdog?.idle();
  await send({ type: 'done' });
  working = false;
  // A stop ends the process, not just the work: the host is tearing down.
  if (stopRequested || !process.connected) process.exit(0);
}

function handle(msg: HostToTrainer): void {
  switch (msg.type) {
    case 'start':
      start(msg).catch(fail);
      return;
    case 'stop':
      stopRequested = true;
      if (!working) process.exit(0);
      return;
    default:
      assertNever(msg);
  }
}

function serveHost(): void {
  if (!process.send) {
    process.stderr.write('loss-lab trainer: this is a child process entry; run experiments with `loss-lab run <config>`\n');
    process.exit(2);
  }
  // Ctrl-C in a terminal reaches the whole process group: the host decides, and sends `stop`.
  process.on('SIGINT', () => {});
  // The host is gone or done with this trainer: an idle trainer exits now; a working one stops at the next
  // step and never outlives the host for long (the watchdog ends it even when its event loop is blocked).
  process.on('disconnect', () => {
    stopRequested = true;
    if (!working) process.exit(0);
    setTimeout(() => process.exit(1), 3000).unref();
  });
  process.on('uncaughtException', (e) => void fail(e));
  process.on('unhandledRejection', (e) => void fail(e));
  process.on('message', (m) => handle(m as HostToTrainer));
  watchdog = new Watchdog();
  void send({ type: 'ready', pid: process.pid });
}

const jobFile = jobFileArgument(process.argv);
// A batch system's task: its parent is the job step (Slurm's slurmstepd), which the watchdog watches.
if (jobFile !== undefined) runJobFile(jobFile, new Watchdog());
else serveHost();
