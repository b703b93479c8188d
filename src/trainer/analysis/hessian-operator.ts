/**
 * The Hessian of a scalar objective at fixed parameters as a float64 operator on flat vectors, for
 * the spectrum estimates in spectrum.ts. Each application is one Hessian-vector product in float32
 * (double backprop); the vectors and the Lanczos bookkeeping stay in float64.
 */
import * as tf from '@tensorflow/tfjs-core';
import { hessianVectorProduct } from '../autodiff/higher-order';
import type { SymmetricOperator } from './lanczos';

export interface FlatHessian {
  /** Number of parameters (the operator's dimension). */
  n: number;
  apply: SymmetricOperator;
  /** Products applied so far. */
  products(): number;
}

export function flatHessian(f: (params: tf.Tensor[]) => tf.Scalar, params: readonly tf.Tensor[], onProduct?: (count: number) => void): FlatHessian {
  const sizes = params.map((p) => p.size);
  const n = sizes.reduce((a, b) => a + b, 0);
  let count = 0;
  const apply = (v: Float64Array): Float64Array => {
    if (v.length !== n) throw new Error(`Hessian operator of ${n} parameters applied to a vector of ${v.length}`);
    const out = new Float64Array(n);
    let at = 0;
    const pieces = params.map((p, i) => {
      const piece = tf.tensor(Float32Array.from(v.subarray(at, at + sizes[i])), p.shape, 'float32');
      at += sizes[i];
      return piece;
    });
    const hv = hessianVectorProduct(f, params, pieces);
    at = 0;
    for (const t of hv) {
      out.set(t.dataSync(), at);
      at += t.size;
    }
    tf.dispose([...pieces, ...hv]);
    count++;
    onProduct?.(count);
    return out;
  };
  return { n, apply, products: () => count };
}
