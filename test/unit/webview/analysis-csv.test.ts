import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hessianCsv, pathsCsv, sliceCsv } from '../../../webview/model/analysis-csv';
import { arms2d, hessian, random2d, slice1d } from './analysis-fixtures';

/** Header and rows; numeric cells as numbers, empty cells NaN, others as text. */
function parse(text: string): { header: string[]; rows: (number | string)[][] } {
  assert.ok(text.endsWith('\n'));
  const [head, ...lines] = text.slice(0, -1).split('\n');
  const cell = (c: string): number | string => (c === '' ? NaN : /^-?[\d.]+(e[-+]?\d+)?$/i.test(c) ? Number(c) : c);
  return { header: head.split(','), rows: lines.map((l) => l.split(',').map(cell)) };
}

test('a 2-D slice: one row per grid point, every number as the result has it', () => {
  for (const r of [random2d(), arms2d()]) {
    const { header, rows } = parse(sliceCsv(r));
    assert.deepEqual(header, ['x', 'y', 'loss', 'accuracy']);
    const { x, y, loss, metric } = r.slice;
    assert.equal(rows.length, x.length * y!.length);
    const seen = new Set<string>();
    for (const [a, b, l, m] of rows as number[][]) {
      const i = x.indexOf(a);
      const j = y!.indexOf(b);
      assert.ok(i >= 0 && j >= 0, `(${a}, ${b}) is on the grid`);
      seen.add(`${i},${j}`);
      assert.equal(l, loss[j][i]);
      assert.equal(m, metric[j][i]);
    }
    assert.equal(seen.size, rows.length, 'each grid point once');
  }
});

test('a 1-D slice has no y column; NaN losses are empty cells', () => {
  const r = slice1d();
  r.slice.loss[0][3] = NaN;
  const { header, rows } = parse(sliceCsv(r));
  assert.deepEqual(header, ['x', 'loss', 'accuracy']);
  assert.equal(rows.length, r.slice.x.length);
  rows.forEach(([a, l, m], i) => {
    assert.equal(a, r.slice.x[i]);
    if (i === 3) assert.ok(Number.isNaN(l));
    else assert.equal(l, r.slice.loss[0][i]);
    assert.equal(m, r.slice.metric[0][i]);
  });
});

test('paths: a row per point of every path, named by its ends', () => {
  const r = arms2d();
  const { header, rows } = parse(pathsCsv(r));
  assert.deepEqual(header, ['from', 'to', 't', 'loss', 'accuracy']);
  assert.equal(rows.length, r.paths.reduce((n, p) => n + p.t.length, 0));
  let k = 0;
  for (const p of r.paths) {
    p.t.forEach((t, i) => {
      assert.deepEqual(rows[k++], [p.from, p.to, t, p.loss[i], p.metric[i]]);
    });
  }
});

test('a Hessian: the density on its grid and the top eigenvalues with rank and residual, ascending', () => {
  const r = hessian();
  const { header, rows } = parse(hessianCsv(r));
  assert.deepEqual(header, ['eigenvalue', 'density', 'top_rank', 'residual']);
  assert.equal(rows.length, r.density!.grid.length + r.top.values.length);
  const values = rows.map((row) => row[0] as number);
  assert.deepEqual(values, [...values].sort((a, b) => a - b));
  const tops = rows.filter((row) => !Number.isNaN(row[2] as number));
  assert.deepEqual(tops.map((row) => row[2]).sort(), [1, 2, 3, 4, 5]);
  for (const [v, d, rank, res] of tops as number[][]) {
    assert.ok(Number.isNaN(d));
    assert.equal(v, r.top.values[rank - 1]);
    assert.equal(res, r.top.residuals[rank - 1]);
  }
  const grid = rows.filter((row) => Number.isNaN(row[2] as number)) as number[][];
  grid.forEach(([v, d]) => assert.equal(d, r.density!.density[r.density!.grid.indexOf(v)]));
});
