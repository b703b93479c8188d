/**
 * Arm colours. Each arm gets a palette index by its position in the run's `arms` (config order), so an
 * arm has the same colour on every chart, in the legend and in the table; an overlaid run's arm takes
 * the colour of the current run's arm of the same name, and arms only overlays have come next.
 */

export type ThemeKind = 'dark' | 'light' | 'high-contrast' | 'high-contrast-light';

/** VS Code's `--vscode-charts-*` colours, in the order arms take them. */
export const THEME_CHART_COLORS = ['blue', 'orange', 'green', 'red', 'purple', 'yellow'] as const;
export type ThemeChartColor = (typeof THEME_CHART_COLORS)[number];

/** Used when the theme does not define a chart colour, then after the theme's six. Chosen to stay apart from them and readable on the background. */
const DEFAULTS: Record<'dark' | 'light', { base: Record<ThemeChartColor, string>; extra: string[] }> = {
  dark: {
    base: { blue: '#3794ff', orange: '#d18616', green: '#89d185', red: '#f14c4c', purple: '#b180d7', yellow: '#cca700' },
    extra: ['#4ec9b0', '#f48fb1', '#9cdcfe', '#d7ba7d', '#c586c0', '#b5cea8'],
  },
  light: {
    base: { blue: '#1a85ff', orange: '#d18616', green: '#388a34', red: '#e51400', purple: '#652d90', yellow: '#bf8803' },
    extra: ['#00838f', '#c2185b', '#5d4037', '#0451a5', '#7cb342', '#6a1b9a'],
  },
};

export function buildPalette(theme: Partial<Record<ThemeChartColor, string>>, kind: ThemeKind): string[] {
  const d = kind === 'light' || kind === 'high-contrast-light' ? DEFAULTS.light : DEFAULTS.dark;
  return [...THEME_CHART_COLORS.map((c) => theme[c]?.trim() || d.base[c]), ...d.extra];
}

/**
 * Colour indices at or above SHADED carry a shade of a palette colour: `base + SHADED·(1 + step)`,
 * step 0…SHADE_STEPS from lightest to darkest (see `shadedIndex`). Sweep trials use them: every trial
 * of a base arm takes that arm's colour, lighter to darker along the arm's trials.
 */
const SHADED = 1000;
const SHADE_STEPS = 20;

export function paletteColor(palette: readonly string[], index: number): string {
  if (index >= SHADED) {
    const base = paletteColor(palette, index % SHADED);
    return shade(base, (Math.floor(index / SHADED) - 1) / SHADE_STEPS);
  }
  return palette[((index % palette.length) + palette.length) % palette.length];
}

/** The colour index of the `k`-th of `n` shades of palette colour `base` (k = 0 lightest). */
export function shadedIndex(base: number, k: number, n: number): number {
  const t = n <= 1 ? 0.5 : k / (n - 1);
  return (base % SHADED) + SHADED * (1 + Math.round(t * SHADE_STEPS));
}

/** `color` lightened (t < 0.5, towards white) or darkened (t > 0.5, towards black); t = 0.5 is the colour itself. */
export function shade(color: string, t: number): string {
  const rgb = parseColor(color);
  if (!rgb) return color;
  const f = (Math.max(0, Math.min(1, t)) - 0.5) * 1.1;
  const target = f < 0 ? 255 : 0;
  const mix = (c: number) => Math.round(c + (target - c) * Math.abs(f));
  return `rgb(${mix(rgb[0])}, ${mix(rgb[1])}, ${mix(rgb[2])})`;
}

/**
 * Colours of a sweep's arms: each base arm its palette index (in `order`), each trial a shade of its
 * base arm's colour, in the order the trials appear in `runArms` (for a grid, ascending values); other
 * arms, and overlays' arms of other names, the next plain colours.
 */
export function sweepColorIndices(runArms: readonly string[], baseOf: ReadonlyMap<string, string>, order: readonly string[], overlayArms: readonly string[] = []): Map<string, number> {
  const out = new Map<string, number>();
  order.forEach((b, i) => out.set(b, i));
  const trialsOf = new Map<string, string[]>();
  for (const a of runArms) {
    const b = baseOf.get(a);
    if (b === undefined || b === a) continue;
    trialsOf.set(b, [...(trialsOf.get(b) ?? []), a]);
  }
  for (const [b, trials] of trialsOf) {
    const base = out.get(b) ?? out.size;
    if (!out.has(b)) out.set(b, base);
    trials.forEach((t, k) => out.set(t, trials.length === 1 ? base : shadedIndex(base, k, trials.length)));
  }
  // Anything else (an arm outside the sweep, an overlay's own arms) takes the next plain palette colour.
  let next = Math.max(order.length, ...[...out.values()].filter((i) => i < SHADED).map((i) => i + 1));
  for (const a of [...runArms, ...overlayArms]) if (!out.has(a)) out.set(a, next++);
  return out;
}

/** Palette index of each (run, arm): the current run's arms by position, then overlay-only arms in order of appearance. */
export function assignColorIndices(mainArms: readonly string[], overlays: readonly { key: string; arms: readonly string[] }[]): Map<string, number> {
  const byName = new Map<string, number>();
  mainArms.forEach((a) => byName.has(a) || byName.set(a, byName.size));
  for (const o of overlays) for (const a of o.arms) if (!byName.has(a)) byName.set(a, byName.size);
  return byName;
}

/** `color` with opacity `alpha` (accepts #rgb, #rrggbb, #rrggbbaa, rgb() and rgba()); other strings come back unchanged. */
export function withAlpha(color: string, alpha: number): string {
  const rgb = parseColor(color);
  if (!rgb) return color;
  const a = Math.round(Math.max(0, Math.min(1, alpha * rgb[3])) * 1000) / 1000;
  return `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, ${a})`;
}

/** [r, g, b, a] with a in [0, 1], or undefined when the string is not a colour this understands. */
export function parseColor(color: string): [number, number, number, number] | undefined {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(c);
  if (hex) {
    const h = hex[1].length <= 4 ? [...hex[1]].map((d) => d + d).join('') : hex[1];
    const n = (i: number): number => parseInt(h.slice(i, i + 2), 16);
    return [n(0), n(2), n(4), h.length === 8 ? n(6) / 255 : 1];
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(c);
  if (fn) {
    const a = fn[4] === undefined ? 1 : fn[4].endsWith('%') ? parseFloat(fn[4]) / 100 : parseFloat(fn[4]);
    return [Number(fn[1]), Number(fn[2]), Number(fn[3]), a];
  }
  return undefined;
}
