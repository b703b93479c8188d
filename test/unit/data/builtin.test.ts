import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REAL_DATASETS } from '../../../src/shared/names';
import { loadDataset } from '../../../src/trainer/data';
import { datasetsDir, loadRealDataset, REAL_DATASET_SPECS } from '../../../src/trainer/data/builtin';
import { counts, dataConfig } from './helpers';

const EXPECTED = {
  digits: { n: 1797, d: 64, classes: [178, 182, 177, 183, 181, 182, 181, 179, 174, 180] },
  iris: { n: 150, d: 4, classes: [50, 50, 50] },
  wine: { n: 178, d: 13, classes: [59, 71, 48] },
  breastCancer: { n: 569, d: 30, classes: [212, 357] },
  diabetes: { n: 442, d: 10, classes: undefined },
} as const;

test('every shipped dataset has a spec and a file', () => {
  assert.deepEqual(Object.keys(REAL_DATASET_SPECS).sort(), [...REAL_DATASETS].sort());
});

for (const name of REAL_DATASETS) {
  test(`${name}: shape, task and class counts`, () => {
    const e = EXPECTED[name];
    const raw = loadRealDataset(name);
    assert.equal(raw.n, e.n);
    assert.equal(raw.featureNames.length, e.d);
    assert.equal(raw.x.length, e.n * e.d);
    if (e.classes) {
      assert.equal(raw.task, 'classification');
      assert.equal(raw.nClasses, e.classes.length);
      assert.deepEqual(counts(raw.y, raw.nClasses), [...e.classes]);
      assert.equal(raw.classNames?.length, e.classes.length);
    } else {
      assert.equal(raw.task, 'regression');
      assert.equal(raw.nClasses, 1);
    }
    assert.ok(raw.info[0].includes('BSD-3-Clause'));
    const d = loadDataset(dataConfig(name), 4);
    assert.equal(d.train.n + d.val.n + d.test.n, e.n);
    assert.equal(d.nFeatures, e.d);
  });
}

test('iris class names and digits image layout', () => {
  assert.deepEqual(loadRealDataset('iris').classNames, ['setosa', 'versicolor', 'virginica']);
  const digits = loadRealDataset('digits');
  assert.deepEqual(digits.imageShape, [8, 8, 1]);
  assert.equal(digits.featureNames[9], 'pixel_1_1', 'row-major HWC order');
  assert.ok(digits.x.every((v) => Number.isInteger(v) && v >= 0 && v <= 16));
  assert.deepEqual(loadDataset(dataConfig('digits', {}, true), 1).imageShape, [8, 8, 1]);
  assert.deepEqual(loadRealDataset('breastCancer').classNames, ['malignant', 'benign']);
});

test('diabetes is the unscaled version; standardised targets record targetScale', () => {
  const raw = loadRealDataset('diabetes');
  assert.deepEqual(raw.featureNames, ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6']);
  assert.deepEqual(Array.from(raw.x.subarray(0, 3)), [59, 2, Math.fround(32.1)]);
  assert.equal(raw.y[0], 151);
  const d = loadDataset(dataConfig('diabetes', {}, true), 1);
  assert.ok(d.targetScale && d.targetScale.mean > 100 && d.targetScale.mean < 200 && d.targetScale.std > 50);
});

test('the datasets folder is found beside the bundle or by walking up', () => {
  const root = mkdtempSync(join(tmpdir(), 'losslab-pkg-'));
  mkdirSync(join(root, 'datasets'));
  writeFileSync(join(root, 'datasets', 'digits.csv'), 'target\n0\n');
  mkdirSync(join(root, 'dist'));
  mkdirSync(join(root, 'src', 'trainer', 'data'), { recursive: true });
  assert.equal(datasetsDir(join(root, 'dist')), join(root, 'datasets'));
  assert.equal(datasetsDir(join(root, 'src', 'trainer', 'data')), join(root, 'datasets'));
  assert.throws(() => datasetsDir(tmpdir()), /shipped datasets folder \(datasets\/digits\.csv\) was not found/);
});
