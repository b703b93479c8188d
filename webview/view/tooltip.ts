/**
 * Tooltip contents: where (step, epoch, wall time, or a snapshot's x), then per arm the exact value
 * with its seed, the smoothed value when smoothing, and for a mean over seeds its spread and each
 * seed's own value.
 */
import type { Chart, ChartOptions, TooltipItem } from 'chart.js';
import { paletteColor } from '../model/colors';
import type { RowInfo } from '../model/curves';
import { formatDuration, formatValue } from '../model/format';
import type { LineSpec, Pt } from '../model/lines';
import { specsOf } from './chart-setup';
import type { Theme } from './theme';

type Item = TooltipItem<'line'>;

function lookup(item: Item): { spec: LineSpec; info: RowInfo } | undefined {
  const spec = specsOf(item.chart as Chart)[item.datasetIndex];
  if (!spec) return undefined;
  return { spec, info: spec.describe((item.raw as Pt).i) };
}

function where(info: RowInfo, xLabel: string): string {
  if (info.index !== undefined) return `${xLabel} ${formatValue(info.index, 4)}`;
  return `step ${info.step} · epoch ${formatValue(info.epoch, 3)} · ${formatDuration(info.time)}`;
}

function armName(spec: LineSpec): string {
  const name = spec.overlay ? `${spec.arm} (${spec.runName})` : spec.arm;
  return spec.seed === undefined ? name : `${name} · seed ${spec.seed}`;
}

type TooltipConfig = NonNullable<NonNullable<ChartOptions<'line'>['plugins']>['tooltip']>;

/** The look every chart's tooltip shares: the theme's hover colours and font, compact boxes, no caret. */
export function tooltipStyle(theme: Theme, titleWeight: 'normal' | 'bold' = 'normal') {
  return {
    enabled: true,
    backgroundColor: theme.hoverBackground,
    titleColor: theme.hoverForeground,
    bodyColor: theme.hoverForeground,
    footerColor: theme.muted,
    borderColor: theme.hoverBorder,
    borderWidth: 1,
    cornerRadius: 3,
    padding: 7,
    boxWidth: 8,
    boxHeight: 8,
    boxPadding: 4,
    titleFont: { family: theme.fontFamily, size: 11, weight: titleWeight },
    bodyFont: { family: theme.fontFamily, size: 11 },
    bodySpacing: 1,
    caretSize: 0,
  };
}

export function tooltipOptions(theme: Theme, xLabel: () => string): TooltipConfig {
  return {
    ...tooltipStyle(theme),
    callbacks: {
      title: (items) => {
        const first = items[0] && lookup(items[0]);
        return first ? where(first.info, xLabel()) : '';
      },
      label: (item) => {
        const found = lookup(item);
        if (!found) return '';
        const { spec, info } = found;
        if (spec.role === 'end') return `${armName(spec)} ${spec.note ?? ''}`;
        return `${armName(spec)}   ${formatValue(info.smoothed ?? info.value, 5)}`;
      },
      afterLabel: (item) => {
        const found = lookup(item);
        if (!found) return '';
        const { spec, info } = found;
        if (spec.role === 'end') return `    last value ${formatValue(info.value, 6)} at step ${info.step}`;
        const first = lookup(item.chart.tooltip?.dataPoints?.[0] as Item);
        const parts: string[] = [];
        if (info.seeds) {
          parts.push(`mean ${formatValue(info.value, 6)}`);
          if (info.seeds.values.length) parts.push(`seeds ${info.seeds.values.map((v) => formatValue(v.value, 6)).join(', ')}`);
        } else if (info.smoothed !== undefined) {
          parts.push(`raw ${formatValue(info.value, 6)}`);
        }
        if (first && info.index === undefined && first.info.step !== info.step) parts.push(`at step ${info.step}`);
        return parts.length ? `    ${parts.join(' · ')}` : '';
      },
      labelColor: (item) => {
        const spec = specsOf(item.chart as Chart)[item.datasetIndex];
        const c = paletteColor(theme.palette, spec?.colorIndex ?? 0);
        return { borderColor: c, backgroundColor: c, borderWidth: 0 };
      },
    },
  };
}
