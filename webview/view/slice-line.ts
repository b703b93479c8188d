/**
 * A 1-D slice as a line: the task loss (log y when it spans more than a decade and a half) or the
 * metric against α, with the arms' solutions marked where they lie (the centre at α = 0; with 'arms'
 * directions the next arm at α = 1).
 */
import type { LandscapeResult } from '../../src/shared/analysis/types';
import { paletteColor } from '../model/colors';
import { positiveRange } from '../model/contour-levels';
import { formatValue } from '../model/format';
import { armPositions, metricTitle } from '../model/landscape-model';
import type { AnalysisCard, AnalysisDataset } from './analysis-card';
import { analysisOptions } from './analysis-axes';
import type { Theme } from './theme';

export function drawSliceLine(card: AnalysisCard, r: LandscapeResult, theme: Theme, colorIndex: ReadonlyMap<string, number>, which: 'loss' | 'metric'): void {
  const { x } = r.slice;
  const values = (which === 'loss' ? r.slice.loss : r.slice.metric)[0];
  const range = which === 'loss' ? positiveRange([values]) : undefined;
  const log = !!range && range.max / range.min > 30;
  const color = paletteColor(theme.palette, colorIndex.get(r.center) ?? 0);
  const arms = armPositions(r).filter((p) => p.inside);
  const line: AnalysisDataset = { label: r.center, data: x.map((a, i) => ({ x: a, y: values[i] })), showLine: true, borderColor: color, backgroundColor: color, borderWidth: 2, pointRadius: 0, pointHoverRadius: 3, pointHitRadius: 3 };
  const markers: AnalysisDataset[] = arms.map((p) => {
    const c = paletteColor(theme.palette, colorIndex.get(p.arm) ?? 0);
    const i = x.indexOf(p.x);
    return { label: p.arm, data: i >= 0 ? [{ x: p.x, y: values[i] }] : [], pointRadius: 6, pointHoverRadius: 6, backgroundColor: c, borderColor: theme.background, borderWidth: 2 };
  });
  const dir = r.directions.kind === 'arms' ? `towards ${r.directions.towards?.[0] ?? ''}` : 'random direction';
  const yName = which === 'loss' ? `task loss (${r.lossName})${log ? ', log scale' : ''}` : metricTitle(r.metricName);
  card.draw(
    [line, ...markers],
    analysisOptions(theme, {
      x: `α (${dir})`,
      y: yName,
      yLog: log,
      xMin: x[0],
      xMax: x[x.length - 1],
      mode: 'index',
      title: (items) => (items[0] ? `α ${formatValue(items[0].parsed.x ?? NaN, 3)}` : ''),
      label: (item) => (item.datasetIndex === 0 ? `${which === 'loss' ? r.lossName : metricTitle(r.metricName)}   ${formatValue(item.parsed.y ?? NaN, 4)}` : `${arms[item.datasetIndex - 1]?.arm ?? ''}'s solution`),
      color: (item) => (item.datasetIndex === 0 ? color : paletteColor(theme.palette, colorIndex.get(arms[item.datasetIndex - 1]?.arm ?? '') ?? 0)),
    }),
  );
  card.setLegend(arms.map((p) => ({ label: `${p.arm} (α = ${formatValue(p.x, 3)})`, color: paletteColor(theme.palette, colorIndex.get(p.arm) ?? 0), dashed: false })));
}
