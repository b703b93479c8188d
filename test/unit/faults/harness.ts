/**
 * Fault injection around the CLI: temp folders, the real `dist/cli.js` in child processes, process
 * checks by pid (never by name: other test runs may be alive), and small tmpfs mounts for a full or
 * read-only disk. Every test kills only what it started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, tinyConfigObject } from '../../helpers/config';

export const CLI = join(DIST, 'cli.js');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `losslab-fault-${prefix}-`));
}

export function writeConfig(dir: string, overrides: Record<string, unknown> = {}, name = 'exp.losslab.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(tinyConfigObject(overrides), null, 2));
  return file;
}

/** A run that lasts far longer than any test waits: it is stopped or killed by the test. */
export const LONG_TRAIN = { train: { epochs: 100000, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } } };

export function runCli(args: string[], timeout = 120_000) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout });
}

export interface LiveCli {
  child: ChildProcess;
  pid: number;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

export function startCli(args: string[]): LiveCli {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, pid: child.pid!, out: () => out, err: () => err, exited };
}

export async function waitFor(what: string, pred: () => boolean, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function childPids(pid: number): number[] {
  return spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
}

export { alive } from '../../helpers/process';

export function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
}

/** Every line of a JSON-lines file, parsed strictly: a torn or invalid line fails the test. */
export function strictLines<T = Record<string, unknown>>(path: string): T[] {
  const text = readFileSync(path, 'utf8');
  if (text.length > 0 && !text.endsWith('\n')) throw new Error(`${path} ends in an incomplete line`);
  return text.split('\n').filter((l) => l !== '').map((l, i) => {
    try {
      return JSON.parse(l) as T;
    } catch {
      throw new Error(`${path}:${i + 1} is not valid JSON: ${l.slice(0, 80)}`);
    }
  });
}

export function readJson<T = Record<string, any>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** A tmpfs of `size` at `dir` (root only); false when this machine does not allow it. */
export function mountTmpfs(dir: string, size: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]).status === 0;
}

export function remount(dir: string, options: string): void {
  const r = spawnSync('mount', ['-o', `remount,${options}`, dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`remount ${options} ${dir}: ${r.stderr}`);
}

export function unmount(dir: string): void {
  spawnSync('umount', [dir]);
}

/** Whether mounting works here: the disk tests need root (CI and these machines run as root). */
export function canMount(): boolean {
  const dir = tempDir('probe');
  if (!mountTmpfs(dir, '64k')) return false;
  unmount(dir);
  return true;
}

export const NO_STACK = /\n\s+at .+:\d+:\d+/;
