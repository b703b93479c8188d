import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Rng } from '../../../src/shared/rng';
import { buildModel } from '../../../src/trainer/models';
import { readWeights, writeWeights } from '../../../src/trainer/weights/weights-file';

const mlp = buildModel({ type: 'mlp', hidden: [4, 3], activation: 'relu', init: 'auto' }, { nFeatures: 2, nOutputs: 3 });
const cnn = buildModel({ type: 'cnn', channels: [2], kernelSize: 3, dense: [], activation: 'relu', init: 'auto' }, { nFeatures: 36, nOutputs: 2, imageShape: [6, 6, 1] });

test("a model's weights round-trip through a file named and shaped as the model's parameters", () => {
  const dir = mkdtempSync(join(tmpdir(), 'weights-'));
  try {
    for (const model of [mlp, cnn]) {
      const values = model.init(new Rng(1));
      const path = join(dir, 'a', 'b', 'final.safetensors');
      const size = writeWeights(path, model.specs, values, { arm: 'focal γ=2', seed: 1, step: 40, model: '{}' });
      assert.ok(size > values.reduce((s, v) => s + 4 * v.length, 0));
      const back = readWeights(path, model.specs);
      assert.deepEqual(back.values, values);
      assert.equal(back.metadata.arm, 'focal γ=2');
      assert.equal(back.metadata.step, '40');
      assert.deepEqual(readdirSync(join(dir, 'a', 'b')), ['final.safetensors'], 'no temp file left');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('weights of another model are refused naming the tensor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weights-'));
  try {
    const path = join(dir, 'w.safetensors');
    writeWeights(path, mlp.specs, mlp.init(new Rng(1)), { seed: 0, step: 0, model: '{}' });
    const wider = buildModel({ type: 'mlp', hidden: [5, 3], activation: 'relu', init: 'auto' }, { nFeatures: 2, nOutputs: 3 });
    assert.throws(() => readWeights(path, wider.specs), /'dense0.weight' is \[2, 4\], the model's is \[2, 5\]/);
    const deeper = buildModel({ type: 'mlp', hidden: [4, 3, 3], activation: 'relu', init: 'auto' }, { nFeatures: 2, nOutputs: 3 });
    assert.throws(() => readWeights(path, deeper.specs), /has no tensor|is \[/);
    assert.throws(() => readWeights(join(dir, 'missing.safetensors'), mlp.specs), /missing.safetensors/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
