/**
 * A Hessian result's card: the eigenvalue density (stochastic Lanczos quadrature, Gaussian-smoothed)
 * on a log y axis, the top eigenvalues marked as vertical dashed lines, and under it a table of
 * λ₁ … λₖ (with their residual bounds) and the trace ± its standard error.
 */
import type { HessianResult } from '../../src/shared/analysis/types';
import { paletteColor, withAlpha } from '../model/colors';
import { formatValue } from '../model/format';
import { DENSITY_FLOOR, densityPoints, hessianRows } from '../model/hessian-model';
import type { AnalysisCard, AnalysisDataset } from './analysis-card';
import { analysisOptions } from './analysis-axes';
import { h } from './dom';
import type { Theme } from './theme';

export function drawHessian(card: AnalysisCard, r: HessianResult, theme: Theme, colorIndex: ReadonlyMap<string, number>): void {
  const color = paletteColor(theme.palette, colorIndex.get(r.arm) ?? 0);
  const points = densityPoints(r);
  const peak = Math.max(0, ...points.map((p) => p.y).filter(Number.isFinite));
  const yMin = peak * DENSITY_FLOOR;
  const yMax = peak * 3;
  const density: AnalysisDataset = { label: 'density', data: points, showLine: true, spanGaps: false, borderColor: color, backgroundColor: color, borderWidth: 1.75, pointRadius: 0, pointHoverRadius: 3, pointHitRadius: 3 };
  const tops: AnalysisDataset[] = r.top.values.map((v, i) => ({
    label: `λ${i + 1}`,
    data: [{ x: v, y: yMin }, { x: v, y: yMax }],
    showLine: true,
    borderColor: withAlpha(theme.foreground, 0.55),
    borderDash: [4, 3],
    borderWidth: 1,
    pointRadius: 0,
    pointHitRadius: 0,
  }));
  card.el.querySelector('.chart-box')?.toggleAttribute('hidden', points.length === 0);
  if (points.length) {
    card.draw(
      [density, ...tops],
      analysisOptions(theme, {
        x: 'eigenvalue λ',
        y: 'density (log scale)',
        yLog: true,
        xBounds: 'ticks',
        yMin,
        yMax,
        mode: 'index',
        title: (items) => (items[0] ? `λ = ${formatValue(items[0].parsed.x ?? NaN, 4)}` : ''),
        label: (item) => (item.datasetIndex === 0 ? `density ${formatValue(item.parsed.y ?? NaN, 3)}` : ''),
        color: () => color,
      }),
    );
  }
  card.setLegend(points.length ? [{ label: `${r.arm}: density`, color, dashed: false }, { label: `top ${r.top.values.length} eigenvalues`, color: withAlpha(theme.foreground, 0.55), dashed: true }] : []);
  const rows = hessianRows(r);
  const note = `At ${r.arm}'s final weights (seed ${r.seed}), ${r.split} split: ${r.rows} rows, ${r.parameters.toLocaleString('en-US')} parameters, loss ${formatValue(r.loss, 4)}. Lanczos ${r.top.converged ? 'converged' : 'did not converge'}; ${r.products} Hessian-vector products, ${formatValue(r.seconds, 2)} s.${points.length ? '' : ' No density (run hessian with --density).'}`;
  card.below.replaceChildren(
    h('table', { class: 'summary hessian' }, h('tbody', {}, ...rows.map((row) => h('tr', {}, h('th', { scope: 'row' }, row.name), h('td', { class: 'num' }, row.value), h('td', { class: 'muted' }, row.note))))),
    h('p', { class: 'analysis-note' }, note),
  );
}
