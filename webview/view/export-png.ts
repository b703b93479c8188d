/**
 * A chart as a PNG data URL: the canvas drawn over an opaque theme background (a canvas alone is
 * transparent), with the chart's title, the run name, and a legend of the arms drawn in it.
 */
import { paletteColor } from '../model/colors';
import type { LineSpec } from '../model/lines';
import type { Theme } from './theme';

/** One legend item under an exported chart. */
export interface LegendEntry {
  label: string;
  color: string;
  dashed: boolean;
}
type Entry = LegendEntry;

function entries(specs: readonly LineSpec[], theme: Theme): Entry[] {
  const seen = new Set<string>();
  const out: Entry[] = [];
  for (const s of specs) {
    if (s.role !== 'line') continue;
    const label = s.overlay ? `${s.arm} (${s.runName})` : s.arm;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ label, color: paletteColor(theme.palette, s.colorIndex), dashed: s.overlay });
  }
  return out;
}

export function chartPng(src: HTMLCanvasElement, specs: readonly LineSpec[], theme: Theme, title: string, subtitle: string): string {
  return canvasPng(src, entries(specs, theme), theme, title, subtitle);
}

/** Any chart canvas with its title, subtitle and legend entries as a PNG data URL. */
export function canvasPng(src: HTMLCanvasElement, items: readonly LegendEntry[], theme: Theme, title: string, subtitle: string): string {
  const k = src.clientWidth > 0 ? src.width / src.clientWidth : 1;
  const pad = 14 * k;
  const measure = document.createElement('canvas').getContext('2d');
  const font = (px: number, weight = 'normal'): string => `${weight} ${px * k}px ${theme.fontFamily}`;
  const rows: Entry[][] = [[]];
  if (measure) {
    measure.font = font(11);
    let x = 0;
    for (const e of items) {
      const w = (26 + 14) * k + measure.measureText(e.label).width;
      if (x > 0 && x + w > src.width) {
        rows.push([]);
        x = 0;
      }
      rows[rows.length - 1].push(e);
      x += w;
    }
  }
  const head = 26 * k;
  const rowH = 18 * k;
  const legendH = items.length ? rows.length * rowH + 6 * k : 0;
  const out = document.createElement('canvas');
  out.width = Math.round(src.width + 2 * pad);
  out.height = Math.round(head + src.height + legendH + 2 * pad);
  const g = out.getContext('2d');
  if (!g) return src.toDataURL('image/png');
  g.fillStyle = theme.background;
  g.fillRect(0, 0, out.width, out.height);
  g.textBaseline = 'middle';
  g.fillStyle = theme.foreground;
  g.font = font(13, '600');
  g.fillText(title, pad, pad + head / 2 - 2 * k);
  const tw = g.measureText(title).width;
  g.fillStyle = theme.muted;
  g.font = font(11);
  g.fillText(subtitle, pad + tw + 10 * k, pad + head / 2 - 2 * k);
  g.drawImage(src, pad, pad + head);
  let y = pad + head + src.height + 6 * k + rowH / 2;
  for (const row of rows) {
    let x = pad;
    for (const e of row) {
      g.strokeStyle = e.color;
      g.lineWidth = 2 * k;
      g.setLineDash(e.dashed ? [5 * k, 3 * k] : []);
      g.beginPath();
      g.moveTo(x, y);
      g.lineTo(x + 20 * k, y);
      g.stroke();
      g.fillStyle = theme.foreground;
      g.fillText(e.label, x + 26 * k, y);
      x += (26 + 14) * k + g.measureText(e.label).width;
    }
    y += rowH;
  }
  return out.toDataURL('image/png');
}
