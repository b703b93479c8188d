/**
 * The trainer started by a batch system (`trainer.js --job-file F`, see `src/shared/protocol/job-file.ts`):
 * no IPC, the files are the channel. SIGTERM (`scancel --signal=TERM`, or Slurm's warning before a time
 * limit) is a cooperative stop: the step finishes, records are flushed, the result is written, then exit.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { JobFile, JobStatus } from '../shared/protocol/job-file';
import { runJobs } from './run-jobs';
import { DEFAULT_STEP_TIMEOUT_SEC, type Watchdog } from './watchdog';

/** The value of `--job-file`, if the process was started with it. */
export function jobFileArgument(argv: string[]): string | undefined {
  const i = argv.indexOf('--job-file');
  return i >= 0 ? argv[i + 1] ?? '' : undefined;
}

function writeStatus(file: string, status: JobStatus): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(status) + '\n');
  renameSync(tmp, file);
}

export function runJobFile(path: string, watchdog: Watchdog): void {
  const work = JSON.parse(readFileSync(path, 'utf8')) as JobFile;
  watchdog.setStepTimeout(work.config.train.stepTimeout ?? DEFAULT_STEP_TIMEOUT_SEC);
  const status: JobStatus = { results: [], done: false };
  let stopRequested = existsSync(work.stopFile);
  process.on('SIGTERM', () => {
    stopRequested = true;
  });
  const fail = (e: unknown): void => {
    const err = e instanceof Error ? e : new Error(String(e));
    status.error = { message: err.message, stack: err.stack };
    status.done = true;
    writeStatus(work.statusFile, status);
    process.exit(1);
  };
  // Registered before the IPC entry's handlers, which have no host to tell here; this one exits first.
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
  writeStatus(work.statusFile, status);
  runJobs(work.config, work.jobs, {
    metricsFile: work.metricsFile,
    runDir: work.runDir,
    backend: work.backend,
    allowUserCode: work.allowUserCode,
    shouldStop: () => stopRequested,
    onProgress: (step, phase) => watchdog.beat(step, phase),
    onStarted: (info) => {
      status.started = { ...info, pid: process.pid, host: hostname() };
      writeStatus(work.statusFile, status);
    },
    onArmDone: (result) => {
      status.results.push(result);
      writeStatus(work.statusFile, status);
    },
  }).then(() => {
    status.done = true;
    writeStatus(work.statusFile, status);
    process.exit(0);
  }, fail);
}
