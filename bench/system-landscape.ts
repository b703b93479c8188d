/**
 * The time of a 41 × 41 loss-landscape slice of the quickstart model on its validation split (issue
 * #17): the quickstart's first arm is trained once (in-process, weights saved), then `loss-lab
 * landscape`'s analysis job runs in this process (the CLI runs the same job in a trainer process).
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../src/shared/config/types';
import { runJobs } from '../src/trainer/run-jobs';
import { fmt, median } from './lib/stats';
import type { SystemRow } from './system';

export async function landscapeRow(config: ExperimentConfig, dir: string, rounds: number): Promise<SystemRow> {
  const runDir = mkdtempSync(join(dir, 'landscape-'));
  const arm = config.losses[0].name;
  const one = { ...config, losses: [config.losses[0]] };
  await runJobs(one, [{ arm, seed: config.seed }], { backend: 'wasm', runDir });
  const grid = 41;
  const analysis = { kind: 'landscape' as const, arms: [arm], split: 'val' as const, grid, range: 1, directions: 'random' as const, dims: 2 as const, output: 'landscape/bench.json' };
  const times: number[] = [];
  let evaluations = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const [result] = await runJobs(one, [{ arm, seed: config.seed, analysis }], { backend: 'wasm', runDir });
    times.push(performance.now() - t0);
    if (result.status !== 'completed') throw new Error(`landscape bench: ${result.status}: ${result.reason}`);
    evaluations = result.steps;
  }
  const ms = median(times);
  return {
    id: 'landscape-41',
    label: 'Loss landscape, 41 × 41 slice of the quickstart model (val split)',
    value: `${fmt(ms / 1000)} s`,
    detail: `${evaluations} evaluations (1,681 grid points + the 41-point path from the initial weights) of ${config.model.type === 'mlp' ? `MLP ${config.model.hidden.join('-')}` : 'the model'} on the validation split, in-process, wasm, median of ${rounds} (${fmt(Math.min(...times) / 1000)}–${fmt(Math.max(...times) / 1000)} s); ${fmt((1000 * ms) / evaluations)} µs per evaluation, including the backend set-up and loading the weights`,
  };
}
