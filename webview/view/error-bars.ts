/**
 * A Chart.js plugin that draws error bars (x and y intervals, with end caps) behind points: given per
 * dataset and point with `setErrorBars`, in the point's border colour, clipped to the chart area.
 */
import type { Chart, Plugin } from 'chart.js';
import type { ErrorBar } from '../model/trial-intervals';

const bars = new WeakMap<Chart, readonly (readonly ErrorBar[] | undefined)[]>();

/** The bars of each dataset's points (undefined for a dataset without any). */
export function setErrorBars(chart: Chart, perDataset: readonly (readonly ErrorBar[] | undefined)[]): void {
  bars.set(chart, perDataset);
}

const CAP = 3;

export const errorBarsPlugin: Plugin = {
  id: 'lossLabErrorBars',
  beforeDatasetsDraw(chart) {
    const all = bars.get(chart);
    if (!all) return;
    const g = chart.ctx;
    const area = chart.chartArea;
    const { x: sx, y: sy } = chart.scales;
    g.save();
    g.beginPath();
    g.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
    g.clip();
    g.lineWidth = 1;
    all.forEach((list, d) => {
      if (!list || !chart.isDatasetVisible(d)) return;
      const meta = chart.getDatasetMeta(d);
      const colors = (chart.data.datasets[d] as { pointBorderColor?: unknown }).pointBorderColor;
      list.forEach((b, i) => {
        const el = meta.data[i];
        if (!el) return;
        g.strokeStyle = String(Array.isArray(colors) ? colors[i] : colors ?? '#888');
        g.beginPath();
        if (b.x) {
          const [a, c] = [sx.getPixelForValue(b.x[0]), sx.getPixelForValue(b.x[1])];
          g.moveTo(a, el.y);
          g.lineTo(c, el.y);
          for (const px of [a, c]) {
            g.moveTo(px, el.y - CAP);
            g.lineTo(px, el.y + CAP);
          }
        }
        if (b.y) {
          const [a, c] = [sy.getPixelForValue(b.y[0]), sy.getPixelForValue(b.y[1])];
          g.moveTo(el.x, a);
          g.lineTo(el.x, c);
          for (const py of [a, c]) {
            g.moveTo(el.x - CAP, py);
            g.lineTo(el.x + CAP, py);
          }
        }
        g.stroke();
      });
    });
    g.restore();
  },
};
