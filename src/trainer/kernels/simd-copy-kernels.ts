/**
 * A bulk-memory kernel for `simd.ts`: the rows of one filter tap's im2col block (conv2d-backprop-filter.ts).
 * Local numbering in the comment.
 */
import { get, I32, I32_ADD, i32c, repeat, set, type Fn } from './wasm-assembler';

const MEMORY_COPY = [0xfc, 10, 0, 0];
const MEMORY_FILL = [0xfc, 11, 0];

// im2colRows(dst0, src1, rows2, head3, copy4, tail5, dstStride6, srcStride7), all in bytes: per row,
// head zero bytes, copy bytes from src, tail zero bytes; then dst += dstStride, src += srcStride.
export const im2colRows: Fn = {
  name: 'im2colRows',
  params: [I32, I32, I32, I32, I32, I32, I32, I32],
  locals: [],
  body: repeat(2, [
    ...get(0), ...i32c(0), ...get(3), ...MEMORY_FILL,
    ...get(0), ...get(3), ...I32_ADD, ...get(1), ...get(4), ...MEMORY_COPY,
    ...get(0), ...get(3), ...I32_ADD, ...get(4), ...I32_ADD, ...i32c(0), ...get(5), ...MEMORY_FILL,
    ...get(0), ...get(6), ...I32_ADD, ...set(0),
    ...get(1), ...get(7), ...I32_ADD, ...set(1),
  ]),
};
