/** The Chart.js options every chart of the panel shares (per-step cards, sweep and evolution charts). */
import type { Theme } from './theme';

export interface ChartFont {
  family: string;
  size: number;
}

/** Redrawn on demand (no animation), sized by its card, data given already parsed, in the theme's colours. */
export function baseOptions(theme: Theme, font: ChartFont) {
  return { animation: false, responsive: true, maintainAspectRatio: false, parsing: false, color: theme.foreground, font } as const;
}
