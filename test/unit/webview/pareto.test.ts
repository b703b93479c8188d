import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frontSteps, metricDirection, paretoFront, type Direction, type XY } from '../../../webview/model/pareto';
import { rng } from './helpers';

type P = XY & { id: string };
const pt = (id: string, x: number, y: number): P => ({ id, x, y });
const ids = (ps: readonly P[]): string[] => ps.map((p) => p.id);

test('metric direction: the objective keeps its mode, accuracy/R² are maximised, the rest minimised', () => {
  assert.equal(metricDirection('val/ce'), 'min');
  assert.equal(metricDirection('bloop/aux'), 'min');
  assert.equal(metricDirection('val/accuracy'), 'max');
  assert.equal(metricDirection('test/r2'), 'max');
  assert.equal(metricDirection('val/ce', { metric: 'val/ce', mode: 'max' }), 'max');
  assert.equal(metricDirection('val/accuracy', { metric: 'val/ce', mode: 'min' }), 'max');
});

test('min/min front: dominated, same-x and same-y losers out, duplicates kept, non-finite excluded', () => {
  const points = [
    pt('A', 1, 5),
    pt('B', 2, 3),
    pt('C', 3, 4), // B is better on both
    pt('D', 4, 1),
    pt('E', 2, 3), // duplicate of B: neither dominates the other
    pt('F', 1, 6), // same x as A, worse y
    pt('G', 5, 1), // same y as D, worse x
    pt('H', NaN, 0),
    pt('I', 0, Infinity),
    pt('J', -Infinity, 0),
  ];
  assert.deepEqual(ids(paretoFront(points, 'min', 'min')), ['A', 'B', 'D', 'E']);
  assert.deepEqual(frontSteps(paretoFront(points, 'min', 'min'), 'min', 'min'), [
    { x: 1, y: 5 }, { x: 2, y: 5 }, { x: 2, y: 3 }, { x: 4, y: 3 }, { x: 4, y: 1 },
  ]);
});

test('max/min mix (accuracy against a penalty)', () => {
  const points = [pt('a', 0.9, 3), pt('b', 0.95, 4), pt('c', 0.8, 2), pt('d', 0.85, 3.5), pt('e', 0.8, 2.5)];
  // d: a has more accuracy and less penalty. e: c has the same accuracy and less penalty.
  const front = paretoFront(points, 'max', 'min');
  assert.deepEqual(ids(front), ['a', 'b', 'c']);
  assert.deepEqual(frontSteps(front, 'max', 'min'), [
    { x: 0.95, y: 4 }, { x: 0.9, y: 4 }, { x: 0.9, y: 3 }, { x: 0.8, y: 3 }, { x: 0.8, y: 2 },
  ]);
});

test('max/max and min/max, with ties on one axis', () => {
  const points = [pt('p', 1, 1), pt('q', 2, 2), pt('r', 2, 2), pt('s', 0, 3), pt('t', 2, 1)];
  assert.deepEqual(ids(paretoFront(points, 'max', 'max')), ['q', 'r', 's']);
  // Minimise x, maximise y: s (0, 3) beats every other point.
  assert.deepEqual(ids(paretoFront(points, 'min', 'max')), ['s']);
  assert.deepEqual(ids(paretoFront([pt('u', 1, 2), pt('v', 1, 3)], 'min', 'min')), ['u']);
  assert.deepEqual(ids(paretoFront([pt('u', 1, 2), pt('v', 1, 3)], 'min', 'max')), ['v']);
  assert.deepEqual(ids(paretoFront([pt('u', 1, 2), pt('v', 0, 2)], 'max', 'min')), ['u']);
});

test('empty, single and all-invalid inputs', () => {
  assert.deepEqual(paretoFront([], 'min', 'min'), []);
  assert.deepEqual(ids(paretoFront([pt('a', 1, 1)], 'min', 'max')), ['a']);
  assert.deepEqual(paretoFront([pt('a', NaN, 1), pt('b', 1, NaN)], 'min', 'min'), []);
  assert.deepEqual(frontSteps([], 'min', 'min'), []);
  assert.deepEqual(frontSteps([pt('a', 1, 1), pt('b', 1, 1)], 'min', 'min'), [{ x: 1, y: 1 }], 'a duplicate adds no corner');
});

test('the front matches the definition on random data with many ties', () => {
  const r = rng(7);
  const dirs: Direction[] = ['min', 'max'];
  for (let trial = 0; trial < 200; trial++) {
    const n = 1 + Math.floor(r() * 25);
    const points = Array.from({ length: n }, (_, i) => pt(String(i), Math.floor(r() * 6), r() < 0.05 ? NaN : Math.floor(r() * 6)));
    for (const xd of dirs) {
      for (const yd of dirs) {
        const better = (a: number, b: number, d: Direction): boolean => (d === 'min' ? a < b : a > b);
        const notWorse = (a: number, b: number, d: Direction): boolean => a === b || better(a, b, d);
        const expected = points.filter(
          (q) =>
            Number.isFinite(q.x) && Number.isFinite(q.y) &&
            !points.some((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && notWorse(p.x, q.x, xd) && notWorse(p.y, q.y, yd) && (better(p.x, q.x, xd) || better(p.y, q.y, yd))),
        );
        assert.deepEqual(ids(paretoFront(points, xd, yd)), ids(expected), `${xd}/${yd} ${JSON.stringify(points)}`);
        const steps = frontSteps(expected, xd, yd);
        // The staircase only moves toward worse x and better y.
        for (let i = 1; i < steps.length; i++) {
          assert.ok(notWorse(steps[i - 1].x, steps[i].x, xd));
          assert.ok(notWorse(steps[i].y, steps[i - 1].y, yd));
        }
      }
    }
  }
});
