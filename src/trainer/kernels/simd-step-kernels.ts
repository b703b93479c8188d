/**
 * The SIMD kernels of a training step, as WebAssembly functions for `simd.ts` (whose header gives
 * each one's arguments and meaning): the ReLU gradient mask, the bias gradient (column sums), the
 * Adam update and one output row of the 2×2 max-pool gradient. Comments give the local numbering.
 */
import { bump, f32c, F32, F32X4_ADD, F32X4_DIV, F32X4_GT, F32X4_MUL, F32X4_SPLAT, F32X4_SQRT, F32X4_SUB, get, I32, I32_ADD, I32_SHL, i32c, repeat, set, V128, V_AND, V_ANDNOT, V_BITSELECT, V_LOAD, V_NOT, V_STORE, type Fn } from './wasm-assembler';

// reluMask(dy0, y1, out2, n4=3); local 4: zero vector
export const reluMask: Fn = {
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
export const sumRows: Fn = {
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
export const adam: Fn = {
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
export const maxPoolGrad2x2Row: Fn = {
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
