// Where a step's time goes. Runs one step workload many times on one backend:
//   node --import tsx bench/profile.ts mlp-mse [steps] [backend] [--kernels]
// --kernels: time per kernel name over 30 steps (tf.profile), and kernels per step.
// For a JS CPU profile: node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts …
// then: node bench/lib/summarise-profile.mjs /tmp/prof/<file>.cpuprofile
import * as tf from '@tensorflow/tfjs-core';
import '../src/trainer/tfjs-gradients';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src/trainer/backend';
import { WORKLOADS, type OursWorkload } from './workloads';

async function kernelTimes(ours: OursWorkload): Promise<void> {
  const agg = new Map<string, { n: number; ms: number }>();
  const reps = 30;
  for (let r = 0; r < reps; r++) {
    const info = await tf.profile(() => {
      ours.step();
    });
    for (const k of info.kernels) {
      const a = agg.get(k.name) ?? { n: 0, ms: 0 };
      a.n++;
      a.ms += k.kernelTimeMs as number;
      agg.set(k.name, a);
    }
  }
  const rows = [...agg].sort((a, b) => b[1].ms - a[1].ms);
  const count = rows.reduce((s, [, a]) => s + a.n, 0) / reps;
  const ms = rows.reduce((s, [, a]) => s + a.ms, 0) / reps;
  console.log(`${count.toFixed(0)} kernels per step, ${ms.toFixed(2)} ms of kernel time per step`);
  for (const [name, a] of rows) console.log(`${name.padEnd(32)} ${(a.n / reps).toFixed(1).padStart(5)}/step ${(a.ms / reps).toFixed(3).padStart(8)} ms`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const [id = 'mlp-mse', steps = '300', backend = 'wasm'] = args;
  await initBackend(backend);
  const spec = WORKLOADS.find((w) => w.id === id);
  if (!spec) throw new Error(`unknown workload ${id}; one of ${WORKLOADS.map((w) => w.id).join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'losslab-prof-'));
  const { ours } = spec.prepare(dir);
  for (let i = 0; i < 20; i++) ours.step();
  if (process.argv.includes('--kernels')) await kernelTimes(ours);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < Number(steps); i++) ours.step();
  const cpu = process.cpuUsage(c0);
  console.log(`${id} on ${backend}: ${((performance.now() - t0) / Number(steps)).toFixed(3)} ms/step wall, ${((cpu.user + cpu.system) / 1000 / Number(steps)).toFixed(3)} ms/step CPU`);
  ours.dispose();
  rmSync(dir, { recursive: true, force: true });
}

void main();
