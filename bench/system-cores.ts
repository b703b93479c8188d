/**
 * Whether this machine's cores run two processes side by side at full speed: the same fixed work in
 * one process alone and in two processes at once, for a latency-bound scalar JS loop and for wasm
 * SIMD matrix products (what trainers do), and, where PyTorch is installed, the same products in
 * PyTorch (one thread, native BLAS: whether any compute-bound code scales here, not only ours). A ratio
 * near 1 means the processes do not slow each other; near 2, they share one core's execution units
 * (e.g. two hyper-threads of one physical core).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fmt, median } from './lib/stats';
import { PYTHON } from './lib/system-packages';
import type { SystemRow } from './system';

const WORKER = join(__dirname, 'lib', 'cores-worker.ts');
const TORCH_WORKER = join(__dirname, 'torch', 'cores_worker.py');

const LABELS: Record<string, string> = {
  scalar: 'scalar JS loop',
  wasm: 'wasm SIMD matrix products (128 × 128)',
  torch: 'PyTorch matrix products (128 × 128, 1 thread)',
};

function work(kind: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const [cmd, args] = kind === 'torch' ? [PYTHON, [TORCH_WORKER]] : [process.execPath, ['--import', 'tsx', WORKER, kind]];
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(Number(out.split(' ')[0])) : reject(new Error(`cores worker exited ${code}`))));
  });
}

export async function coresRows(rounds: number, torchAvailable: boolean): Promise<SystemRow[]> {
  const rows: SystemRow[] = [];
  for (const kind of ['scalar', 'wasm', ...(torchAvailable ? ['torch'] : [])]) {
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const alone = await work(kind);
      const together = await Promise.all([work(kind), work(kind)]);
      ratios.push(median(together) / alone);
    }
    rows.push({
      id: `cores-${kind}`,
      label: `Two processes at once / one alone, ${LABELS[kind]}`,
      value: `${fmt(median(ratios))}× (${fmt(Math.min(...ratios))}–${fmt(Math.max(...ratios))})`,
      detail: `each process's wall time for the same work, ${rounds} rounds; 1× = the two processes do not slow each other (independent cores), 2× = they share one core's execution units`,
    });
  }
  return rows;
}
