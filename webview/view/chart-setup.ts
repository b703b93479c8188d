/**
 * Chart.js, registered once with only what the panel uses (tree-shaken into the bundle), the zoom
 * plugin, and the `perLine` interaction mode: for the tooltip, the point nearest the pointer's x on
 * every visible main line (one per arm), plus an end marker when the pointer is on it.
 */
import {
  Chart,
  Filler,
  Interaction,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartEvent,
  type InteractionItem,
  type InteractionModeFunction,
} from 'chart.js';
import { getRelativePosition } from 'chart.js/helpers';
import zoomPlugin from 'chartjs-plugin-zoom';
import type { LineSpec } from '../model/lines';

declare module 'chart.js' {
  interface InteractionModeMap {
    perLine: InteractionModeFunction;
  }
}

const specs = new WeakMap<Chart, readonly LineSpec[]>();

/** The line specs behind a chart's datasets (same order). */
export function setSpecs(chart: Chart, s: readonly LineSpec[]): void {
  specs.set(chart, s);
}

export function specsOf(chart: Chart): readonly LineSpec[] {
  return specs.get(chart) ?? [];
}

const END_HIT_PX = 10;

const perLine: InteractionModeFunction = (chart: Chart, e: ChartEvent) => {
  const pos = getRelativePosition(e as unknown as Event, chart as never);
  const area = chart.chartArea;
  if (pos.x < area.left || pos.x > area.right || pos.y < area.top || pos.y > area.bottom) return [];
  const items: InteractionItem[] = [];
  specsOf(chart).forEach((spec, datasetIndex) => {
    if (spec.role !== 'line' && spec.role !== 'end') return;
    if (!chart.isDatasetVisible(datasetIndex)) return;
    const els = chart.getDatasetMeta(datasetIndex).data;
    if (els.length === 0) return;
    let lo = 0;
    let hi = els.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (els[mid].x < pos.x) lo = mid + 1;
      else hi = mid;
    }
    const index = lo > 0 && Math.abs(els[lo - 1].x - pos.x) < Math.abs(els[lo].x - pos.x) ? lo - 1 : lo;
    const el = els[index];
    if (spec.role === 'end' && Math.hypot(el.x - pos.x, el.y - pos.y) > END_HIT_PX) return;
    items.push({ element: el, datasetIndex, index });
  });
  return items;
};

let registered = false;

export function registerCharts(): void {
  if (registered) return;
  registered = true;
  Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Filler, Tooltip, zoomPlugin);
  Interaction.modes.perLine = perLine;
}
