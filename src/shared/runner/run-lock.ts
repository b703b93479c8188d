/**
 * One writer per run folder: `run`, `resume` and the extension hold `.losslab.lock` in the folder while
 * they write it. The lock is created atomically (written to a temp file, then hard-linked into place,
 * which fails if a lock exists), names its holder (pid, host, start time, command), and is stale when
 * its process is gone from this host (or the pid now belongs to another process): a stale lock is
 * taken over, with a note. A lock held on another host is never taken over.
 *
 * Taking over is removing the stale lock and linking one's own. Two processes that both judged the
 * same lock stale must not both remove "it": the second would remove the first one's new lock. So a
 * stale lock is removed only under a second, short-lived lock (`.losslab.lock.takeover`, taken the same
 * way), and only if the lock file still holds what was judged stale.
 */
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { errnoCode, fileOp, RunFolderRefused } from './fs-errors';

export const LOCK_FILE = '.losslab.lock';
const TAKEOVER_FILE = `${LOCK_FILE}.takeover`;
/** How long to wait for another process's takeover, in 2 ms naps. */
const TAKEOVER_NAPS = 1000;

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
  return parseHolder(readText(join(dir, LOCK_FILE)));
}

/** The file's text, or undefined when it does not exist (or cannot be read). */
function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parseHolder(text: string | undefined): LockHolder | undefined {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as LockHolder);
  } catch {
    return undefined;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') fileOp('remove', path, () => { throw e; });
  }
}

const nap = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Removes the lock file of `dir` if it still reads `staleText`, under the takeover lock (`tmp` is our
 * holder file, to link as that lock). True when it was removed; false when another process is taking
 * over (after a nap) or the lock changed meanwhile: the caller looks again.
 */
function removeStaleLock(dir: string, tmp: string, staleText: string): boolean {
  const guard = join(dir, TAKEOVER_FILE);
  try {
    linkSync(tmp, guard);
  } catch (e) {
    if (errnoCode(e) !== 'EEXIST') fileOp('create', guard, () => { throw e; });
    const other = parseHolder(readText(guard));
    // A process that died within its takeover leaves the guard behind.
    if (other && !holderAlive(other)) removeQuietly(guard);
    else nap(2);
    return false;
  }
  try {
    if (readText(join(dir, LOCK_FILE)) !== staleText) return false;
    removeQuietly(join(dir, LOCK_FILE));
    return true;
  } finally {
    removeQuietly(guard);
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
        if (errnoCode(e) !== 'EEXIST' || attempt > TAKEOVER_NAPS) fileOp('create', path, () => { throw e; });
      }
      const text = readText(path);
      if (text === undefined) continue; // released meanwhile
      const holder = parseHolder(text);
      if (holder && holderAlive(holder)) {
        throw new RunFolderRefused(`${dir} is being written by ${describeHolder(holder)}; one writer per run folder: wait for it to end, or stop it`);
      }
      // Gone (or unreadable: a lock is complete once linked, so only a foreign file can be): take it over.
      if (removeStaleLock(dir, tmp, text)) {
        tookOver = holder ? `took over the stale lock of ${describeHolder(holder)}, which is no longer running` : 'replaced an unreadable lock file';
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
