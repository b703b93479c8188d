/**
 * Just enough of a WebAssembly assembler for the SIMD kernels of `simd.ts`: LEB128 encoding, the
 * instructions the kernels use (as byte arrays to spread into a body), two loop helpers, and
 * `moduleBytes`, which lays out a module that imports `env.memory` and exports each function by name.
 * Instruction numbering follows the WebAssembly core and SIMD specifications.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

export function uleb(n: number): number[] {
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
export const get = (i: number) => [0x20, ...uleb(i)];
export const set = (i: number) => [0x21, ...uleb(i)];
export const i32c = (v: number) => [0x41, ...sleb(v)];
export const f32c = (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)];
export const I32_ADD = [0x6a];
export const I32_SUB = [0x6b];
export const I32_MUL = [0x6c];
export const I32_AND = [0x71];
export const I32_SHL = [0x74];
export const I32_EQZ = [0x45];
export const BLOCK = [0x02, 0x40];
export const LOOP = [0x03, 0x40];
export const IF = [0x04, 0x40];
export const END = [0x0b];
export const brIf = (depth: number) => [0x0d, ...uleb(depth)];
export const simd = (op: number) => [0xfd, ...uleb(op)];
export const V_LOAD = [...simd(0x00), 0, 0];
export const V_STORE = [...simd(0x0b), 0, 0];
export const F32X4_SPLAT = simd(0x13);
export const F32X4_LT = simd(0x43);
export const F32X4_GT = simd(0x44);
export const V_NOT = simd(0x4d);
export const V_AND = simd(0x4e);
export const V_ANDNOT = simd(0x4f);
export const V_BITSELECT = simd(0x52);
export const F32X4_ABS = simd(0xe0);
export const F32X4_SQRT = simd(0xe3);
export const F32X4_ADD = simd(0xe4);
export const F32X4_SUB = simd(0xe5);
export const F32X4_MUL = simd(0xe6);
export const F32X4_DIV = simd(0xe7);
export const F32X4_MIN = simd(0xe8);
export const F32X4_MAX = simd(0xe9);
export const F32X4_PMAX = simd(0xeb);

// Memory instructions with an offset: alignment hint 0, then a byte offset.
const mem = (op: number, offset = 0) => [...simd(op), 0, ...uleb(offset)];
const memLane = (op: number, offset: number, lane: number) => [...mem(op, offset), lane];
export const V_LOAD_AT = (offset: number) => mem(0x00, offset);
export const V_STORE_AT = (offset: number) => mem(0x0b, offset);
export const V_LOAD32_SPLAT = mem(0x09);
export const V_LOAD32_LANE = (offset: number, lane: number) => memLane(0x56, offset, lane);
export const V_STORE32_LANE = (offset: number, lane: number) => memLane(0x5a, offset, lane);
export const V_STORE64_LANE = (offset: number, lane: number) => memLane(0x5b, offset, lane);
export const V_LOAD32_ZERO = mem(0x5c);
export const V_LOAD64_ZERO = mem(0x5d);

/** local += k (i32). */
export const bump = (local: number, k: number) => [...get(local), ...i32c(k), ...I32_ADD, ...set(local)];

/** `count` (an i32 local) times: body, then count − 1; nothing when count is 0. */
export function repeat(count: number, body: number[]): number[] {
  return [...BLOCK, ...get(count), ...I32_EQZ, ...brIf(0), ...LOOP, ...body, ...get(count), ...i32c(1), ...I32_SUB, ...set(count), ...get(count), ...brIf(0), ...END, ...END];
}

/** One function of the module: exported as `name`; locals are numbered after the params. */
export interface Fn {
  name: string;
  params: number[];
  locals: number[];
  body: number[];
}

/** A module importing `env.memory` and exporting `functions` (no results) in order. */
export function moduleBytes(functions: Fn[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0]);
  const imports = vec([[...str('env'), ...str('memory'), 0x02, 0x00, 0x00]]);
  const funcs = vec(functions.map((_, i) => uleb(i)));
  const exports = vec(functions.map((f, i) => [...str(f.name), 0x00, ...uleb(i)]));
  const bodies = functions.map((f) => {
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
