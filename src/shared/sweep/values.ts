/** The values one swept parameter takes: listed, a linear or geometric grid, or random draws. */
import type { Rng } from '../rng';
import type { SweepValues } from '../config/types';

export function isRandom(spec: SweepValues): spec is Extract<SweepValues, { random: unknown }> {
  return 'random' in spec;
}

/** 12 significant digits: 0.01 rather than 0.010000000000000005 from exp/log round-off. */
const tidy = (v: number): number => Number(v.toPrecision(12));

/** Values of a non-random parameter, endpoints exact. */
export function listedValues(spec: SweepValues): number[] {
  if ('values' in spec) return [...spec.values];
  if ('grid' in spec) {
    const { from, to, count } = spec.grid;
    return Array.from({ length: count }, (_, i) => (i === count - 1 ? to : tidy(from + ((to - from) * i) / (count - 1))));
  }
  if ('logGrid' in spec) {
    const { from, to, count } = spec.logGrid;
    const [a, b] = [Math.log(from), Math.log(to)];
    return Array.from({ length: count }, (_, i) => (i === 0 ? from : i === count - 1 ? to : tidy(Math.exp(a + ((b - a) * i) / (count - 1)))));
  }
  throw new Error('random parameters are drawn, not listed');
}

export function drawValue(spec: Extract<SweepValues, { random: unknown }>, rng: Rng): number {
  const { from, to, log } = spec.random;
  return log ? Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * rng.next()) : from + (to - from) * rng.next();
}

/** Compact display of a swept value: 0.001, 0.0316, 10, 1.5e-5. */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(3)));
}
