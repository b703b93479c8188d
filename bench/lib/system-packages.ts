/** The Python the benchmarks compare against, and installing its Debian packages with apt-get. */
import { spawnSync } from 'node:child_process';

export const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

/** Waits (up to 10 min) for another apt/dpkg run to release its lock instead of failing at once. */
const LOCK_WAIT = '-o DPkg::Lock::Timeout=600';

/**
 * Installs Debian packages with apt-get: as root, or through sudo (which must not wait for a
 * password off a terminal). Says what it does on stderr; returns whether apt-get succeeded.
 */
export function aptInstall(packages: string[], why: string): boolean {
  const root = process.getuid?.() === 0;
  const hasSudo = !root && spawnSync('sh', ['-c', 'command -v sudo'], { stdio: 'ignore' }).status === 0;
  if (!root && !hasSudo) {
    console.error(`${why}: not root and no sudo, cannot run apt-get.`);
    return false;
  }
  const sudo = root ? '' : process.stdin.isTTY ? 'sudo ' : 'sudo -n ';
  const list = packages.join(' ');
  console.error(`${why}: installing ${list} with ${sudo}apt-get (once)…`);
  const r = spawnSync('sh', ['-c', `${sudo}apt-get ${LOCK_WAIT} update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get ${LOCK_WAIT} install -y -qq ${list}`], { stdio: 'inherit' });
  if (r.status !== 0) console.error(`apt-get install ${list} failed (exit ${r.status ?? r.signal}).`);
  return r.status === 0;
}
