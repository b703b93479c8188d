/**
 * A small hand-assembled WebAssembly module with 128-bit SIMD (f32x4) loops that work directly on
 * the WASM backend's float32 buffers: it imports the backend's own memory, so its functions take
 * byte addresses of tensors (`memoryOffset`s) and no data is copied. Built from bytes here (no build
 * tooling); each function processes whole 4-float vectors and leaves any tail to the JS caller.
 *
 * - reluMask(dy, y, out, n4):            out = y > 0 ? dy : 0
 * - sumRows(x, out, rows, k4):           out[j] += Σ_r x[r·4k4 + j] (out zeroed by the caller)
 * - adam(p, g, m, v, pOut, mOut, vOut, n4, β1, 1−β1, β2, 1−β2, step, 1/bc2, ε, l2, shrink, floor):
 *     grad = g + l2·p; m′ = β1·m + (1−β1)·grad; v′ = β2·v + (1−β2)·grad²;
 *     p′ = p·shrink − (m′·step) / (√(v′/bc2 + floor) + ε)
 * - maxPoolGrad2x2Row(x, dy, dx, ow, c4, rowBytes): one output row of a 2×2 stride-2 max-pool
 *     gradient; the first maximum of each window in row-major order receives dy (strict >, from −∞,
 *     so −∞/NaN-only windows pass nothing), the other three positions get 0.
 * - tanh(x, out, n4): a rational approximation (see TANH_ALPHA), ~10× faster than the stock scalar
 *     kernel's tanhf.
 * - gemm{R}x{W}(a, b, c, bias, mBlocks, nBlocks, k, ars, aps, ldb, ldc, flags), R ∈ {4, 1},
 *     W ∈ {8, 4, 3, 2, 1}: C = A·B (+ bias, ReLU) on mBlocks·R rows × nBlocks·W columns, a register-
 *     blocked R×W micro-kernel (R·⌈W/4⌉ f32x4 accumulators, A elements splatted, one B row of W per
 *     step of k, float32 multiply then add). Element (i, p) of A is at a + i·ars + p·aps (so Aᵀ is
 *     read by swapping the strides), (p, j) of B at b + p·ldb + 4j, (i, j) of C at c + i·ldc + 4j
 *     (strides in bytes). flags bit 0: start from bias[j] (else 0); bit 1: ReLU (pmax(0, ·): NaN → 0).
 *     W < 4 loads and stores only W lanes, so nothing outside the matrices is touched. The driver and
 *     its edge cases: simd-gemm.ts.
 *
 * Unaligned addresses are fine (alignment hints are 0). Arithmetic is float32 (the JS fallbacks
 * round through float64): results agree to float32 rounding.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type * as tf from '@tensorflow/tfjs-core';

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const str = (s: string) => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

// Instructions.
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const f32c = (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)];
const I32_ADD = [0x6a];
const I32_SUB = [0x6b];
const I32_SHL = [0x74];
const I32_EQZ = [0x45];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const END = [0x0b];
const brIf = (depth: number) => [0x0d, ...uleb(depth)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const V_LOAD = [...simd(0x00), 0, 0];
const V_STORE = [...simd(0x0b), 0, 0];
const F32X4_SPLAT = simd(0x13);
const F32X4_GT = simd(0x44);
const V_NOT = simd(0x4d);
const V_AND = simd(0x4e);
const V_ANDNOT = simd(0x4f);
const V_BITSELECT = simd(0x52);
const F32X4_SQRT = simd(0xe3);
const F32X4_ADD = simd(0xe4);
const F32X4_SUB = simd(0xe5);
const F32X4_MUL = simd(0xe6);
const F32X4_DIV = simd(0xe7);

/** local += k (i32). */
const bump = (local: number, k: number) => [...get(local), ...i32c(k), ...I32_ADD, ...set(local)];

/** `count` (an i32 local) times: body, then count − 1; nothing when count is 0. */
function repeat(count: number, body: number[]): number[] {
  return [...BLOCK, ...get(count), ...I32_EQZ, ...brIf(0), ...LOOP, ...body, ...get(count), ...i32c(1), ...I32_SUB, ...set(count), ...get(count), ...brIf(0), ...END, ...END];
}

interface Fn {
  name: string;
  params: number[];
  locals: number[];
  body: number[];
}

// reluMask(dy0, y1, out2, n4=3); local 4: zero vector
const reluMask: Fn = {
  name: 'reluMask',
  params: [I32, I32, I32, I32],
  locals: [V128],
  body: [
    ...f32c(0), ...F32X4_SPLAT, ...set(4),
    ...repeat(3, [
      ...get(2),
      ...get(0), ...V_LOAD,
      ...get(1), ...V_LOAD, ...get(4), ...F32X4_GT,
      ...V_AND, ...V_STORE,
      ...bump(0, 16), ...bump(1, 16), ...bump(2, 16),
    ]),
  ],
};

// sumRows(x0, out1, rows2, k4=3); locals: 4 output pointer, 5 column-block counter
const sumRows: Fn = {
  name: 'sumRows',
  params: [I32, I32, I32, I32],
  locals: [I32, I32],
  body: repeat(2, [
    ...get(1), ...set(4), ...get(3), ...set(5),
    ...repeat(5, [
      ...get(4), ...get(4), ...V_LOAD, ...get(0), ...V_LOAD, ...F32X4_ADD, ...V_STORE,
      ...bump(4, 16), ...bump(0, 16),
    ]),
  ]),
};

// adam(p0, g1, m2, v3, pOut4, mOut5, vOut6, n4=7, b1=8, omb1=9, b2=10, omb2=11, step=12, invBc2=13,
// eps=14, l2=15, shrink=16, floor=17); locals: splats 18…27 (same order as 8…17), 28 grad, 29 m′, 30 v′
const adam: Fn = {
  name: 'adam',
  params: [I32, I32, I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32, F32, F32, F32],
  locals: Array<number>(13).fill(V128),
  body: [
    ...Array.from({ length: 10 }, (_, k) => [...get(8 + k), ...F32X4_SPLAT, ...set(18 + k)]).flat(),
    ...repeat(7, [
      // grad = g + l2·p
      ...get(1), ...V_LOAD, ...get(25), ...get(0), ...V_LOAD, ...F32X4_MUL, ...F32X4_ADD, ...set(28),
      // m′ = β1·m + (1−β1)·grad
      ...get(18), ...get(2), ...V_LOAD, ...F32X4_MUL, ...get(19), ...get(28), ...F32X4_MUL, ...F32X4_ADD, ...set(29),
      // v′ = β2·v + (1−β2)·grad²
      ...get(20), ...get(3), ...V_LOAD, ...F32X4_MUL, ...get(21), ...get(28), ...get(28), ...F32X4_MUL, ...F32X4_MUL, ...F32X4_ADD, ...set(30),
      ...get(5), ...get(29), ...V_STORE,
      ...get(6), ...get(30), ...V_STORE,
      // p′ = p·shrink − (m′·step) / (√(v′·invBc2 + floor) + ε)
      ...get(4),
      ...get(0), ...V_LOAD, ...get(26), ...F32X4_MUL,
      ...get(29), ...get(22), ...F32X4_MUL,
      ...get(30), ...get(23), ...F32X4_MUL, ...get(27), ...F32X4_ADD, ...F32X4_SQRT, ...get(24), ...F32X4_ADD,
      ...F32X4_DIV, ...F32X4_SUB, ...V_STORE,
      ...[0, 1, 2, 3, 4, 5, 6].flatMap((i) => bump(i, 16)),
    ]),
  ],
};

// maxPoolGrad2x2Row(x0, dy1, dx2, ow3, c4=4, rowBytes5); locals: 6 bytes per pixel (c4·16), 7 channel-
// block counter, 8 byte offset in the row, 9 −∞, 10 best, 11–14 the four "beats the best so far"
// masks, 15 dy, 16 "no later position won"
const loadAt = (base: number, extra: number[]) => [...get(base), ...get(8), ...I32_ADD, ...extra, ...V_LOAD];
const storeAt = (base: number, extra: number[], value: number[]) => [...get(base), ...get(8), ...I32_ADD, ...extra, ...value, ...V_STORE];
const plusC = [...get(6), ...I32_ADD];
const plusRow = [...get(5), ...I32_ADD];
const maxPoolGrad2x2Row: Fn = {
  name: 'maxPoolGrad2x2Row',
  params: [I32, I32, I32, I32, I32, I32],
  locals: [I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128],
  body: [
    ...get(4), ...i32c(4), ...I32_SHL, ...set(6),
    ...f32c(Number.NEGATIVE_INFINITY), ...F32X4_SPLAT, ...set(9),
    ...i32c(0), ...set(8),
    ...repeat(3, [
      ...get(4), ...set(7),
      ...repeat(7, [
        // m0 = x0 > −∞, best = m0 ? x0 : −∞; then mᵢ = xᵢ > best, best = mᵢ ? xᵢ : best
        ...loadAt(0, []), ...get(9), ...F32X4_GT, ...set(11),
        ...loadAt(0, []), ...get(9), ...get(11), ...V_BITSELECT, ...set(10),
        ...loadAt(0, plusC), ...get(10), ...F32X4_GT, ...set(12),
        ...loadAt(0, plusC), ...get(10), ...get(12), ...V_BITSELECT, ...set(10),
        ...loadAt(0, plusRow), ...get(10), ...F32X4_GT, ...set(13),
        ...loadAt(0, plusRow), ...get(10), ...get(13), ...V_BITSELECT, ...set(10),
        ...loadAt(0, [...plusRow, ...plusC]), ...get(10), ...F32X4_GT, ...set(14),
        ...get(1), ...V_LOAD, ...set(15),
        // The winner is the last position that beat the best so far.
        ...storeAt(2, [...plusRow, ...plusC], [...get(15), ...get(14), ...V_AND]),
        ...get(14), ...V_NOT, ...set(16),
        ...storeAt(2, plusRow, [...get(15), ...get(13), ...get(16), ...V_AND, ...V_AND]),
        ...get(16), ...get(13), ...V_ANDNOT, ...set(16),
        ...storeAt(2, plusC, [...get(15), ...get(12), ...get(16), ...V_AND, ...V_AND]),
        ...get(16), ...get(12), ...V_ANDNOT, ...set(16),
        ...storeAt(2, [], [...get(15), ...get(11), ...get(16), ...V_AND, ...V_AND]),
        ...bump(8, 16), ...bump(1, 16),
      ]),
      // Skip the window's second column.
      ...get(8), ...get(6), ...I32_ADD, ...set(8),
    ]),
  ],
};

/**
 * tanh as Eigen's float rational approximation (x·P(x²)/Q(x²), degrees 13/6, x clamped to ±7.9053…,
 * x itself below |x| < 0.0004). Measured against float64 over [−10, 10] in steps of 1e-4: at most
 * 3.3e-7 absolute and relative error (≈ 5 ulp of 1, near |x| ≈ 6; ≤ 2e-7 for |x| < 3).
 */
export const TANH_ALPHA = [4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16];
export const TANH_BETA = [4.89352518554385e-3, 2.2684346324390e-3, 1.18534705686654e-4, 1.19825839466702e-6];
export const TANH_CLAMP = 7.90531110763549805;
const TANH_TINY = 0.0004;
const F32X4_ABS = simd(0xe0);
const F32X4_LT = simd(0x43);
const F32X4_MIN = simd(0xe8);
const F32X4_MAX = simd(0xe9);

// tanh(x0, out1, n4=2); locals: 3 x, 4 x², 5 acc, 6 numerator
const horner = (coeffs: number[]) => [
  ...f32c(coeffs[coeffs.length - 1]), ...F32X4_SPLAT, ...set(5),
  ...coeffs.slice(0, -1).reverse().flatMap((c) => [...get(5), ...get(4), ...F32X4_MUL, ...f32c(c), ...F32X4_SPLAT, ...F32X4_ADD, ...set(5)]),
];
const tanh: Fn = {
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

// GEMM micro-kernels. Memory arguments: alignment hint 0, then a byte offset.
const mem = (op: number, offset = 0) => [...simd(op), 0, ...uleb(offset)];
const memLane = (op: number, offset: number, lane: number) => [...mem(op, offset), lane];
const V_LOAD_AT = (offset: number) => mem(0x00, offset);
const V_STORE_AT = (offset: number) => mem(0x0b, offset);
const V_LOAD32_SPLAT = mem(0x09);
const V_LOAD32_LANE = (offset: number, lane: number) => memLane(0x56, offset, lane);
const V_STORE32_LANE = (offset: number, lane: number) => memLane(0x5a, offset, lane);
const V_STORE64_LANE = (offset: number, lane: number) => memLane(0x5b, offset, lane);
const V_LOAD32_ZERO = mem(0x5c);
const V_LOAD64_ZERO = mem(0x5d);
const F32X4_PMAX = simd(0xeb);
const I32_MUL = [0x6c];
const I32_AND = [0x71];
const IF = [0x04, 0x40];

/** Pushes the `width` (1…4) floats at `addr` + `offset` as a vector, zeros in the other lanes. */
function loadPart(addr: number[], offset: number, width: number): number[] {
  if (width === 4) return [...addr, ...V_LOAD_AT(offset)];
  if (width === 1) return [...addr, ...i32c(offset), ...I32_ADD, ...V_LOAD32_ZERO];
  const two = [...addr, ...i32c(offset), ...I32_ADD, ...V_LOAD64_ZERO];
  return width === 2 ? two : [...addr, ...two, ...V_LOAD32_LANE(offset + 8, 2)];
}

/** Stores the first `width` lanes of `value` at `addr` + `offset`. */
function storePart(addr: number[], offset: number, width: number, value: number[]): number[] {
  if (width === 4) return [...addr, ...value, ...V_STORE_AT(offset)];
  if (width === 1) return [...addr, ...value, ...V_STORE32_LANE(offset, 0)];
  const two = [...addr, ...value, ...V_STORE64_LANE(offset, 0)];
  return width === 2 ? two : [...two, ...addr, ...value, ...V_STORE32_LANE(offset + 8, 2)];
}

// gemm{R}x{W}(a0, b1, c2, bias3, mBlocks4, nBlocks5, k6, ars7, aps8, ldb9, ldc10, flags11); locals:
// 12 row-block counter, 13 column-block counter, 14 k counter, 15 A pointer, 16 B pointer, 17 A row
// block, 18 C row block, 19 B column block, 20 C column block, 21 bias column block, 22 2·ars,
// 23 3·ars, 24 C row pointer; v128: 25… accumulators (row-major, V per row), then V B vectors, the
// splatted A element and the zero vector.
function gemmKernel(rows: number, width: number): Fn {
  const V = Math.ceil(width / 4);
  const lanes = (v: number) => Math.min(4, width - 4 * v);
  const acc = (r: number, v: number) => 25 + r * V + v;
  const bv = (v: number) => 25 + rows * V + v;
  const splat = 25 + rows * V + V;
  const zero = splat + 1;
  const rowAddr = [get(15), [...get(15), ...get(7), ...I32_ADD], [...get(15), ...get(22), ...I32_ADD], [...get(15), ...get(23), ...I32_ADD]];
  const accs = Array.from({ length: rows * V }, (_, i) => 25 + i);
  const perVector = (f: (v: number) => number[]) => Array.from({ length: V }, (_, v) => f(v)).flat();
  const perRow = (f: (r: number) => number[]) => Array.from({ length: rows }, (_, r) => f(r)).flat();
  return {
    name: `gemm${rows}x${width}`,
    params: Array<number>(12).fill(I32),
    locals: [...Array<number>(13).fill(I32), ...Array<number>(rows * V + V + 2).fill(V128)],
    body: [
      ...get(7), ...i32c(2), ...I32_MUL, ...set(22),
      ...get(7), ...i32c(3), ...I32_MUL, ...set(23),
      ...f32c(0), ...F32X4_SPLAT, ...set(zero),
      ...get(0), ...set(17), ...get(2), ...set(18),
      ...repeat(4, [
        ...get(1), ...set(19), ...get(18), ...set(20), ...get(3), ...set(21), ...get(5), ...set(13),
        ...repeat(13, [
          // Accumulators from the bias (flag bit 0) or zero.
          ...accs.flatMap((l) => [...get(zero), ...set(l)]),
          ...get(11), ...i32c(1), ...I32_AND, ...IF,
          ...perVector((v) => [...loadPart(get(21), 16 * v, lanes(v)), ...set(bv(v)), ...perRow((r) => [...get(bv(v)), ...set(acc(r, v))])]),
          ...END,
          ...get(17), ...set(15), ...get(19), ...set(16), ...get(6), ...set(14),
          ...repeat(14, [
            ...perVector((v) => [...loadPart(get(16), 16 * v, lanes(v)), ...set(bv(v))]),
            ...perRow((r) => [
              ...rowAddr[r], ...V_LOAD32_SPLAT, ...set(splat),
              ...perVector((v) => [...get(acc(r, v)), ...get(splat), ...get(bv(v)), ...F32X4_MUL, ...F32X4_ADD, ...set(acc(r, v))]),
            ]),
            ...get(15), ...get(8), ...I32_ADD, ...set(15),
            ...get(16), ...get(9), ...I32_ADD, ...set(16),
          ]),
          // ReLU (flag bit 1): pmax(0, x) = 0 < x ? x : 0.
          ...get(11), ...i32c(2), ...I32_AND, ...IF,
          ...accs.flatMap((l) => [...get(zero), ...get(l), ...F32X4_PMAX, ...set(l)]),
          ...END,
          ...get(20), ...set(24),
          ...perRow((r) => [
            ...perVector((v) => storePart(get(24), 16 * v, lanes(v), get(acc(r, v)))),
            ...get(24), ...get(10), ...I32_ADD, ...set(24),
          ]),
          ...bump(19, 4 * width), ...bump(20, 4 * width), ...bump(21, 4 * width),
        ]),
        ...get(17), ...get(7), ...i32c(rows), ...I32_MUL, ...I32_ADD, ...set(17),
        ...get(18), ...get(10), ...i32c(rows), ...I32_MUL, ...I32_ADD, ...set(18),
      ]),
    ],
  };
}

const GEMM_ROWS = [4, 1] as const;
const GEMM_WIDTHS = [8, 4, 3, 2, 1] as const;
const gemmKernels = GEMM_ROWS.flatMap((r) => GEMM_WIDTHS.map((w) => gemmKernel(r, w)));

const FUNCTIONS = [reluMask, sumRows, adam, maxPoolGrad2x2Row, tanh, ...gemmKernels];

function moduleBytes(): Uint8Array {
  const types = FUNCTIONS.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0]);
  const imports = vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x00]]);
  const funcs = vec(FUNCTIONS.map((_, i) => uleb(i)));
  const exports = vec(FUNCTIONS.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]));
  const bodies = FUNCTIONS.map((f) => {
    const body = [...vec(f.locals.map((t) => [1, t])), ...f.body, ...END];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, vec(bodies)),
  ]);
}

export interface SimdFunctions {
  reluMask(dy: number, y: number, out: number, n4: number): void;
  sumRows(x: number, out: number, rows: number, k4: number): void;
  adam(p: number, g: number, m: number, v: number, pOut: number, mOut: number, vOut: number, n4: number, b1: number, omb1: number, b2: number, omb2: number, step: number, invBc2: number, eps: number, l2: number, shrink: number, floor: number): void;
  maxPoolGrad2x2Row(x: number, dy: number, dx: number, ow: number, c4: number, rowBytes: number): void;
  tanh(x: number, out: number, n4: number): void;
}

/** gemm{R}x{W}(a, b, c, bias, mBlocks, nBlocks, k, ars, aps, ldb, ldc, flags): see the header. */
export type GemmKernel = (a: number, b: number, c: number, bias: number, mBlocks: number, nBlocks: number, k: number, ars: number, aps: number, ldb: number, ldc: number, flags: number) => void;

/** The GEMM micro-kernels of an instance, by name (`gemm4x8`, …, `gemm1x1`). */
export function gemmKernelOf(fns: SimdFunctions, rows: number, width: number): GemmKernel {
  return (fns as unknown as Record<string, GemmKernel>)[`gemm${rows}x${width}`];
}

/** The slice of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined | null;
const instances = new WeakMap<object, SimdFunctions>();

/** The module's functions bound to `backend`'s memory, or undefined where SIMD is unavailable. */
export function simdFor(backend: BackendWasm): SimdFunctions | undefined {
  const memory = (backend.wasm as unknown as { asm?: { memory?: object } }).asm?.memory;
  if (!memory) return undefined;
  if (compiled === undefined) {
    try {
      compiled = new WA.Module(moduleBytes());
    } catch {
      compiled = null; // no wasm SIMD in this runtime: callers use their JS loops
    }
  }
  if (compiled === null) return undefined;
  let fns = instances.get(memory);
  if (!fns) {
    fns = new WA.Instance(compiled, { env: { memory } }).exports as unknown as SimdFunctions;
    instances.set(memory, fns);
  }
  return fns;
}

/** Byte address of a wasm tensor's data in the backend's memory. */
export function addressOf(backend: BackendWasm, t: tf.TensorInfo): number {
  return backend.getMemoryOffset(t.dataId) as number;
}
