/**
 * Loss and gradient norms of one step, packed into one tensor so they cost a single read. Packed as
 * [loss, Σg₀², Σg₁², …] (one sum of squares per parameter tensor); the norms are formed in JS when
 * read. On wasm and cpu the sums are one JS kernel over the gradients' buffers (float64
 * accumulation) instead of ~25 tiny ops per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MetricsConfig } from '../../shared/config/types';
import { GRAD_NORM_LAYER_PREFIX } from '../../shared/metrics';
import { jsKernelAvailable, runJsKernel, type JsKernel } from '../kernels/js-kernel';
import type { ParamSpec } from '../models';

function layersOf(specs: ParamSpec[], mode: MetricsConfig['gradNorm']): string[] {
  return mode === 'perLayer' ? [...new Set(specs.map((s) => s.layer))] : [];
}

/** Inputs: the loss, then the gradients; output [1 + k]: the loss, then each gradient's sum of squares. */
const LOSS_AND_SUMS_OF_SQUARES: JsKernel = {
  name: 'LossLabLossAndSumsOfSquares',
  outShapes: (shapes) => [[shapes.length]],
  compute(inputs, [out]) {
    out[0] = inputs[0][0];
    for (let i = 1; i < inputs.length; i++) {
      const g = inputs[i];
      let s = 0;
      for (let j = 0; j < g.length; j++) s += g[j] * g[j];
      out[i] = s;
    }
  },
};

/** [loss, Σg₀², …] as one 1-D tensor (just [loss] when gradient norms are off). */
export function packGradientStats(loss: tf.Tensor, grads: tf.Tensor[], _specs: ParamSpec[], mode: MetricsConfig['gradNorm']): tf.Tensor1D {
  return tf.tidy(() => {
    if (mode === 'off') return tf.reshape(loss, [1]) as tf.Tensor1D;
    if (jsKernelAvailable([loss, ...grads])) return runJsKernel(LOSS_AND_SUMS_OF_SQUARES, [loss, ...grads])[0] as tf.Tensor1D;
    return tf.stack([tf.reshape(loss, []), ...grads.map((g) => tf.sum(tf.square(g)))]) as tf.Tensor1D;
  });
}

/** Reads and disposes a packed tensor: { loss, gradNorm?, 'gradNorm/<layer>'? }. */
export function readGradientStats(packed: tf.Tensor1D, specs: ParamSpec[], mode: MetricsConfig['gradNorm']): Record<string, number> {
  const v = packed.dataSync();
  packed.dispose();
  const out: Record<string, number> = { loss: v[0] };
  if (mode === 'off') return out;
  let total = 0;
  for (let i = 0; i < specs.length; i++) total += v[1 + i];
  out.gradNorm = Math.sqrt(total);
  for (const layer of layersOf(specs, mode)) {
    let s = 0;
    specs.forEach((spec, i) => (s += spec.layer === layer ? v[1 + i] : 0));
    out[GRAD_NORM_LAYER_PREFIX + layer] = Math.sqrt(s);
  }
  return out;
}
