import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contourBands, type Ring } from '../../../webview/model/contour-bands';
import { bandOf, logLevels, positiveRange } from '../../../webview/model/contour-levels';
import { arms2d, random2d } from './analysis-fixtures';

/** Even-odd point-in-polygon over every ring of a region. */
function inside(rings: readonly Ring[], px: number, py: number): boolean {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

test('iso-lines of a paraboloid are circles of the right radius, in the slice\u2019s own coordinates', () => {
  const axis = Array.from({ length: 61 }, (_, i) => -1 + i / 30);
  const c = 0.05;
  const loss = axis.map((b) => axis.map((a) => c + a * a + b * b));
  const levels = [0.05, 0.1, 0.2, 0.5, 1, 2.05];
  const bands = contourBands(loss, axis, axis, levels);
  assert.equal(bands.length, levels.length - 1);
  assert.deepEqual(bands.map((b) => b.lo), levels.slice(0, -1));
  for (const band of bands.slice(1)) {
    const radius = Math.sqrt(band.lo - c);
    const pts = band.rings.flat().filter(([x, y]) => Math.abs(x) < 1 && Math.abs(y) < 1);
    assert.ok(pts.length > 20, `level ${band.lo}: ${pts.length} interior points`);
    for (const [x, y] of pts) assert.ok(Math.abs(Math.hypot(x, y) - radius) < 0.02, `level ${band.lo}: (${x}, ${y}) at radius ${Math.hypot(x, y)}, not ${radius}`);
  }
  // Everything is at or above the first level: its region is the whole square.
  for (const [x, y] of bands[0].rings.flat()) assert.ok(Math.abs(x) <= 1 && Math.abs(y) <= 1);
  assert.ok(inside(bands[0].rings, 0.99, -0.99) && inside(bands[0].rings, 0, 0));
});

test('on the real slices, each grid point lies in exactly the regions of the levels at or below its loss', () => {
  for (const r of [random2d(), arms2d()]) {
    const { x, y, loss } = r.slice;
    const range = positiveRange(loss)!;
    const levels = logLevels(range.min, range.max);
    const bands = contourBands(loss, x, y!, levels);
    let checked = 0;
    for (let j = 1; j < y!.length - 1; j++) {
      for (let i = 1; i < x.length - 1; i++) {
        const v = loss[j][i];
        if (levels.some((l) => Math.abs(Math.log10(v / l)) < 1e-9)) continue;
        const expected = bandOf(levels, v);
        const within = bands.map((b) => inside(b.rings, x[i], y![j]));
        within.forEach((w, b) => assert.equal(w, b <= expected, `(${x[i]}, ${y![j]}) loss ${v}: region ≥ ${levels[b]} ${w ? 'holds' : 'misses'} it`));
        checked++;
      }
    }
    assert.ok(checked > 400);
  }
});

test('a diverged point (NaN or ∞) counts as the top of the scale; one below the first level as its bottom', () => {
  const axis = [-1, 0, 1];
  const loss = [[1, 1, 1], [1, NaN, 1], [1, 1, 0]];
  const bands = contourBands(loss, axis, axis, [0.5, 2, 4]);
  assert.ok(inside(bands[1].rings, 0, 0), 'the NaN centre is in the top band');
  assert.ok(!inside(bands[1].rings, -0.9, 0.9));
  assert.ok(inside(bands[0].rings, 0.95, 0.95), 'the 0 corner is still in the bottom band');
});
