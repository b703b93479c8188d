/**
 * Whether this machine's cores run two processes side by side at full speed: the same fixed work in
 * one process alone and in two processes at once, for a latency-bound scalar JS loop and for wasm
 * SIMD matrix products (what trainers do). A ratio near 1 means the processes do not slow each other;
 * near 2, they share one core's execution units (e.g. two hyper-threads of one physical core).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fmt, median } from './lib/stats';
import type { SystemRow } from './system';

const WORKER = join(__dirname, 'lib', 'cores-worker.ts');

function work(kind: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(Number(out.split(' ')[0])) : reject(new Error(`cores worker exited ${code}`))));
  });
}

export async function coresRows(rounds: number): Promise<SystemRow[]> {
  const rows: SystemRow[] = [];
  for (const kind of ['scalar', 'wasm']) {
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const alone = await work(kind);
      const together = await Promise.all([work(kind), work(kind)]);
      ratios.push(median(together) / alone);
    }
    rows.push({
      id: `cores-${kind}`,
      label: `Two processes at once / one alone, ${kind === 'scalar' ? 'scalar JS loop' : 'wasm SIMD matrix products (128 × 128)'}`,
      value: `${fmt(median(ratios))}× (${fmt(Math.min(...ratios))}–${fmt(Math.max(...ratios))})`,
      detail: `each process's wall time for the same work, ${rounds} rounds; 1× = the two processes do not slow each other (independent cores), 2× = they share one core's execution units`,
    });
  }
  return rows;
}
