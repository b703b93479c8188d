/** Seeded weight initialisation in plain JS: the same float32 values on every backend and process. */
import type { Activation, BiasInit, ModelInit, WeightInit } from '../../shared/config/types';
import type { Rng } from '../../shared/rng';
import { RELU_LIKE } from './activations';
import type { ParamSpec } from './types';

export type WeightScheme = Exclude<WeightInit, 'auto' | `xavier${string}` | `kaiming${string}`>;

/** What `initParams` draws: a concrete weight scheme and a bias scheme. */
export interface InitPlan {
  weights: WeightScheme;
  bias: BiasInit;
}

/**
 * Fan-in and fan-out of a weight: [in, out] for dense, [kh, kw, in, out] for conv (the receptive
 * field multiplies both), as in Keras and PyTorch.
 */
export function fans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) throw new Error(`a weight needs at least 2 dimensions, got [${shape.join(', ')}]`);
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: receptive * shape[shape.length - 2], fanOut: receptive * shape[shape.length - 1] };
}

const ALIASES: Record<string, WeightScheme> = {
  he: 'heNormal', glorot: 'glorotUniform',
  xavierUniform: 'glorotUniform', xavierNormal: 'glorotNormal', kaimingUniform: 'heUniform', kaimingNormal: 'heNormal',
};
const NAMED = ['pytorch', 'glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'lecunUniform', 'lecunNormal'];

function weightScheme(w: WeightInit | 'he' | 'glorot', activation: Activation): WeightScheme {
  if (typeof w === 'object') {
    if (w.type !== 'truncatedNormal' || !(w.std > 0)) throw new Error(`unknown weight init ${JSON.stringify(w)}; use { "type": "truncatedNormal", "std": σ > 0 }`);
    return w;
  }
  if (w === 'auto') return RELU_LIKE.has(activation) ? 'heNormal' : 'glorotUniform';
  if (w in ALIASES) return ALIASES[w];
  if (NAMED.includes(w)) return w as WeightScheme;
  throw new Error(`unknown init '${String(w)}'; valid inits: auto, he, glorot, ${NAMED.join(', ')}, ${Object.keys(ALIASES).slice(2).join(', ')}`);
}

/** The model's `init` → the schemes to draw: 'auto' → He normal for relu-like activations, Glorot uniform otherwise; names have zero biases. */
export function resolveInit(init: ModelInit, activation: Activation): InitPlan {
  if (typeof init === 'object' && init !== null) return { weights: weightScheme(init.weights ?? 'auto', activation), bias: init.bias ?? 'zero' };
  if (init !== 'auto' && init !== 'he' && init !== 'glorot') throw new Error(`unknown init '${String(init)}'; valid inits: auto, he, glorot, or { weights, bias }`);
  return { weights: weightScheme(init, activation), bias: 'zero' };
}

function size(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function uniform(rng: Rng, n: number, bound: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform(-bound, bound);
  return out;
}

function normal(rng: Rng, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal(0, std);
  return out;
}

/** He (Kaiming) normal: N(0, 2/fan_in). */
export function heNormal(rng: Rng, shape: readonly number[]): Float32Array {
  return normal(rng, size(shape), Math.sqrt(2 / fans(shape).fanIn));
}

/** Glorot (Xavier) uniform: U(−b, b) with b = √(6 / (fan_in + fan_out)). */
export function glorotUniform(rng: Rng, shape: readonly number[]): Float32Array {
  const { fanIn, fanOut } = fans(shape);
  return uniform(rng, size(shape), Math.sqrt(6 / (fanIn + fanOut)));
}

/** N(0, std²), redrawing samples outside ±2·std. */
export function truncatedNormal(rng: Rng, n: number, std: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let z = rng.normal();
    while (Math.abs(z) > 2) z = rng.normal();
    out[i] = z * std;
  }
  return out;
}

/** Initial values of one weight by `scheme`. */
export function initWeight(rng: Rng, shape: readonly number[], scheme: WeightScheme): Float32Array {
  const { fanIn, fanOut } = fans(shape);
  const n = size(shape);
  if (typeof scheme === 'object') return truncatedNormal(rng, n, scheme.std);
  switch (scheme) {
    case 'heNormal':
      return heNormal(rng, shape);
    case 'glorotUniform':
      return glorotUniform(rng, shape);
    case 'pytorch':
      return uniform(rng, n, 1 / Math.sqrt(fanIn));
    case 'glorotNormal':
      return normal(rng, n, Math.sqrt(2 / (fanIn + fanOut)));
    case 'heUniform':
      return uniform(rng, n, Math.sqrt(6 / fanIn));
    case 'lecunUniform':
      return uniform(rng, n, Math.sqrt(3 / fanIn));
    case 'lecunNormal':
      return normal(rng, n, Math.sqrt(1 / fanIn));
  }
}

/** Initial values of one bias; `fanIn` is its layer's weight's. */
export function initBias(rng: Rng, n: number, fanIn: number, scheme: BiasInit): Float32Array {
  if (scheme === 'zero') return new Float32Array(n);
  if (scheme === 'pytorch') return uniform(rng, n, 1 / Math.sqrt(fanIn));
  return normal(rng, n, scheme.std);
}

/**
 * Initial values for every spec (the output layer included), each from `rng.fork(spec.name)` so one
 * layer's size does not shift another's draws.
 */
export function initParams(specs: readonly ParamSpec[], plan: InitPlan, rng: Rng): Float32Array[] {
  return specs.map((spec) => {
    if (spec.kind === 'weight') return initWeight(rng.fork(spec.name), spec.shape, plan.weights);
    const weight = specs.find((s) => s.kind === 'weight' && s.layer === spec.layer);
    if (!weight) throw new Error(`bias '${spec.name}' has no weight in its layer`);
    return initBias(rng.fork(spec.name), size(spec.shape), fans(weight.shape).fanIn, plan.bias);
  });
}
