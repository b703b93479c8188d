/**
 * What the panel shows of a Hessian result (`src/trainer/analysis/analyse-hessian.ts`): the top
 * eigenvalues and trace as table rows, and the eigenvalue density for a log-y chart.
 */
import type { HessianResult } from '../../src/shared/analysis/types';
import { formatValue } from './format';

/** The density's lowest drawn value, relative to its peak: Gaussian tails reach 1e-140, which would flatten a log axis. */
export const DENSITY_FLOOR = 1e-6;

export interface HessianRow {
  name: string;
  value: string;
  note: string;
}

/** λ₁ … λₖ with their residual bounds, then the trace ± its standard error. */
export function hessianRows(r: HessianResult): HessianRow[] {
  const rows = r.top.values.map((v, i) => ({
    name: `λ${subscript(i + 1)}`,
    value: formatValue(v, 4),
    note: `residual ${formatValue(r.top.residuals[i], 2)}`,
  }));
  rows.push({
    name: 'trace',
    value: `${formatValue(r.trace.value, 4)} ± ${formatValue(r.trace.standardError, 2)}`,
    note: `standard error, ${r.trace.samples} Hutchinson samples`,
  });
  return rows;
}

function subscript(n: number): string {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
}

/** The density on its grid, NaN (a gap in the line) where it is below DENSITY_FLOOR × its peak or not finite. */
export function densityPoints(r: HessianResult): { x: number; y: number }[] {
  const d = r.density;
  if (!d) return [];
  const peak = Math.max(0, ...d.density.filter(Number.isFinite));
  return d.grid.map((x, i) => {
    const y = d.density[i];
    return { x, y: Number.isFinite(y) && y > 0 && y >= peak * DENSITY_FLOOR ? y : NaN };
  });
}
