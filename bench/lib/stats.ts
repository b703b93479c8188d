/** Small statistics and formatting helpers for the benchmarks. */

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** `1.23` / `45.6` / `789`: three significant digits, no exponent. */
export function fmt(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  if (a >= 10 ** digits) return x.toFixed(0);
  return x.toPrecision(digits);
}

/** Median and spread (min–max) of per-round ratios, e.g. `3.1× (2.9–3.4)`. */
export function ratioText(ratios: readonly number[]): string {
  if (ratios.length === 0) return '—';
  return `${fmt(median(ratios))}× (${fmt(Math.min(...ratios))}–${fmt(Math.max(...ratios))})`;
}

/** A GitHub-flavoured markdown table. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
