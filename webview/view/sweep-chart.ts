/**
 * What the sweep charts share: Chart.js scatter registered once, axis and tooltip options from the
 * theme, and the chart's datasets with the trial behind each point (for tooltips and clicks).
 */
import { Chart, ScatterController, type ChartDataset, type ChartOptions, type Scale } from 'chart.js';
import { formatTick, isNiceLogTick } from '../model/format';
import type { Theme } from './theme';
import { baseOptions } from './chart-base';
import { tooltipStyle } from './tooltip';

export type ScatterPoint = { x: number; y: number };
export type ScatterDataset = ChartDataset<'scatter', ScatterPoint[]>;
export type ScatterChart = Chart<'scatter', ScatterPoint[]>;

let registered = false;

/** Adds the scatter controller to what `registerCharts` registered (lines, points, scales, tooltip). */
export function registerScatter(): void {
  if (registered) return;
  registered = true;
  Chart.register(ScatterController);
}

/** Log-axis marks that get a label (and a grid line): fewer over many decades. */
function logMarks(min: number, max: number): number[] {
  const decades = Math.log10(max / min);
  return decades > 4 ? [1] : decades > 2 ? [1, 3] : decades > 1.2 ? [1, 2, 5] : [1, 2, 3, 5];
}

function axis(theme: Theme, title: string, log: boolean): NonNullable<ChartOptions<'scatter'>['scales']>['x'] {
  const font = { family: theme.fontFamily, size: 11 };
  return {
    type: log ? 'logarithmic' : 'linear',
    title: { display: true, text: title, color: theme.muted, font, padding: { top: 2, bottom: 2 } },
    ticks: {
      color: theme.muted,
      font,
      maxRotation: 0,
      autoSkip: !log,
      autoSkipPadding: 12,
      maxTicksLimit: log ? undefined : 7,
      callback(v) {
        if (!log) return formatTick(Number(v));
        return isNiceLogTick(Number(v), logMarks(this.min, this.max)) ? formatTick(Number(v)) : '';
      },
    },
    grid: {
      // On a log axis, grid lines only where a tick is labelled.
      color: log ? (c) => (c.tick && isNiceLogTick(c.tick.value, logMarks(c.scale.min, c.scale.max)) ? theme.grid : 'transparent') : theme.grid,
      tickColor: theme.grid,
    },
    border: { color: theme.border },
  };
}

export interface ScatterAxes {
  x: string;
  y: string;
  xLog?: boolean;
  yLog?: boolean;
}

export function scatterOptions(theme: Theme, axes: ScatterAxes, tooltip: NonNullable<NonNullable<ChartOptions<'scatter'>['plugins']>['tooltip']>['callbacks']): ChartOptions<'scatter'> {
  const y = axis(theme, axes.y, !!axes.yLog);
  return {
    ...baseOptions(theme, { family: theme.fontFamily, size: 11 }),
    layout: { padding: { top: 6, right: 12, left: 0, bottom: 0 } },
    interaction: { mode: 'nearest', intersect: true },
    scales: {
      x: axis(theme, axes.x, !!axes.xLog),
      y: { ...y, afterFit: (scale: Scale) => void (scale.width = Math.max(scale.width, 48)) } as typeof y,
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        ...tooltipStyle(theme, 'bold'),
        callbacks: tooltip,
      },
      zoom: { zoom: { wheel: { enabled: false }, pinch: { enabled: false }, drag: { enabled: false } }, pan: { enabled: false } },
    },
  };
}
