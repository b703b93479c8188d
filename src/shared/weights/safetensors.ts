/**
 * The safetensors file format (huggingface/safetensors): an 8-byte little-endian header length N,
 * N bytes of JSON naming each tensor's dtype, shape and [begin, end) byte range in the data that
 * follows, then the data, little-endian and row-major. Python loads it with `safetensors.numpy.load_file`
 * or `torch`'s safetensors, or with json + numpy alone. Float32 is written (float64 for the few
 * training-state vectors of a checkpoint that are float64); float32 and float64 are read. Typed arrays are taken as little-endian: every platform Node runs on here is.
 */

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

/** A tensor as written or read exactly: float64 data stays float64. */
export interface ExactTensor {
  name: string;
  shape: number[];
  data: Float32Array | Float64Array;
}

export interface TensorFile<T = NamedTensor> {
  tensors: T[];
  metadata: Record<string, string>;
}

const METADATA_KEY = '__metadata__';
/** Larger headers are refused as corrupt (the reference reader's own limit is 100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

/** Bytes of a safetensors file holding `tensors` (in this order) and string `metadata`. */
export function encodeSafetensors(tensors: readonly ExactTensor[], metadata: Record<string, string> = {}): Buffer {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header[METADATA_KEY] = metadata;
  let offset = 0;
  for (const t of tensors) {
    if (t.name === METADATA_KEY || t.name in header) throw new Error(`tensor name '${t.name}' is reserved or repeated`);
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length) throw new Error(`tensor '${t.name}': shape [${t.shape.join(', ')}] holds ${count} values, data has ${t.data.length}`);
    const size = t.data.BYTES_PER_ELEMENT;
    header[t.name] = { dtype: size === 8 ? 'F64' : 'F32', shape: t.shape, data_offsets: [offset, offset + size * count] };
    offset += size * count;
  }
  // The data starts 8-byte aligned (the header is padded with spaces, as the reference writer does).
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded > json.length) json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const out = Buffer.alloc(8 + json.length + offset);
  out.writeBigUInt64LE(BigInt(json.length), 0);
  json.copy(out, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    const bytes = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    bytes.copy(out, at);
    at += bytes.length;
  }
  return out;
}

/** Reads a safetensors file's bytes (float64 tensors as float32); throws a one-line error naming what is wrong. */
export function decodeSafetensors(bytes: Buffer): TensorFile {
  const file = decodeExact(bytes);
  return { metadata: file.metadata, tensors: file.tensors.map((t) => (t.data instanceof Float32Array ? (t as NamedTensor) : { ...t, data: Float32Array.from(t.data) })) };
}

/** Reads a safetensors file's bytes keeping float64 tensors float64; throws a one-line error naming what is wrong. */
export function decodeExact(bytes: Buffer): TensorFile<ExactTensor> {
  if (bytes.length < 8) throw new Error('not a safetensors file: shorter than its 8-byte header length');
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) throw new Error(`not a safetensors file: header length ${headerLength} exceeds the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new Error('not a safetensors file: its header is not JSON');
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const metadata = (header[METADATA_KEY] ?? {}) as Record<string, string>;
  const entries = Object.entries(header).filter(([name]) => name !== METADATA_KEY);
  const tensors = entries.map(([name, info]) => readTensor(bytes, dataStart, dataLength, name, info));
  checkCoverage(entries, dataLength);
  return { tensors, metadata };
}

interface TensorInfo {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const BYTES_PER = { F32: 4, F64: 8 } as const;

function readTensor(bytes: Buffer, dataStart: number, dataLength: number, name: string, raw: unknown): ExactTensor {
  const info = raw as TensorInfo;
  if (!info || !Array.isArray(info.shape) || !Array.isArray(info.data_offsets)) throw new Error(`safetensors entry '${name}' lacks shape or data_offsets`);
  const size = BYTES_PER[info.dtype as keyof typeof BYTES_PER];
  if (size === undefined) throw new Error(`tensor '${name}' has dtype ${info.dtype}; only F32 and F64 are read`);
  const [begin, end] = info.data_offsets;
  const count = info.shape.reduce((a, b) => a * b, 1);
  if (!(begin >= 0 && end <= dataLength && end - begin === count * size)) throw new Error(`tensor '${name}': byte range [${begin}, ${end}) does not hold shape [${info.shape.join(', ')}] of ${info.dtype} within the file`);
  const slice = Buffer.from(bytes.subarray(dataStart + begin, dataStart + end)); // a copy, aligned
  const data = size === 4 ? new Float32Array(slice.buffer, slice.byteOffset, count) : new Float64Array(slice.buffer, slice.byteOffset, count);
  return { name, shape: info.shape, data };
}

/** The tensors' byte ranges tile the data exactly: no gaps, no overlaps, nothing after. */
function checkCoverage(entries: [string, unknown][], dataLength: number): void {
  const ranges = entries.map(([, info]) => (info as TensorInfo).data_offsets).sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [begin, end] of ranges) {
    if (begin !== at) throw new Error(`safetensors data has a gap or overlap at byte ${at}`);
    at = end;
  }
  if (at !== dataLength) throw new Error(`safetensors data has ${dataLength - at} bytes not covered by any tensor`);
}
