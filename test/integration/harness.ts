/**
 * A tiny test runner for the extension host (no mocha): tests are async functions run in order, each
 * with a time limit; results go to the console and, when LOSSLAB_E2E_RESULTS is set, to that file.
 */
import { appendFileSync } from 'node:fs';

interface Case {
  name: string;
  fn: () => Promise<void>;
  timeoutMs: number;
}

const cases: Case[] = [];

export function test(name: string, fn: () => Promise<void>, timeoutMs = 60000): void {
  cases.push({ name, fn, timeoutMs });
}

function report(line: string): void {
  console.log(line);
  if (process.env.LOSSLAB_E2E_RESULTS) appendFileSync(process.env.LOSSLAB_E2E_RESULTS, `${line}\n`);
}

export async function runAll(suite: string): Promise<void> {
  let failed = 0;
  report(`# ${suite}: ${cases.length} tests`);
  for (const c of cases) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        c.fn(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${c.timeoutMs} ms`)), c.timeoutMs))),
      ]);
      report(`ok - ${c.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      report(`not ok - ${c.name} (${Date.now() - started} ms)\n${String((e as Error)?.stack ?? e).replace(/^/gm, '    ')}`);
    } finally {
      clearTimeout(timer);
    }
  }
  report(`# ${suite}: ${cases.length - failed} passed, ${failed} failed`);
  if (failed) throw new Error(`${failed} of ${cases.length} extension tests failed`);
}

/** Polls until `check` returns a truthy value (or throws the last error after `timeoutMs`). */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
