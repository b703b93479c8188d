/**
 * Verdicts in a few words, for the places with room for one short line per comparison: the side
 * view and the "run finished" notification. Only the comparisons on the run's first (main) metric,
 * e.g. "focal beats ce by +0.8 points (95% CI +0.2 … +1.4)"; the full lines stay in the panel.
 */
import type { Comparison } from './types';
import { formatDiff, formatInterval } from './verdict';

export interface ShortVerdicts {
  /** What the lines compare, e.g. "best val accuracy". */
  title: string;
  lines: { text: string; direction: 'better' | 'worse' | 'none' }[];
  /** Comparisons on that metric left out (beyond `max`). */
  more: number;
}

export function shortVerdict(c: Comparison): string {
  const level = `${Math.round(c.confidence * 1000) / 10}% CI`;
  if (!c.ci) return `${c.arm} vs ${c.baseline}: ${formatDiff(c.meanDiff, c.metric)} on ${c.n} seed${c.n === 1 ? '' : 's'}`;
  const interval = `(${level} ${formatInterval(c.ci, c.metric)})`;
  if (c.significant) return `${c.arm} ${c.meanDiff > 0 ? 'beats' : 'is worse than'} ${c.baseline} by ${formatDiff(c.meanDiff, c.metric)} ${interval}`;
  return `${c.arm} vs ${c.baseline}: no detectable difference ${interval}`;
}

/** The first `max` comparisons on the first metric compared (the main one), or undefined when there are none. */
export function shortVerdicts(comparisons: readonly Comparison[] | undefined, max = 3): ShortVerdicts | undefined {
  const first = comparisons?.[0];
  if (!first) return undefined;
  const same = comparisons.filter((c) => c.metric === first.metric && c.which === first.which);
  return {
    title: `${first.which} ${first.metric.replace(/\//g, ' ')}`,
    lines: same.slice(0, max).map((c) => ({ text: shortVerdict(c), direction: !c.significant ? 'none' : c.meanDiff > 0 ? 'better' : 'worse' })),
    more: Math.max(0, same.length - max),
  };
}
