/**
 * tanh for the SIMD module of `simd.ts` (a WebAssembly function over whole 4-float vectors) and the
 * same approximation in JS for the tail elements and as the tests' reference.
 */
import { bump, f32c, F32X4_ABS, F32X4_DIV, F32X4_LT, F32X4_MAX, F32X4_MIN, F32X4_MUL, F32X4_ADD, F32X4_SPLAT, get, I32, repeat, set, V128, V_BITSELECT, V_LOAD, V_STORE, type Fn } from './wasm-assembler';

/**
 * tanh as Eigen's float rational approximation (x·P(x²)/Q(x²), degrees 13/6, x clamped to ±7.9053…,
 * x itself below |x| < 0.0004). Measured against float64 over [−10, 10] in steps of 1e-4: at most
 * 3.3e-7 absolute and relative error (≈ 5 ulp of 1, near |x| ≈ 6; ≤ 2e-7 for |x| < 3).
 */
export const TANH_ALPHA = [4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16];
export const TANH_BETA = [4.89352518554385e-3, 2.2684346324390e-3, 1.18534705686654e-4, 1.19825839466702e-6];
export const TANH_CLAMP = 7.90531110763549805;
const TANH_TINY = 0.0004;

// tanh(x0, out1, n4=2); locals: 3 x, 4 x², 5 acc, 6 numerator
const horner = (coeffs: number[]) => [
  ...f32c(coeffs[coeffs.length - 1]), ...F32X4_SPLAT, ...set(5),
  ...coeffs.slice(0, -1).reverse().flatMap((c) => [...get(5), ...get(4), ...F32X4_MUL, ...f32c(c), ...F32X4_SPLAT, ...F32X4_ADD, ...set(5)]),
];
export const tanh: Fn = {
  name: 'tanh',
  params: [I32, I32, I32],
  locals: [V128, V128, V128, V128],
  body: repeat(2, [
    ...get(0), ...V_LOAD, ...f32c(TANH_CLAMP), ...F32X4_SPLAT, ...F32X4_MIN, ...f32c(-TANH_CLAMP), ...F32X4_SPLAT, ...F32X4_MAX, ...set(3),
    ...get(3), ...get(3), ...F32X4_MUL, ...set(4),
    ...horner(TANH_ALPHA), ...get(5), ...get(3), ...F32X4_MUL, ...set(6),
    ...horner(TANH_BETA),
    ...get(1),
    // |x| < tiny ? x : P/Q
    ...get(3), ...get(6), ...get(5), ...F32X4_DIV,
    ...get(3), ...F32X4_ABS, ...f32c(TANH_TINY), ...F32X4_SPLAT, ...F32X4_LT,
    ...V_BITSELECT, ...V_STORE,
    ...bump(0, 16), ...bump(1, 16),
  ]),
};

/** The same approximation in JS (float32 steps), for the tail elements and as the test reference. */
export function tanhApprox(x: number): number {
  const f = Math.fround;
  if (Math.abs(x) < TANH_TINY) return f(x);
  const c = f(Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x)));
  const x2 = f(c * c);
  let p = f(TANH_ALPHA[6]);
  for (let i = 5; i >= 0; i--) p = f(f(p * x2) + f(TANH_ALPHA[i]));
  let q = f(TANH_BETA[3]);
  for (let i = 2; i >= 0; i--) q = f(f(q * x2) + f(TANH_BETA[i]));
  return f(f(p * c) / q);
}
