/**
 * Viridis (van der Walt and Smith, matplotlib's default), a perceptually uniform colour map whose
 * lightness rises monotonically from dark violet to yellow: readable on dark and light themes alike,
 * and in greyscale. Sampled at nine stops (d3-scale-chromatic's values) and interpolated linearly.
 */

const STOPS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 82, 139],
  [44, 114, 142],
  [33, 145, 140],
  [40, 174, 128],
  [94, 201, 98],
  [173, 220, 48],
  [253, 231, 37],
];

export type Rgb = [number, number, number];

/** The colour map at t in [0, 1] (clamped; NaN gives the top colour). */
export function viridis(t: number): Rgb {
  const u = Number.isNaN(t) ? 1 : Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(u));
  const f = u - i;
  const a = STOPS[i];
  const b = STOPS[i + 1];
  return [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)) as Rgb;
}

export function rgbString(c: Rgb, alpha = 1): string {
  return alpha >= 1 ? `rgb(${c[0]}, ${c[1]}, ${c[2]})` : `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${alpha})`;
}

/** WCAG relative luminance of an sRGB colour (0 black … 1 white). */
export function luminance(c: Rgb): number {
  const lin = (v: number): number => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

/** A line colour that stands out on `c`: translucent black on light colours, translucent white on dark ones. */
export function inkOn(c: Rgb, alpha = 0.5): string {
  return luminance(c) > 0.22 ? `rgba(0, 0, 0, ${alpha})` : `rgba(255, 255, 255, ${alpha})`;
}
