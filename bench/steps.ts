/**
 * Step benchmarks, ours against PyTorch, measured alternately: after a warm-up, each round runs N
 * steps on our side and N steps in the persistent PyTorch worker (which side goes first alternates),
 * so both sides see the same machine noise. Each step is timed in process CPU time (robust to
 * preemption by other jobs on a shared machine) and wall time. Reported: the median step time of
 * each side over all rounds, and the median and range of the per-round ratios ours/PyTorch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { performance } from 'node:perf_hooks';
import { median } from './lib/stats';
import type { TorchWorker } from './lib/torch-worker';
import type { WorkloadSpec } from './workloads';

export interface StepResult {
  id: string;
  label: string;
  backend: string;
  /** Median process CPU time per step (ms): robust to preemption on a shared machine. */
  oursMs: number;
  torchMs: number;
  /** Per-round ratios ours/PyTorch of the round medians of CPU time per step. */
  ratios: number[];
  /** Median wall time per step (ms) and per-round wall ratios. */
  oursWallMs: number;
  torchWallMs: number;
  wallRatios: number[];
  /** Relative difference of the first step's loss between the sides (same data, same initial weights). */
  lossAgreement: number;
  error?: string;
}

export interface StepOptions {
  rounds: number;
  /** Target wall time of one side's block in a round. */
  blockMs: number;
  maxSteps: number;
}

interface Times {
  wall: number[];
  cpu: number[];
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

function timeOurs(step: () => number, n: number): Times {
  const out: Times = { wall: [], cpu: [] };
  for (let i = 0; i < n; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    step();
    out.wall.push(performance.now() - t0);
    out.cpu.push(cpuMs(process.cpuUsage(c0)));
  }
  return out;
}

export async function benchStep(spec: WorkloadSpec, dir: string, torch: TorchWorker | undefined, backend: string, opts: StepOptions): Promise<StepResult> {
  const result: StepResult = {
    id: spec.id, label: spec.label, backend, oursMs: NaN, torchMs: NaN, ratios: [], oursWallMs: NaN, torchWallMs: NaN, wallRatios: [], lossAgreement: NaN,
  };
  const before = tf.memory().numTensors;
  let ours;
  try {
    const prepared = spec.prepare(dir);
    ours = prepared.ours;
    const firstOurs = ours.step();
    if (torch) {
      const firstTorch = await torch.setup(prepared.manifest);
      result.lossAgreement = Math.abs(firstOurs - firstTorch) / Math.max(1e-12, Math.abs(firstTorch));
    }
    // Warm-up, and a step count per block from the warm-up's speed. Steps of seconds (the CNN on the
    // plain-JS cpu backend) get one warm-up step and one round of two.
    const t0 = performance.now();
    ours.step();
    const verySlow = performance.now() - t0 > 2000;
    const warm = median(timeOurs(ours.step, verySlow ? 0 : 2).wall.concat(performance.now() - t0));
    const warmTorch = torch ? median((await torch.run(3)).wall) : warm;
    const n = verySlow ? 2 : Math.max(2, Math.min(opts.maxSteps, Math.round(opts.blockMs / Math.max(warm, warmTorch))));
    const rounds = verySlow ? 1 : opts.rounds;
    const all = { ours: { wall: [], cpu: [] } as Times, torch: { wall: [], cpu: [] } as Times };
    for (let r = 0; r < rounds; r++) {
      let o: Times = { wall: [], cpu: [] };
      let t: Times = { wall: [], cpu: [] };
      if (r % 2 === 0 || !torch) {
        o = timeOurs(ours.step, n);
        if (torch) t = await torch.run(n);
      } else {
        t = await torch.run(n);
        o = timeOurs(ours.step, n);
      }
      for (const k of ['wall', 'cpu'] as const) {
        all.ours[k].push(...o[k]);
        all.torch[k].push(...t[k]);
      }
      if (torch) {
        result.ratios.push(median(o.cpu) / median(t.cpu));
        result.wallRatios.push(median(o.wall) / median(t.wall));
      }
    }
    result.oursMs = median(all.ours.cpu);
    result.oursWallMs = median(all.ours.wall);
    result.torchMs = torch ? median(all.torch.cpu) : NaN;
    result.torchWallMs = torch ? median(all.torch.wall) : NaN;
  } catch (e) {
    result.error = (e as Error).message.split('\n')[0];
  } finally {
    ours?.dispose();
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0 && !result.error) result.error = `our side leaked ${leaked} tensors`;
  return result;
}
