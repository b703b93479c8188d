/** Loss and gradient norms of one step, packed into one tensor so they cost a single read. */
import * as tf from '@tensorflow/tfjs-core';
import type { MetricsConfig } from '../../shared/config/types';
import { GRAD_NORM_LAYER_PREFIX } from '../../shared/metrics';
import type { ParamSpec } from '../models';

function layersOf(specs: ParamSpec[], mode: MetricsConfig['gradNorm']): string[] {
  return mode === 'perLayer' ? [...new Set(specs.map((s) => s.layer))] : [];
}

/** [loss, ‖g‖, ‖g_layer‖…] as one 1-D tensor (just [loss] when gradient norms are off). */
export function packGradientStats(loss: tf.Tensor, grads: tf.Tensor[], specs: ParamSpec[], mode: MetricsConfig['gradNorm']): tf.Tensor1D {
  return tf.tidy(() => {
    const parts: tf.Tensor[] = [tf.reshape(loss, [1])];
    if (mode !== 'off') {
      const sq = grads.map((g) => tf.sum(tf.square(g)));
      parts.push(tf.reshape(tf.sqrt(tf.addN(sq)), [1]));
      for (const layer of layersOf(specs, mode)) {
        parts.push(tf.reshape(tf.sqrt(tf.addN(sq.filter((_, i) => specs[i].layer === layer))), [1]));
      }
    }
    return tf.concat(parts) as tf.Tensor1D;
  });
}

/** Reads and disposes a packed tensor: { loss, gradNorm?, 'gradNorm/<layer>'? }. */
export function readGradientStats(packed: tf.Tensor1D, specs: ParamSpec[], mode: MetricsConfig['gradNorm']): Record<string, number> {
  const v = packed.dataSync();
  packed.dispose();
  const out: Record<string, number> = { loss: v[0] };
  if (mode !== 'off') out.gradNorm = v[1];
  layersOf(specs, mode).forEach((l, i) => (out[GRAD_NORM_LAYER_PREFIX + l] = v[2 + i]));
  return out;
}
