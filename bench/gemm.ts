// The SIMD GEMM of kernels/simd.ts (simd-gemm.ts) against the stock path, side by side in one process:
//   node --import tsx bench/gemm.ts [reps]
// "stock" is what BatchMatMul / the fused dense op did before: products with a dimension ≤ 2 in JS
// (thin-matmul.ts), the others transposed explicitly and run on tfjs-wasm's XNNPACK kernel
// (BatchMatMul, or _FusedMatMul with bias and ReLU). Every call gets a fresh b tensor, as in training
// (XNNPACK caches its packed weights per tensor). The two arms alternate; medians of `reps` calls.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../src/trainer/backend';
import { callUntransposed } from '../src/trainer/kernels/explicit-transpose-matmul';
import { simdMatMul } from '../src/trainer/kernels/simd-gemm';
import { isThin, thinMatMul } from '../src/trainer/kernels/thin-matmul';

interface Shape {
  label: string;
  m: number;
  k: number;
  n: number;
  tA?: boolean;
  tB?: boolean;
  /** With a bias and ReLU (the fused dense forward). */
  fused?: boolean;
}

const SHAPES: Shape[] = [
  // MLP 20-64-64-1, batch 256
  { label: 'fwd x·W1 +b relu', m: 256, k: 20, n: 64, fused: true },
  { label: 'fwd h·W2 +b relu', m: 256, k: 64, n: 64, fused: true },
  { label: 'fwd h·W3 (n=1)', m: 256, k: 64, n: 1 },
  { label: 'dX2 = dZ·W2ᵀ', m: 256, k: 64, n: 64, tB: true },
  { label: 'dX1 = dZ·W1ᵀ', m: 256, k: 64, n: 20, tB: true },
  { label: 'dW2 = Hᵀ·dZ', m: 64, k: 256, n: 64, tA: true },
  { label: 'dW1 = Xᵀ·dZ', m: 20, k: 256, n: 64, tA: true },
  { label: 'plain 256×64·64×64', m: 256, k: 64, n: 64 },
  // MLP 784-256-10, batch 128
  { label: '784: x·W1 +b relu', m: 128, k: 784, n: 256, fused: true },
  { label: '784: h·W2 (n=10)', m: 128, k: 256, n: 10 },
  { label: '784: dH = dZ·W2ᵀ', m: 128, k: 10, n: 256, tB: true },
  { label: '784: dW2 = Hᵀ·dZ', m: 256, k: 128, n: 10, tA: true },
  { label: '784: dW1 = Xᵀ·dZ', m: 784, k: 128, n: 256, tA: true },
  // CNN conv8-pool-conv16-pool-dense10, batch 64: the im2col GEMMs of Conv2DBackpropFilter, the dense layer
  { label: 'cnn: dWconv1 im2col', m: 9, k: 50176, n: 8 },
  { label: 'cnn: dWconv2 im2col', m: 72, k: 12544, n: 16 },
  { label: 'cnn: x·Wd (n=10)', m: 64, k: 784, n: 10 },
  { label: 'cnn: dX = dZ·Wdᵀ', m: 64, k: 10, n: 784, tB: true },
  { label: 'cnn: dWd = Xᵀ·dZ', m: 784, k: 64, n: 10, tA: true },
  // Larger than any model here (no cache blocking in the SIMD GEMM): where it stops winning.
  { label: 'large 512×1024·1024×512', m: 512, k: 1024, n: 512 },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function main(): Promise<void> {
  const reps = Number(process.argv[2] ?? 300);
  const stockMatMul = tf.getKernel(tf.BatchMatMul, 'wasm')!.kernelFunc;
  const stockFused = tf.getKernel(tf._FusedMatMul, 'wasm')!.kernelFunc;
  await initBackend('wasm');
  const backend = tf.backend() as BackendWasm;
  console.log(`${'shape'.padEnd(22)} ${'m×k×n'.padEnd(13)} stock µs   simd µs   speed-up  max|Δ|`);
  for (const s of SHAPES) {
    const aShape = s.tA ? [s.k, s.m] : [s.m, s.k];
    const bShape = s.tB ? [s.n, s.k] : [s.k, s.n];
    const a = tf.randomNormal(aShape, 0, 1, 'float32', 1);
    const bData = tf.randomNormal(bShape, 0, 1, 'float32', 2).dataSync();
    const bias = tf.randomNormal([s.n], 0, 1, 'float32', 3);
    const o = { transposeA: s.tA === true, transposeB: s.tB === true };
    const stock = (b: tf.Tensor): tf.TensorInfo => {
      if (s.fused) {
        const fo = { ...o, bias, relu: true };
        if (isThin(a, b, fo)) return thinMatMul(backend, a, b, fo);
        return stockFused({ inputs: { a: { ...a, shape: [1, s.m, s.k] } as tf.TensorInfo, b: { ...b, shape: [1, s.k, s.n] } as tf.TensorInfo, bias }, backend, attrs: { transposeA: false, transposeB: false, activation: 'relu' } }) as tf.TensorInfo;
      }
      if (isThin(a, b, o)) return thinMatMul(backend, a, b, o);
      return callUntransposed(stockMatMul, { inputs: { a, b }, backend, attrs: o }) as tf.TensorInfo;
    };
    const mine = (b: tf.Tensor): tf.TensorInfo => simdMatMul(backend, a, b, s.fused ? { ...o, bias, relu: true } : o)!;
    const times: [number[], number[]] = [[], []];
    let maxDiff = 0;
    for (let r = 0; r < reps + 20; r++) {
      const outs: tf.TensorInfo[] = [];
      for (const arm of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const b = tf.tensor(bData, bShape, 'float32');
        const t0 = performance.now();
        const out = arm === 0 ? stock(b) : mine(b);
        const dt = performance.now() - t0;
        if (r >= 20) times[arm].push(dt * 1000);
        outs[arm] = out;
        b.dispose();
      }
      if (r === 0) {
        const x = backend.typedArrayFromHeap(outs[0]) as Float32Array;
        const y = backend.typedArrayFromHeap(outs[1]) as Float32Array;
        for (let i = 0; i < x.length; i++) maxDiff = Math.max(maxDiff, Math.abs(x[i] - y[i]));
      }
      for (const out of outs) backend.disposeData(out.dataId);
    }
    const [st, mt] = times.map(median);
    console.log(`${s.label.padEnd(22)} ${`${s.m}×${s.k}×${s.n}`.padEnd(13)} ${st.toFixed(1).padStart(8)}  ${mt.toFixed(1).padStart(8)}  ${(st / mt).toFixed(2).padStart(8)}×  ${maxDiff.toExponential(1)}`);
    tf.dispose([a, bias]);
  }
}

void main();
