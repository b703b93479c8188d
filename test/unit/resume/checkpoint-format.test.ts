/** The checkpoint format's pieces: random stream snapshots, JSON with non-finite numbers, and the checks a reader makes. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../../../src/shared/rng';
import { CHECKPOINT_FORMAT, digestTensors, NoTrainingState, readCheckpoint, stateFromJson, stateToJson } from '../../../src/shared/weights/checkpoint';
import { encodeSafetensors, type ExactTensor } from '../../../src/shared/weights/safetensors';

test('an Rng snapshot (with a pending Box–Muller normal and forks) restored into a stream built the same way continues every stream identically', () => {
  const build = () => {
    const root = new Rng(42);
    return { root, a: root.fork('a'), b: root.fork('b'), aa: root.fork('a') };
  };
  const x = build();
  x.a.normal(); // leaves the pair's second normal pending
  x.b.permutation(10);
  x.aa.uniform();
  const snap = JSON.parse(JSON.stringify(x.root.snapshot()));
  const draws = (s: ReturnType<typeof build>) => (['a', 'b', 'aa'] as const).map((k) => [s[k].normal(), s[k].next(), s[k].normal()]);
  const y = build();
  y.root.restore(snap);
  const want = draws(x);
  assert.deepEqual(draws(y), want);
  // Without the restore the streams differ (the check above can fail).
  assert.notDeepEqual(draws(build()), want);
  const other = new Rng(42);
  other.fork('b');
  assert.throws(() => other.restore(snap), /fork 0 is 'b' here, 'a' in the snapshot/);
});

test('state JSON keeps NaN and ±Infinity and every finite double exactly', () => {
  const value = { a: NaN, b: Infinity, c: -Infinity, d: 0.1 + 0.2, e: [1e-310, -5e300], f: { g: 'NaN' } };
  const back = stateFromJson<typeof value>(stateToJson(value));
  assert.ok(Number.isNaN(back.a));
  assert.equal(back.b, Infinity);
  assert.equal(back.c, -Infinity);
  assert.equal(back.d, 0.1 + 0.2);
  assert.deepEqual(back.e, value.e);
  assert.deepEqual(back.f, { g: 'NaN' });
});

test('readCheckpoint refuses a changed byte (digest), another job\'s file, and says a weights-only file has no training state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-ckfmt-'));
  try {
    const tensors: ExactTensor[] = [
      { name: 'dense0.weight', shape: [2, 2], data: Float32Array.from([1, 2, 3, 4]) },
      { name: 'state.probes.sharpnessStart', shape: [3], data: Float64Array.from([0.1, 0.2, Math.PI]) },
    ];
    const meta = { format: CHECKPOINT_FORMAT, arm: 'ce', seed: '3', step: '10', digest: digestTensors(tensors), state: stateToJson({ step: 10, records: 7, job: {} }) };
    const path = join(dir, 'step-10.safetensors');
    writeFileSync(path, encodeSafetensors(tensors, meta));
    const ck = readCheckpoint(path, { arm: 'ce', seed: 3 });
    assert.equal(ck.state.records, 7);
    assert.deepEqual([...ck.tensors.get('state.probes.sharpnessStart')!.data], [0.1, 0.2, Math.PI]);
    assert.throws(() => readCheckpoint(path, { arm: 'mse', seed: 3 }), /belongs to arm 'ce' seed 3/);
    const bytes = readFileSync(path);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(path, bytes);
    assert.throws(() => readCheckpoint(path, { arm: 'ce', seed: 3 }), /does not match its digest/);
    writeFileSync(path, encodeSafetensors(tensors.slice(0, 1), { format: 'loss-lab weights 1', arm: 'ce', seed: '3', step: '10' }));
    assert.throws(() => readCheckpoint(path, { arm: 'ce', seed: 3 }), (e: unknown) => e instanceof NoTrainingState && /weights only/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
