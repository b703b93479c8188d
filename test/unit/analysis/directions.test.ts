import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/shared/rng';
import { barrier, difference, offset, randomFilterNormalized } from '../../../src/trainer/analysis/directions';
import type { ParamSpec } from '../../../src/trainer/models';

const specs: ParamSpec[] = [
  { name: 'conv0.weight', layer: 'conv0', shape: [3, 3, 2, 4], kind: 'weight' },
  { name: 'conv0.bias', layer: 'conv0', shape: [4], kind: 'bias' },
  { name: 'out.weight', layer: 'out', shape: [5, 3], kind: 'weight' },
];

test("each filter of a filter-normalised direction has that filter's norm in the weights; biases do not move", () => {
  const rng = new Rng(1);
  const weights = specs.map((s) => new Float32Array(s.shape.reduce((a, b) => a * b, 1)).map(() => rng.normal(0, 0.3)));
  const d = randomFilterNormalized(weights, specs, new Rng(2));
  assert.ok(d[1].every((x) => x === 0));
  for (const k of [0, 2]) {
    const shape = specs[k].shape;
    const outputs = shape[shape.length - 1];
    const rows = weights[k].length / outputs;
    for (let o = 0; o < outputs; o++) {
      // Filter o computed independently: entries r·outputs + o of the row-major [..., outputs] tensor.
      let dn = 0;
      let wn = 0;
      for (let r = 0; r < rows; r++) {
        dn += d[k][r * outputs + o] ** 2;
        wn += weights[k][r * outputs + o] ** 2;
      }
      assert.ok(Math.abs(Math.sqrt(dn) - Math.sqrt(wn)) < 1e-5 * Math.sqrt(wn), `${specs[k].name} filter ${o}`);
    }
  }
  assert.deepEqual(randomFilterNormalized(weights, specs, new Rng(2)), d, 'seeded');
});

test('offset and difference move between solutions', () => {
  const a = [Float32Array.from([1, 2]), Float32Array.from([3])];
  const b = [Float32Array.from([2, 0]), Float32Array.from([5])];
  assert.deepEqual(offset(a, 1, difference(b, a)), b);
  assert.deepEqual(offset(a, 0.5, difference(b, a), 2, [Float32Array.from([1, 1]), Float32Array.from([0])]), [Float32Array.from([3.5, 3]), Float32Array.from([4])]);
});

test('barrier: highest loss above the straight line between the endpoint losses, by hand', () => {
  const ts = [-0.5, 0, 0.25, 0.5, 0.75, 1, 1.5];
  const losses = [9, 1, 2.5, 2.0, 2.6, 3, 9];
  // Line: 1 + 2t → 1.5, 2, 2.5 at t = .25, .5, .75; excess .999…: 1.0, 0.0, 0.1 → max 1.0 at 0.25.
  const b = barrier(ts, losses);
  assert.ok(Math.abs(b.height - 1) < 1e-12 && b.at === 0.25, JSON.stringify(b));
  assert.equal(barrier([0, 0.5, 1], [1, 0.5, 1]).height, 0, 'a convex path has no barrier (the endpoints give 0)');
});
