/**
 * The GEMM micro-kernels of the SIMD module (`gemm{R}x{W}`, R ∈ {4, 1}, W ∈ {8, 4, 3, 2, 1}): their
 * arguments and layout are in the header of `simd.ts`, the driver that tiles a matrix product with
 * them is `simd-gemm.ts`.
 */
import { bump, END, f32c, F32X4_ADD, F32X4_MUL, F32X4_PMAX, F32X4_SPLAT, get, I32, I32_ADD, I32_AND, I32_MUL, i32c, IF, repeat, set, V128, V_LOAD32_LANE, V_LOAD32_SPLAT, V_LOAD32_ZERO, V_LOAD64_ZERO, V_LOAD_AT, V_STORE32_LANE, V_STORE64_LANE, V_STORE_AT, type Fn } from './wasm-assembler';

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
export const gemmKernels = GEMM_ROWS.flatMap((r) => GEMM_WIDTHS.map((w) => gemmKernel(r, w)));
