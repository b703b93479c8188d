/**
 * One writer per run folder: `run`, `resume` and the extension hold `.losslab.lock` in the folder while
 * they write it. The lock is created atomically (written to a temp file, then hard-linked into place,
 * which fails if a lock exists), names its holder (pid, host, start time, command), and is stale when
 * its process is gone from this host (or the pid now belongs to another process): a stale lock is
 * taken over, with a note. A lock held on another host is never taken over.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errnoCode, fileOp, RunFolderRefused } from './fs-errors';

export const LOCK_FILE = '.losslab.lock';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  /** What holds it, e.g. "loss-lab run" or "VS Code". */
  command: string;
  /** The process's start time in clock ticks since boot (Linux), to tell a reused pid apart. */
  procStart?: number;
}

export interface RunLock {
  readonly dir: string;
  /** Set when a stale lock was taken over: what it said. */
  readonly tookOver?: string;
  release(): void;
}

/** A process's start time from /proc (Linux only; undefined elsewhere or when it is gone). */
function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the parenthesised command name (which may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const v = Number(fields[19]);
    return Number.isFinite(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}

export function readLock(dir: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

/** Whether the holder is a live process (on another host: assumed live, since it cannot be checked). */
export function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (!processAlive(holder.pid)) return false;
  const start = processStart(holder.pid);
  return holder.procStart === undefined || start === undefined || start === holder.procStart;
}

export function describeHolder(h: LockHolder): string {
  return `${h.command} (pid ${h.pid} on ${h.host}, since ${h.startedAt})`;
}

/** Takes the folder's lock or throws RunFolderRefused naming the holder. The folder must exist. */
export function acquireRunLock(dir: string, command: string): RunLock {
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command, procStart: processStart(process.pid) };
  const tmp = join(dir, `${LOCK_FILE}.${process.pid}.tmp`);
  let tookOver: string | undefined;
  fileOp('write', tmp, () => writeFileSync(tmp, JSON.stringify(me) + '\n'));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, path);
        break;
      } catch (e) {
        if (errnoCode(e) !== 'EEXIST' || attempt > 3) fileOp('create', path, () => { throw e; });
      }
      const holder = readLock(dir);
      if (holder && holderAlive(holder)) {
        throw new RunFolderRefused(`${dir} is being written by ${describeHolder(holder)}; one writer per run folder: wait for it to end, or stop it`);
      }
      // Gone (or unreadable: a lock is complete once linked, so only a foreign file can be): take it over.
      tookOver = holder ? `took over the stale lock of ${describeHolder(holder)}, which is no longer running` : 'replaced an unreadable lock file';
      try {
        unlinkSync(path);
      } catch (e) {
        if (errnoCode(e) !== 'ENOENT') fileOp('remove', path, () => { throw e; });
      }
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      // Already gone.
    }
  }
  let released = false;
  return {
    dir,
    tookOver,
    release: () => {
      if (released) return;
      released = true;
      // Only our own lock: never remove one a later writer took over.
      if (readLock(dir)?.pid !== process.pid) return;
      try {
        unlinkSync(path);
      } catch {
        // Gone already, or the folder is unwritable: the next writer finds it stale.
      }
    },
  };
}
