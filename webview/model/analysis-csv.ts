/**
 * Analyses as CSV, one table per card: a slice has one row per grid point (x, y, loss, metric; no y
 * for a 1-D slice), the paths one row per point of each path, a Hessian its density on the grid with
 * the top eigenvalues as rows of their own (rank and residual). Numbers are written in full
 * (JavaScript's shortest round-trip form); NaN is an empty cell.
 */
import type { HessianResult, LandscapeResult } from '../../src/shared/analysis/types';
import { csvCell } from './csv';

function table(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function sliceCsv(r: LandscapeResult): string {
  const { x, y, loss, metric } = r.slice;
  const rows: (number | undefined)[][] = [];
  (y ?? [undefined]).forEach((b, j) => x.forEach((a, i) => rows.push(y ? [a, b, loss[j][i], metric[j][i]] : [a, loss[j][i], metric[j][i]])));
  return table(y ? ['x', 'y', 'loss', r.metricName] : ['x', 'loss', r.metricName], rows);
}

export function pathsCsv(r: LandscapeResult): string {
  return table(
    ['from', 'to', 't', 'loss', r.metricName],
    r.paths.flatMap((p) => p.t.map((t, i) => [p.from, p.to, t, p.loss[i], p.metric[i]])),
  );
}

export function hessianCsv(r: HessianResult): string {
  const rows: (number | undefined)[][] = (r.density?.grid ?? []).map((x, i) => [x, r.density!.density[i], undefined, undefined]);
  r.top.values.forEach((v, i) => rows.push([v, undefined, i + 1, r.top.residuals[i]]));
  rows.sort((a, b) => (a[0] as number) - (b[0] as number));
  return table(['eigenvalue', 'density', 'top_rank', 'residual'], rows);
}
