/** Seeded weight initialisation in plain JS: the same float32 values on every backend and process. */
import type { Activation } from '../../shared/config/types';
import type { Rng } from '../../shared/rng';
import { RELU_LIKE } from './activations';
import type { ParamSpec } from './types';

export type InitScheme = 'he' | 'glorot';

/**
 * Fan-in and fan-out of a weight: [in, out] for dense, [kh, kw, in, out] for conv (the receptive
 * field multiplies both), as in Keras and PyTorch.
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new Error(`a weight needs at least 2 dimensions, got [${shape.join(', ')}]`);
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: receptive * shape[shape.length - 2], fanOut: receptive * shape[shape.length - 1] };
}

/** 'auto' → He for relu-like activations, Glorot for tanh and sigmoid. */
export function resolveInit(init: 'auto' | InitScheme, activation: Activation): InitScheme {
  if (init === 'auto') return RELU_LIKE.has(activation) ? 'he' : 'glorot';
  if (init !== 'he' && init !== 'glorot') throw new Error(`unknown init '${String(init)}'; valid inits: auto, he, glorot`);
  return init;
}

/** He (Kaiming) normal: N(0, 2/fan_in). */
export function heNormal(rng: Rng, shape: readonly number[]): Float32Array {
  const std = Math.sqrt(2 / fans(shape).fanIn);
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = rng.normal(0, std);
  return out;
}

/** Glorot (Xavier) uniform: U(−b, b) with b = √(6 / (fan_in + fan_out)). */
export function glorotUniform(rng: Rng, shape: readonly number[]): Float32Array {
  const { fanIn, fanOut } = fans(shape);
  const bound = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) out[i] = rng.uniform(-bound, bound);
  return out;
}

/**
 * Initial values for every spec: weights (every layer, the output layer included) by `scheme`, each
 * from `rng.fork(spec.name)` so one layer's size does not shift another's draws; biases 0.
 */
export function initParams(specs: readonly ParamSpec[], scheme: InitScheme, rng: Rng): Float32Array[] {
  return specs.map((spec) => {
    if (spec.kind === 'bias') return new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
    const r = rng.fork(spec.name);
    return scheme === 'he' ? heNormal(r, spec.shape) : glorotUniform(r, spec.shape);
  });
}
