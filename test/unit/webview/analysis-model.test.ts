import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressText } from '../../../webview/model/analysis-progress';
import { inkOn, luminance, viridis } from '../../../webview/model/colormap';
import { DENSITY_FLOOR, densityPoints, hessianRows } from '../../../webview/model/hessian-model';
import { armPositions, barrierRows, pathLabel, pathLines } from '../../../webview/model/landscape-model';
import { arms2d, hessian, random2d, slice1d } from './analysis-fixtures';

test('arm positions: the centre at (0, 0); towards other arms at (1, 0) and (0, 1); none else with random directions', () => {
  assert.deepEqual(armPositions(random2d()), [{ arm: 'cross-entropy', x: 0, y: 0, inside: true }]);
  assert.deepEqual(armPositions(arms2d()), [
    { arm: 'cross-entropy', x: 0, y: 0, inside: true },
    { arm: 'focal γ=2', x: 1, y: 0, inside: true },
    { arm: 'MSE on softmax', x: 0, y: 1, inside: true },
  ]);
  const one = { ...slice1d(), directions: { kind: 'arms' as const, towards: ['cross-entropy', 'other'] } };
  assert.deepEqual(armPositions(one).map((p) => [p.arm, p.x, p.y]), [['focal γ=2', 0, 0], ['cross-entropy', 1, 0]], 'a 1-D slice reaches one arm');
  const narrow = arms2d();
  narrow.slice.x = narrow.slice.x.map((v) => v / 2);
  narrow.slice.y = narrow.slice.y!.map((v) => v / 2);
  assert.deepEqual(armPositions(narrow).map((p) => p.inside), [true, false, false], 'beyond ±range: listed, not inside');
});

test('path lines take the arms\u2019 colours: init → arm its arm\u2019s, a pair from one to the other; new arms the next indices', () => {
  const r = arms2d();
  const lines = pathLines(r, new Map([['cross-entropy', 0], ['focal γ=2', 1]]), 'loss');
  assert.deepEqual(lines.map((l) => [l.label, l.from, l.to, l.fromInit]), [
    ['init → cross-entropy', 0, 0, true],
    ['init → focal γ=2', 1, 1, true],
    ['init → MSE on softmax', 2, 2, true],
    ['cross-entropy ↔ focal γ=2', 0, 1, false],
    ['cross-entropy ↔ MSE on softmax', 0, 2, false],
    ['focal γ=2 ↔ MSE on softmax', 1, 2, false],
  ]);
  const p = r.paths[3];
  assert.deepEqual(lines[3].points, p.t.map((t, i) => ({ x: t, y: p.loss[i] })));
  assert.deepEqual(pathLines(r, new Map(), 'metric')[0].points.map((q) => q.y), r.paths[0].metric);
});

test('the barrier table: the ends\u2019 losses at t = 0 and 1, and each path\u2019s barrier', () => {
  const r = arms2d();
  const rows = barrierRows(r);
  assert.equal(rows.length, 6);
  rows.forEach((row, k) => {
    const p = r.paths[k];
    assert.equal(row.path, pathLabel(p));
    assert.equal(row.start, p.loss[0]);
    assert.equal(row.end, p.loss[p.loss.length - 1]);
    assert.equal(row.height, p.barrier.height);
    assert.equal(row.at, p.barrier.at);
  });
  // Ends agree across paths: the init → arm path ends where that arm's pair paths start.
  assert.equal(rows[1].end, rows[5].start);
});

test('Hessian rows: λ₁ … λₖ then the trace ± standard error; the density floored for a log axis', () => {
  const r = hessian();
  const rows = hessianRows(r);
  assert.deepEqual(rows.map((x) => x.name), ['λ₁', 'λ₂', 'λ₃', 'λ₄', 'λ₅', 'trace']);
  assert.equal(rows[0].value, '2.409');
  assert.equal(rows[5].value, '6.842 ± 0.27');
  const pts = densityPoints(r);
  assert.equal(pts.length, r.density!.grid.length);
  const peak = Math.max(...r.density!.density);
  pts.forEach((p, i) => {
    const d = r.density!.density[i];
    if (d >= peak * DENSITY_FLOOR) assert.equal(p.y, d);
    else assert.ok(Number.isNaN(p.y), `${d} below the floor is a gap`);
  });
  assert.ok(pts.some((p) => Number.isNaN(p.y)) && pts.some((p) => p.y === peak));
  assert.deepEqual(densityPoints({ ...r, density: undefined }), []);
});

test('viridis runs from dark violet to yellow, its lightness rising all the way; ink contrasts with it', () => {
  assert.deepEqual(viridis(0), [68, 1, 84]);
  assert.deepEqual(viridis(1), [253, 231, 37]);
  assert.deepEqual(viridis(-1), viridis(0));
  let last = -1;
  for (let i = 0; i <= 200; i++) {
    const l = luminance(viridis(i / 200));
    assert.ok(l > last, `lightness rises at ${i / 200}`);
    last = l;
  }
  assert.match(inkOn(viridis(0)), /^rgba\(255, 255, 255/);
  assert.match(inkOn(viridis(1)), /^rgba\(0, 0, 0/);
});

test('the progress line gives the count, and the percentage when the total is known', () => {
  assert.equal(progressText({ label: 'landscape of ce (2-D, 41×41)', done: 300, total: 1681 }), 'Analysing: landscape of ce (2-D, 41×41) · 300 of 1,681 (17%)');
  assert.equal(progressText({ label: 'hessian of ce', done: 12 }), 'Analysing: hessian of ce · 12 done');
  assert.match(progressText({ label: 'x', done: 5, total: 4 }), /5 of 4 \(100%\)/);
});
