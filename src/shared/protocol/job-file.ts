/**
 * The channel between a cluster host and a trainer started by a batch system (`trainer.js --job-file F`):
 * files on a file system both can see, instead of IPC. The host writes the job file; the trainer
 * appends its records to `metricsFile` (one JSON line each) and rewrites `statusFile` atomically
 * (temp file + rename) whenever something in it changes. The trainer stops cooperatively on SIGTERM,
 * or before it starts when `stopFile` exists. The host never writes the trainer's files.
 */
import type { ExperimentConfig } from '../config/types';
import type { ArmResult } from '../metrics';
import type { Job } from './trainer';

/** Host → trainer: one unit of work. Paths are absolute. */
export interface JobFile {
  config: ExperimentConfig;
  jobs: Job[];
  backend?: string;
  allowUserCode: boolean;
  metricsFile: string;
  /** The run folder (weights are saved there); job files written before it existed lack it. */
  runDir?: string;
  statusFile: string;
  /** Written by the host to stop a trainer that had not started yet when the stop was requested. */
  stopFile: string;
}

/** Trainer → host: the whole state of a unit (the file is replaced, never appended to). */
export interface JobStatus {
  /** Set once the backend is initialised and the data loaded. */
  started?: { backend: string; totalSteps: number; dataInfo: string[]; pid: number; host: string };
  /** One per job that ended, in the order they ended. */
  results: ArmResult[];
  /** A fatal error of the trainer (its jobs without a result did not run). */
  error?: { message: string; stack?: string };
  /** Every job has its result (or the error is set): the trainer exits next. */
  done: boolean;
}
