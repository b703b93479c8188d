/**
 * What a checkpoint with the whole training state costs beside the weights-only file of before, side
 * by side in one run: writing it (trainer, the params and Adam's two moment vectors, plus the digest)
 * and checking it on resume (host: read, decode, digest). MLP 784-256-10 (203,530 parameters) and the
 * moons MLP 2-64-64-2. Median of 15 repetitions each, after one warm-up.
 * Usage: node --import tsx bench/checkpoint.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CHECKPOINT_FORMAT, digestTensors, readCheckpoint, stateToJson } from '../src/shared/weights/checkpoint';
import { decodeSafetensors } from '../src/shared/weights/safetensors';
import { readFileSync, statSync } from 'node:fs';
import { buildModel } from '../src/trainer/models';
import { Rng } from '../src/shared/rng';
import { writeWeights } from '../src/trainer/weights/weights-file';
import { median } from './lib/stats';

function time(fn: () => void, reps = 15): number {
  fn(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

const dir = mkdtempSync(join(tmpdir(), 'losslab-bench-ck-'));
try {
  console.log('| model | parameters | file | bytes | write ms | check on resume ms |');
  console.log('|---|---|---|---|---|---|');
  for (const [name, nFeatures, hidden, nOutputs] of [['MLP 784-256-10', 784, [256], 10], ['MLP 2-64-64-2', 2, [64, 64], 2]] as const) {
    const model = buildModel({ type: 'mlp', hidden: [...hidden], activation: 'relu', init: 'auto' } as never, { nFeatures, nOutputs });
    const values = model.init(new Rng(1));
    const n = values.reduce((s, v) => s + v.length, 0);
    const moments = [0, 1].map((k) => ({ name: `state.optimizer.${k}`, shape: [n], data: Float32Array.from({ length: n }, (_, i) => Math.sin(i + k)) }));
    const state = stateToJson({ step: 1000, records: 2000, job: { loop: { best: { 'val/loss': 0.1 } } } });
    const meta = { arm: 'ce', seed: 1, step: 1000, model: '{}' };
    const plain = join(dir, 'plain.safetensors');
    const full = join(dir, 'step-1000.safetensors');
    const wPlain = time(() => writeWeights(plain, model.specs, values, meta));
    const wFull = time(() => writeWeights(full, model.specs, values, meta, { tensors: moments, metadata: (all) => ({ format: CHECKPOINT_FORMAT, digest: digestTensors(all), state }) }));
    const rPlain = time(() => decodeSafetensors(readFileSync(plain)));
    const rFull = time(() => readCheckpoint(full, { arm: 'ce', seed: 1 }));
    console.log(`| ${name} | ${n} | weights only (before) | ${statSync(plain).size} | ${wPlain.toFixed(2)} | ${rPlain.toFixed(2)} (decode only) |`);
    console.log(`| ${name} | ${n} | checkpoint with state (Adam) | ${statSync(full).size} | ${wFull.toFixed(2)} | ${rFull.toFixed(2)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
