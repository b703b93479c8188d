/**
 * The difference-curve card of the Verdict section: per arm, the mean paired difference to the
 * baseline at each evaluation step with its pointwise band (filled), and a dashed zero line, on a
 * linear step axis. The tooltip lists, at the nearest step, each arm's mean, band and seed count.
 */
import { Chart, type ChartDataset, type ChartOptions, type TooltipItem } from 'chart.js';
import { paletteColor, withAlpha } from '../model/colors';
import type { CurveDiffModel } from '../model/curve-diff';
import { formatTick, formatValue } from '../model/format';
import type { DiffPoint } from '../../src/shared/stats/curves';
import { baseOptions } from './chart-base';
import { registerCharts } from './chart-setup';
import { button, h } from './dom';
import type { LegendEntry } from './export-png';
import type { Theme } from './theme';
import { tooltipStyle } from './tooltip';

type Pt = { x: number; y: number };
type Dataset = ChartDataset<'line', Pt[]>;

/** What each dataset draws (same order as the datasets). */
interface Role {
  kind: 'mean' | 'lo' | 'hi' | 'zero';
  arm: string;
  color: string;
  points: readonly DiffPoint[];
}

export const DIFF_CHART_TITLE = 'Difference to the baseline along training';

export class CurveDiffChart {
  readonly el: HTMLElement;
  readonly canvas = h('canvas', { role: 'img', 'aria-label': `${DIFF_CHART_TITLE} chart` });
  private chart: Chart<'line', Pt[]> | undefined;
  private roles: Role[] = [];
  private readonly legend = h('div', { class: 'evo-legend' });
  private readonly note = h('p', { class: 'evo-note' });

  constructor(exportPng: () => void) {
    registerCharts();
    this.el = h(
      'section',
      { class: 'card diff-card', id: 'chart-verdict-diff', 'aria-labelledby': 'chart-verdict-diff-title' },
      h(
        'header',
        { class: 'card-head' },
        h('div', { class: 'card-name' }, h('h3', { id: 'chart-verdict-diff-title', class: 'card-title' }, DIFF_CHART_TITLE)),
        this.legend,
        h('div', { class: 'card-tools' }, button('PNG', 'Save this chart as a PNG image', exportPng, 'btn', `Save ${DIFF_CHART_TITLE} as PNG`)),
      ),
      h('div', { class: 'chart-box' }, this.canvas),
      this.note,
    );
  }

  /** The arms as drawn (for PNG export). */
  legendEntries(): LegendEntry[] {
    return this.roles.filter((r) => r.kind === 'mean').map((r) => ({ label: r.arm, color: r.color, dashed: false }));
  }

  draw(m: CurveDiffModel, colorIndex: ReadonlyMap<string, number>, theme: Theme): void {
    const roles: Role[] = [];
    let x0 = Infinity;
    let x1 = -Infinity;
    for (const a of m.arms) {
      const color = paletteColor(theme.palette, colorIndex.get(a.arm) ?? 0);
      const banded = a.diff.filter((p) => p.lo !== undefined);
      roles.push({ kind: 'lo', arm: a.arm, color, points: banded }, { kind: 'hi', arm: a.arm, color, points: banded }, { kind: 'mean', arm: a.arm, color, points: a.diff });
      for (const p of a.diff) {
        x0 = Math.min(x0, p.step);
        x1 = Math.max(x1, p.step);
      }
    }
    roles.push({ kind: 'zero', arm: '', color: theme.muted, points: Number.isFinite(x0) ? [{ step: x0, n: 0, mean: 0 }, { step: x1, n: 0, mean: 0 }] : [] });
    this.roles = roles;
    const chart = (this.chart ??= new Chart(this.canvas, { type: 'line', data: { datasets: [] }, options: { animation: false, responsive: true, maintainAspectRatio: false } }));
    chart.options = this.options(m, theme);
    chart.data.datasets = roles.map((r) => dataset(r));
    chart.update('none');
    this.legend.replaceChildren(
      ...m.arms.map((a) => {
        const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
        swatch.style.setProperty('--swatch', paletteColor(theme.palette, colorIndex.get(a.arm) ?? 0));
        return h('span', { class: 'evo-legend-item' }, swatch, `${a.arm} − ${m.baseline}`);
      }),
    );
    this.note.textContent = `At each evaluation step: the mean over seeds of arm − ${m.baseline} on ${m.metric} (positive = the arm is better${m.scale === 100 ? ', in percentage points' : ''}), with its pointwise 95% t band (per step, not simultaneous); dashed: no difference.`;
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = undefined;
  }

  private options(m: CurveDiffModel, theme: Theme): ChartOptions<'line'> {
    const font = { family: theme.fontFamily, size: 11 };
    const axis = (title: string) => ({
      type: 'linear' as const,
      title: { display: true, text: title, color: theme.muted, font, padding: { top: 2, bottom: 0 } },
      grid: { color: theme.grid, tickColor: theme.grid },
      border: { color: theme.border },
      ticks: { color: theme.muted, font, maxRotation: 0, autoSkipPadding: 12, maxTicksLimit: 9, callback: (v: number | string) => formatTick(Number(v)) },
    });
    const role = (item: TooltipItem<'line'>): Role | undefined => this.roles[item.datasetIndex];
    return {
      ...baseOptions(theme, font),
      normalized: true,
      layout: { padding: { top: 4, right: 10, left: 0, bottom: 0 } },
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: { x: axis('step'), y: { ...axis(m.yTitle), afterFit: (scale) => void (scale.width = Math.max(scale.width, 48)) } },
      plugins: {
        legend: { display: false },
        zoom: { zoom: { wheel: { enabled: false }, pinch: { enabled: false }, drag: { enabled: false } }, pan: { enabled: false } },
        tooltip: {
          ...tooltipStyle(theme),
          filter: (item) => role(item)?.kind === 'mean',
          callbacks: {
            title: (items) => (items[0] ? `step ${(items[0].raw as Pt).x}` : ''),
            label: (item) => {
              const r = role(item);
              const p = r?.points[item.dataIndex];
              if (!r || !p) return '';
              const band = p.lo !== undefined ? ` (95% band ${formatValue(p.lo, 3)} … ${formatValue(p.hi!, 3)})` : '';
              return `${r.arm}   ${formatValue(p.mean, 4)}${band}, ${p.n} seed${p.n === 1 ? '' : 's'}`;
            },
            labelColor: (item) => {
              const c = role(item)?.color ?? theme.foreground;
              return { borderColor: c, backgroundColor: c, borderWidth: 0 };
            },
          },
        },
      },
    } as ChartOptions<'line'>;
  }
}

function dataset(r: Role): Dataset {
  const base = { label: r.arm, pointRadius: 0, tension: 0, spanGaps: true, borderDash: [] as number[] };
  if (r.kind === 'lo') return { ...base, data: r.points.map((p) => ({ x: p.step, y: p.lo! })), borderWidth: 0, borderColor: 'transparent', fill: false, pointHitRadius: 0, pointHoverRadius: 0, order: 2 };
  if (r.kind === 'hi') return { ...base, data: r.points.map((p) => ({ x: p.step, y: p.hi! })), borderWidth: 0, borderColor: 'transparent', backgroundColor: withAlpha(r.color, 0.18), fill: '-1', pointHitRadius: 0, pointHoverRadius: 0, order: 2 };
  if (r.kind === 'zero') return { ...base, data: r.points.map((p) => ({ x: p.step, y: 0 })), borderWidth: 1, borderColor: r.color, borderDash: [5, 4], fill: false, pointHitRadius: 0, pointHoverRadius: 0, order: 1 };
  return { ...base, data: r.points.map((p) => ({ x: p.step, y: p.mean })), borderWidth: 2, borderColor: r.color, backgroundColor: r.color, fill: false, pointHitRadius: 4, pointHoverRadius: 3, order: 0 };
}
