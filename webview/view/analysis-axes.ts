/** Axis and tooltip options of the Analysis section's charts (scatter charts, lines drawn with `showLine`). */
import type { ChartOptions, TooltipItem } from 'chart.js';
import { scatterOptions } from './sweep-chart';
import type { Theme } from './theme';
import { tooltipStyle } from './tooltip';

type Item = TooltipItem<'scatter'>;

export interface AxesSpec {
  x: string;
  y: string;
  yLog?: boolean;
  /** 'data' (default): the axis ends at the data or xMin/xMax; 'ticks': at the round ticks around them. */
  xBounds?: 'data' | 'ticks';
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  /** Tooltip lines: the title for the items under the pointer, and each item's label ('' leaves it out). */
  title: (items: Item[]) => string;
  label: (item: Item) => string | string[];
  color: (item: Item) => string;
  /** 'index': each line's point at the index nearest the pointer's x (lines on a shared grid); 'nearest': the one nearest point. */
  mode: 'index' | 'nearest';
  /** Right padding (room for a colour bar). */
  padRight?: number;
}

export function analysisOptions(theme: Theme, a: AxesSpec): ChartOptions<'scatter'> {
  const o = scatterOptions(theme, { x: a.x, y: a.y, yLog: a.yLog }, {});
  const scales = o.scales as Record<'x' | 'y', Record<string, unknown>>;
  Object.assign(scales.x, { min: a.xMin, max: a.xMax, bounds: a.xBounds ?? 'data' });
  Object.assign(scales.y, { min: a.yMin, max: a.yMax });
  return {
    ...o,
    layout: { padding: { top: 6, right: a.padRight ?? 12, left: 0, bottom: 0 } },
    interaction: { mode: a.mode, intersect: false, axis: a.mode === 'index' ? 'x' : 'xy' },
    plugins: {
      ...o.plugins,
      tooltip: {
        ...tooltipStyle(theme, 'bold'),
        filter: (item: Item) => a.label(item).length > 0,
        callbacks: {
          title: (items) => a.title(items),
          label: (item) => a.label(item),
          labelColor: (item) => {
            const c = a.color(item);
            return { borderColor: c, backgroundColor: c, borderWidth: 0 };
          },
        },
      },
    },
  };
}
