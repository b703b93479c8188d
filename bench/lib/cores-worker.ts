/**
 * One process's share of the "two cores" bench row: a fixed amount of work of one kind, its wall time
 * (ms) printed. `scalar`: a latency-bound JS loop; `wasm`: tfjs matrix products on the wasm backend
 * (SIMD, throughput-bound, like a trainer's steps).
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/trainer/backend';

async function main(kind: string): Promise<void> {
  if (kind === 'scalar') {
    const t = performance.now();
    let s = 0;
    for (let i = 0; i < 4e8; i++) s += i % 7;
    process.stdout.write(`${performance.now() - t} ${s > 0}\n`);
    return;
  }
  await initBackend('wasm');
  const a = tf.randomNormal([128, 128]);
  const b = tf.randomNormal([128, 128]);
  for (let i = 0; i < 20; i++) tf.tidy(() => tf.matMul(a, b).dataSync());
  const t = performance.now();
  for (let i = 0; i < 600; i++) tf.tidy(() => tf.matMul(a, b).dataSync());
  process.stdout.write(`${performance.now() - t}\n`);
}

void main(process.argv[2] ?? 'scalar');
