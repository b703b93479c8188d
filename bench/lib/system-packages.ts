/** The Python the benchmarks compare against, and installing its Debian packages with apt-get. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

const APT_INSTALL = join(__dirname, '..', '..', 'scripts', 'apt-install.sh');

/**
 * Installs Debian packages with apt-get (scripts/apt-install.sh): as root, or through sudo (which
 * must not wait for a password off a terminal), waiting up to 10 min for another apt or dpkg run to
 * release its locks. Says what it does on stderr; returns whether apt-get succeeded.
 */
export function aptInstall(packages: string[], why: string): boolean {
  const list = packages.join(' ');
  console.error(`${why}: installing ${list} with apt-get (once)…`);
  const r = spawnSync('bash', [APT_INSTALL, ...packages], { stdio: 'inherit' });
  if (r.status !== 0) console.error(`apt-get install ${list} failed (exit ${r.status ?? r.signal}).`);
  return r.status === 0;
}
