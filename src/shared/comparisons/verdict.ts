/** The plain-words line of a comparison, e.g. "focal beats ce on best val accuracy by +0.8 points (95% CI +0.2 … +1.4; better on 5 of 5 seeds)". */
import type { Comparison } from './types';

const MINUS = '\u2212';

/** Accuracies are fractions; their differences read best as percentage points. */
const inPoints = (metric: string): boolean => /accuracy$/.test(metric);

function number(x: number, metric: string, signed: boolean): string {
  const v = inPoints(metric) ? x * 100 : x;
  const abs = Math.abs(v);
  const digits = inPoints(metric) ? (abs >= 0.1 || abs === 0 ? 1 : 2) : undefined;
  const body = digits !== undefined ? abs.toFixed(digits) : abs === 0 ? '0' : String(Number(abs.toPrecision(2)));
  const sign = v < 0 ? MINUS : signed && v > 0 ? '+' : '';
  return sign + body;
}

export function formatDiff(x: number, metric: string): string {
  return `${number(x, metric, true)}${inPoints(metric) ? ' points' : ''}`;
}

export function formatInterval(ci: [number, number], metric: string): string {
  return `${number(ci[0], metric, true)} \u2026 ${number(ci[1], metric, true)}`;
}

function metricLabel(c: Pick<Comparison, 'metric' | 'which'>): string {
  return `${c.which} ${c.metric.replace(/\//g, ' ')}`;
}

type VerdictInput = Omit<Comparison, 'verdict'>;

function failureNote(c: VerdictInput): string {
  const parts: string[] = [];
  const score = c.failedScore === undefined ? '' : ` (scored ${number(c.failedScore, c.metric, false)}${inPoints(c.metric) ? '%' : ''}, the worst value reached)`;
  if (c.failedSeeds?.arm.length) parts.push(`${c.arm} failed on seed${c.failedSeeds.arm.length > 1 ? 's' : ''} ${c.failedSeeds.arm.join(', ')}${score}`);
  if (c.failedSeeds?.baseline.length) parts.push(`${c.baseline} failed on seed${c.failedSeeds.baseline.length > 1 ? 's' : ''} ${c.failedSeeds.baseline.join(', ')}${score}`);
  if (c.unfinishedSeeds?.length) parts.push(`seed${c.unfinishedSeeds.length > 1 ? 's' : ''} ${c.unfinishedSeeds.join(', ')} did not finish, left out`);
  if (!c.paired) parts.push('unpaired: the two sides did not train on the same seeds and data');
  return parts.length ? `; ${parts.join('; ')}` : '';
}

export function verdictLine(c: VerdictInput): string {
  const on = `on ${metricLabel(c)}`;
  const level = `${Math.round(c.confidence * 1000) / 10}% CI`;
  const seeds = `${c.n} seed${c.n === 1 ? '' : 's'}`;
  const note = failureNote(c);
  if (!c.ci) return `${c.arm} vs ${c.baseline} ${on}: ${formatDiff(c.meanDiff, c.metric)} on ${seeds}; a verdict needs ≥ 2 seeds on each side${note}`;
  const interval = `${level} ${formatInterval(c.ci, c.metric)}`;
  const tally = c.paired ? `${c.meanDiff >= 0 ? 'better' : 'worse'} on ${c.meanDiff >= 0 ? c.wins : c.losses} of ${c.n} seeds` : seeds;
  if (c.significant) {
    const how = c.meanDiff > 0 ? 'beats' : 'is worse than';
    return `${c.arm} ${how} ${c.baseline} ${on} by ${formatDiff(c.meanDiff, c.metric)} (${interval}; ${tally})${note}`;
  }
  if (c.paired && c.ties === c.n) return `${c.arm} vs ${c.baseline} ${on}: identical on all ${seeds}${note}`;
  if ((c.ci[0] > 0 || c.ci[1] < 0) && c.pHolm !== undefined) {
    return `${c.arm} vs ${c.baseline} ${on}: ${formatDiff(c.meanDiff, c.metric)}, not significant after Holm correction (${interval}, ${seeds}; Holm p = ${c.pHolm.toPrecision(2)})${note}`;
  }
  const more = c.seedsNeeded !== undefined && c.minEffect !== undefined ? `; ~${c.seedsNeeded} seeds would resolve ${formatDiff(c.minEffect, c.metric).replace('+', '±')}` : '';
  return `${c.arm} vs ${c.baseline} ${on}: no detectable difference (${interval}, ${seeds})${more}${note}`;
}
