/**
 * Taking a run folder for writing, before anything is written to it: the folder is made (or checked),
 * locked for one writer (run-lock.ts), checked to hold no other run (a fresh run never mixes with an
 * earlier one: `force` replaces a run folder's contents, nothing else is ever deleted), and a small
 * reserve of disk space is set aside, so that a run that fills the disk can still write its summary.
 */
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { errnoCode, fileOp, RunFolderError, RunFolderRefused } from './fs-errors';
import { acquireRunLock, LOCK_FILE, type RunLock } from './run-lock';
import { releaseReserve, RUN_FILES } from './run-folder';

const RESERVE_BYTES = 256 * 1024;

export type ClaimMode =
  /** A new run: the folder must not exist or be empty (or, with `force`, be an earlier run folder, which is cleared). */
  | { kind: 'new'; force?: boolean }
  /** Continue the run in the folder. */
  | { kind: 'resume' };

export interface RunFolderClaim {
  readonly dir: string;
  readonly lock: RunLock;
  /** Gives the reserve back (a resume sets it aside again) and releases the lock. */
  release(): void;
}

/** A run folder's own files: what `force` may delete. */
const RUN_FOLDER_MARKERS = [RUN_FILES.config, RUN_FILES.summary, RUN_FILES.metrics];

/** mkdir -p that fails with a clear error instead of recursing into what cannot hold folders (/proc, a file). */
function makeFolder(dir: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') fileOp('use', dir, () => { throw e; });
  }
  if (st) {
    if (!st.isDirectory()) throw new RunFolderError(`cannot use ${dir} as the run folder: it is a file, not a folder`, 'ENOTDIR', dir);
    return;
  }
  const parent = dirname(dir);
  if (parent !== dir) makeFolder(parent);
  fileOp('create the folder', dir, () => {
    try {
      mkdirSync(dir);
    } catch (e) {
      if (errnoCode(e) !== 'EEXIST') throw e;
    }
  });
  if (!statSync(dir).isDirectory()) throw new RunFolderError(`cannot create the folder ${dir}`, 'ENOTDIR', dir);
}

function ensureReserve(dir: string): void {
  const path = join(dir, RUN_FILES.reserve);
  try {
    if (lstatSync(path).size >= RESERVE_BYTES) return;
  } catch {
    // Not there yet.
  }
  fileOp('write', path, () => {
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, Buffer.alloc(RESERVE_BYTES));
    } finally {
      closeSync(fd);
    }
  });
}

function refuseOrClear(dir: string, force: boolean): void {
  const entries = fileOp('read the folder', dir, () => readdirSync(dir)).filter((n) => n !== LOCK_FILE && !n.startsWith(`${LOCK_FILE}.`));
  if (entries.length === 0) return;
  const isRunFolder = RUN_FOLDER_MARKERS.some((m) => entries.includes(m));
  if (!isRunFolder) throw new RunFolderRefused(`${dir} is not empty and is not a Loss Lab run folder; choose another --out (nothing was written)`);
  if (!force) {
    throw new RunFolderRefused(`${dir} already holds a run; use --force to replace it, or 'loss-lab resume ${dir}' to finish it (nothing was written)`);
  }
  for (const name of entries) fileOp('remove', join(dir, name), () => rmSync(join(dir, name), { recursive: true, force: true }));
}

/** Makes, locks and checks `dir` for a run, or throws RunFolderRefused / RunFolderError having written nothing of a run. */
export function claimRunFolder(dir: string, mode: ClaimMode, command: string): RunFolderClaim {
  makeFolder(dir);
  const lock = acquireRunLock(dir, command);
  try {
    if (mode.kind === 'new') refuseOrClear(dir, mode.force === true);
    ensureReserve(dir);
  } catch (e) {
    lock.release();
    throw e;
  }
  return {
    dir,
    lock,
    release: () => {
      releaseReserve(dir);
      lock.release();
    },
  };
}
