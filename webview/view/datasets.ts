/**
 * Chart.js datasets for line specs: the arm's colour everywhere, dashed for overlaid runs; the raw
 * curve and seed lines faint under the main line; the band filled between its two edges; a cross where
 * a seed diverged or crashed. Dataset objects are reused by id between redraws.
 */
import type { ChartDataset } from 'chart.js';
import { paletteColor, withAlpha } from '../model/colors';
import type { LineSpec } from '../model/lines';
import type { Theme } from './theme';

export type LineDataset = ChartDataset<'line', { x: number; y: number }[]>;

const ORDER: Record<LineSpec['role'], number> = { end: 0, line: 1, seed: 2, raw: 2, 'band-high': 3, 'band-low': 3 };
const OVERLAY_DASH = [6, 4];

function style(spec: LineSpec, theme: Theme): Partial<LineDataset> {
  const c = paletteColor(theme.palette, spec.colorIndex);
  const dash = spec.overlay ? OVERLAY_DASH : [];
  switch (spec.role) {
    case 'line':
      return { borderColor: c, backgroundColor: c, borderWidth: spec.overlay ? 1.5 : 1.75, borderDash: dash };
    case 'raw':
      return { borderColor: withAlpha(c, spec.overlay ? 0.2 : 0.3), borderWidth: 1, borderDash: spec.overlay ? [2, 3] : [] };
    case 'seed':
      return { borderColor: withAlpha(c, 0.45), borderWidth: 1, borderDash: dash };
    case 'band-low':
      return { borderColor: 'transparent', borderWidth: 0, fill: false };
    case 'band-high':
      return { borderColor: 'transparent', borderWidth: 0, backgroundColor: withAlpha(c, spec.overlay ? 0.1 : 0.18), fill: '-1' };
    case 'end':
      return {
        showLine: false,
        pointStyle: 'crossRot',
        pointRadius: 6,
        pointHoverRadius: 7,
        pointBorderWidth: 2.5,
        pointBorderColor: c,
        pointBackgroundColor: c,
        borderColor: c,
      };
  }
}

export function toDatasets(specs: readonly LineSpec[], theme: Theme, reuse: Map<string, LineDataset>): LineDataset[] {
  const next = new Map<string, LineDataset>();
  const out = specs.map((spec) => {
    const ds: LineDataset = reuse.get(spec.id) ?? { data: [] };
    Object.assign(ds, {
      label: spec.overlay ? `${spec.arm} (${spec.runName})` : spec.arm,
      data: spec.points,
      order: ORDER[spec.role],
      pointRadius: 0,
      pointHoverRadius: spec.role === 'line' ? 3 : 0,
      pointHitRadius: 0,
      tension: 0,
      fill: false,
      showLine: true,
      borderDash: [],
      backgroundColor: 'transparent',
      ...style(spec, theme),
    });
    next.set(spec.id, ds);
    return ds;
  });
  reuse.clear();
  for (const [k, v] of next) reuse.set(k, v);
  return out;
}
