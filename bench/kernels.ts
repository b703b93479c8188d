// Micro-benchmark of the WASM kernel fixes: a dense forward+backward pass (784-256-10, batch 128,
// softmax cross-entropy), a CNN step (conv8-pool-conv16-dense10 on 28×28×1, batch 64), and for the
// second-order fixes a small tanh MLP (20-64-64-1, batch 256): plain gradient, gradient-penalty
// gradient, one Hessian-vector product.
// Usage: node --import tsx bench/kernels.ts [fixed|stock|cpu]   (one mode per process: the fixes
// are global registrations). 'stock' is tfjs-backend-wasm 4.22.0 as shipped.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { hessianVectorProduct, inputGradient } from '../src/trainer/autodiff/higher-order';
import { initBackend } from '../src/trainer/backend';
import { maxPool2x2Pairwise } from '../src/trainer/models/layers';

const mode = process.argv[2] ?? 'fixed';

/** Median CPU time (user + system, ms) of f: steadier than wall time on a shared machine. */
function median(f: () => void, reps: number): number {
  f();
  f();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = process.cpuUsage();
    f();
    const dt = process.cpuUsage(t0);
    times.push((dt.user + dt.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(reps / 2)];
}

function crossEntropy(z: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  const m = tf.max(z, 1, true);
  const lse = tf.add(tf.log(tf.sum(tf.exp(tf.sub(z, m)), 1)), tf.reshape(m, [-1]));
  return tf.mean(tf.sub(lse, tf.sum(tf.mul(y, z), 1)));
}

const rand = (shape: number[], scale: number) => tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 1), scale);
const labels = (n: number) => tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => i % 10), 'int32'), 10) as tf.Tensor2D;

function denseStep(reps: number): number {
  const x = rand([128, 784], 1) as tf.Tensor2D;
  const y = labels(128);
  const params = [rand([784, 256], 0.05), tf.zeros([256]), rand([256, 10], 0.1), tf.zeros([10])];
  const loss = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor) =>
    crossEntropy(tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(x, w1 as tf.Tensor2D), b1)) as tf.Tensor2D, w2 as tf.Tensor2D), b2), y);
  const g = tf.grads(loss as (...t: tf.Tensor[]) => tf.Tensor);
  return median(() => tf.tidy(() => g(params).forEach((t) => t.dataSync())), reps);
}

function cnnStep(reps: number, pool: 'maximum' | 'maxPool'): number {
  const x = rand([64, 28, 28, 1], 1) as tf.Tensor4D;
  const y = labels(64);
  const params = [rand([3, 3, 1, 8], 0.3), tf.zeros([8]), rand([3, 3, 8, 16], 0.1), tf.zeros([16]), rand([7 * 7 * 16, 10], 0.05), tf.zeros([10])];
  const p2 = (t: tf.Tensor4D) => (pool === 'maximum' ? maxPool2x2Pairwise(t) : tf.maxPool(t, 2, 2, 'valid'));
  const loss = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor, w3: tf.Tensor, b3: tf.Tensor) => {
    const h1 = p2(tf.relu(tf.add(tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same'), b1)) as tf.Tensor4D);
    const h2 = p2(tf.relu(tf.add(tf.conv2d(h1, w2 as tf.Tensor4D, 1, 'same'), b2)) as tf.Tensor4D);
    return crossEntropy(tf.add(tf.matMul(tf.reshape(h2, [64, 7 * 7 * 16]), w3 as tf.Tensor2D), b3), y);
  };
  const g = tf.grads(loss as (...t: tf.Tensor[]) => tf.Tensor);
  return median(() => tf.tidy(() => g(params).forEach((t) => t.dataSync())), reps);
}

/** Runs f in a tidy and reads its result outside (a tidy returning a typed array scans it: slow). */
function read(f: () => tf.Tensor): void {
  const t = tf.tidy(f);
  t.dataSync();
  t.dispose();
}

function smallMlp(): string {
  const x = rand([256, 20], 1) as tf.Tensor2D;
  const y = rand([256, 1], 1);
  const params = [rand([20, 64], 0.2), tf.zeros([64]), rand([64, 64], 0.15), tf.zeros([64]), rand([64, 1], 0.15), tf.zeros([1])];
  const fwd = (p: tf.Tensor[], xx: tf.Tensor2D) => {
    const h1 = tf.tanh(tf.add(tf.matMul(xx, p[0] as tf.Tensor2D), p[1])) as tf.Tensor2D;
    const h2 = tf.tanh(tf.add(tf.matMul(h1, p[2] as tf.Tensor2D), p[3])) as tf.Tensor2D;
    return tf.add(tf.matMul(h2, p[4] as tf.Tensor2D), p[5]) as tf.Tensor2D;
  };
  const mse = (p: tf.Tensor[]) => tf.mean(tf.square(tf.sub(fwd(p, x), y))) as tf.Scalar;
  const plain = tf.grads((...p: tf.Tensor[]) => mse(p));
  const gp = tf.grads((...p: tf.Tensor[]) => tf.add(mse(p), tf.mul(0.1, tf.mean(tf.sum(tf.square(inputGradient((xx: tf.Tensor2D) => fwd(p, xx), x)), 1)))));
  const run = (f: () => tf.Tensor[]) => median(() => tf.tidy(() => f().forEach((t) => t.dataSync())), 30).toFixed(2);
  return [
    `MLP 20-64-64-1 tanh batch 256: gradient ${run(() => plain(params))} ms`,
    `gradient-penalty gradient ${run(() => gp(params))} ms`,
    `Hessian-vector product ${run(() => hessianVectorProduct(mse, params, params))} ms`,
  ].join('; ');
}

function matMulTimes(): string {
  const a = rand([128, 784], 1);
  const g = rand([128, 256], 1);
  const w = rand([784, 256], 1);
  const nn = median(() => read(() => tf.matMul(tf.transpose(a), g)), 20);
  const tn = median(() => read(() => tf.matMul(a, g, true, false)), 20);
  const nt = median(() => read(() => tf.matMul(g, w, false, true)), 20);
  return `matMul aᵀ·g [784×128·128×256]: ${tn.toFixed(2)} ms (explicit transpose then NN: ${nn.toFixed(2)} ms); g·wᵀ: ${nt.toFixed(2)} ms`;
}

async function main(): Promise<void> {
  if (mode === 'stock') {
    tf.enableProdMode();
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    await tf.ready();
  } else {
    await initBackend(mode === 'cpu' ? 'cpu' : 'wasm');
  }
  console.log(`backend ${tf.getBackend()} (${mode})`);
  if (mode !== 'cpu') console.log(matMulTimes());
  console.log(smallMlp());
  console.log(`dense 784-256-10 batch 128, forward+backward: ${denseStep(mode === 'cpu' ? 5 : 30).toFixed(2)} ms`);
  for (const pool of ['maximum', 'maxPool'] as const) {
    try {
      console.log(`CNN conv8-pool-conv16-dense10 batch 64 (${pool} pool), forward+backward: ${cnnStep(mode === 'cpu' ? 3 : 20, pool).toFixed(2)} ms`);
    } catch (e) {
      console.log(`CNN (${pool} pool): fails: ${(e as Error).message.split('\n')[0]}`);
    }
  }
}

void main();
