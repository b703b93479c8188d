/**
 * safetensors against an independent reader and writer: a few lines of Python (struct + json, the
 * format's definition) read what we write and write what we read.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../../../src/shared/weights/safetensors';

function python(script: string, input?: Buffer): Buffer {
  const r = spawnSync('python3', ['-c', script], { input, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr?.toString());
  return r.stdout;
}

const READER = `
import json, struct, sys
b = sys.stdin.buffer.read()
n = struct.unpack('<Q', b[:8])[0]
h = json.loads(b[8:8 + n])
assert (8 + n) % 8 == 0, 'data not 8-byte aligned'
out = {'__metadata__': h.pop('__metadata__', {})}
for name, t in h.items():
    s, e = t['data_offsets']
    count = (e - s) // 4
    out[name] = {'dtype': t['dtype'], 'shape': t['shape'], 'values': list(struct.unpack('<%df' % count, b[8 + n + s:8 + n + e]))}
print(json.dumps(out))
`;

const tensors: NamedTensor[] = [
  { name: 'dense0.weight', shape: [3, 2], data: Float32Array.from([1.5, -2.25, 3e-8, 1e30, -0, 0.1]) },
  { name: 'dense0.bias', shape: [2], data: Float32Array.from([Math.PI, -Math.E]) },
  { name: 'scalar', shape: [], data: Float32Array.from([7]) },
];

test('Python reads what we write: names, shapes, float32 values bit for bit, metadata', () => {
  const out = JSON.parse(python(READER, encodeSafetensors(tensors, { arm: 'focal', seed: '1' })).toString());
  assert.deepEqual(out.__metadata__, { arm: 'focal', seed: '1' });
  for (const t of tensors) {
    assert.equal(out[t.name].dtype, 'F32');
    assert.deepEqual(out[t.name].shape, t.shape);
    assert.deepEqual(Float32Array.from(out[t.name].values), t.data);
  }
});

test('we read what Python writes (key order of its own, no padding, F64 too)', () => {
  const writer = `
import json, struct, sys
a = struct.pack('<4f', 1.0, 2.0, -3.5, 0.25)
b = struct.pack('<2d', 0.125, -1e3)
h = json.dumps({'b': {'dtype': 'F64', 'shape': [2, 1], 'data_offsets': [len(a), len(a) + len(b)]}, '__metadata__': {'k': 'v'}, 'a': {'dtype': 'F32', 'shape': [2, 2], 'data_offsets': [0, len(a)]}}).encode()
sys.stdout.buffer.write(struct.pack('<Q', len(h)) + h + a + b)
`;
  const file = decodeSafetensors(python(writer));
  assert.deepEqual(file.metadata, { k: 'v' });
  const byName = new Map(file.tensors.map((t) => [t.name, t]));
  assert.deepEqual(byName.get('a'), { name: 'a', shape: [2, 2], data: Float32Array.from([1, 2, -3.5, 0.25]) });
  assert.deepEqual(byName.get('b'), { name: 'b', shape: [2, 1], data: Float32Array.from([0.125, -1000]) });
});

test('round trip keeps order, shapes and values', () => {
  const back = decodeSafetensors(encodeSafetensors(tensors));
  assert.deepEqual(back.tensors, tensors);
  assert.deepEqual(back.metadata, {});
});

test('a truncated or inconsistent file is refused in one line', () => {
  const good = encodeSafetensors(tensors);
  assert.throws(() => decodeSafetensors(good.subarray(0, 5)), /shorter than/);
  assert.throws(() => decodeSafetensors(good.subarray(0, good.length - 4)), /dense0.weight|scalar|not covered|byte range/);
  assert.throws(() => decodeSafetensors(Buffer.concat([good, Buffer.alloc(4)])), /4 bytes not covered/);
  const bad = Buffer.from(good);
  bad.writeBigUInt64LE(BigInt(1e12), 0);
  assert.throws(() => decodeSafetensors(bad), /header length/);
  assert.throws(() => encodeSafetensors([{ name: 'x', shape: [2, 2], data: new Float32Array(3) }]), /holds 4 values, data has 3/);
  assert.throws(() => encodeSafetensors([tensors[1], tensors[1]]), /repeated/);
});
