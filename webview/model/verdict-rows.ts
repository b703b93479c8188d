/**
 * The Verdict section's content: the run summary's paired comparisons (`summary.comparisons`, written
 * when a run of ≥ 2 seeds ends), grouped by metric, each with its interval placed on a scale shared
 * by the group (0 in the middle) and a hover text with the per-seed differences; or the note that
 * says why there is no verdict.
 */
import type { Comparison } from '../../src/shared/comparisons/types';
import { formatDiff, formatInterval } from '../../src/shared/comparisons/verdict';
import type { RunSummary } from '../../src/shared/metrics';

export type VerdictDirection = 'better' | 'worse' | 'none';

export interface VerdictBar {
  /** Positions on the track, 0…1; `zero` is where a difference of 0 sits. */
  lo: number;
  hi: number;
  mean: number;
  zero: number;
}

export interface VerdictRow {
  text: string;
  direction: VerdictDirection;
  bar: VerdictBar;
  /** The interval (or the single difference) as text, for the bar's accessible label. */
  label: string;
  /** Per-seed differences, P(improvement), p-values. */
  hover: string;
}

export interface VerdictGroup {
  title: string;
  rows: VerdictRow[];
}

export interface VerdictModel {
  note?: string;
  /** Offer to run the config again with this many seeds (a finished one-seed run that is not an evolution). */
  rerunSeeds?: number;
  groups: VerdictGroup[];
}

/** The seeds "Re-run with … seeds" asks for. */
export const RERUN_SEEDS = 5;

/** What the section reads of a run (RunData has these). */
export interface VerdictRunLike {
  repeats: number;
  live: boolean;
  summary?: RunSummary;
  sweep?: unknown;
  evolution?: unknown;
}

const directionOf = (c: Comparison): VerdictDirection => (!c.significant ? 'none' : c.meanDiff > 0 ? 'better' : 'worse');

function hoverOf(c: Comparison): string {
  const seeds = c.diffs ? c.seeds.map((s, i) => `seed ${s}: ${formatDiff(c.diffs![i], c.metric)}`) : [`unpaired over seeds ${c.seeds.join(', ')}`];
  const level = `${Math.round(c.confidence * 1000) / 10}%`;
  const pImp = `P(${c.arm} better on a seed) ${c.pImprovement.toFixed(2)}${c.pImprovementCi ? ` (${level} ${c.pImprovementCi.map((x) => x.toFixed(2)).join(' … ')})` : ''}`;
  const p = c.pValue === undefined ? [] : [`p = ${c.pValue.toPrecision(2)}${c.pHolm !== undefined ? `, Holm ${c.pHolm.toPrecision(2)}` : ''}`];
  const method = c.ciMethod ? [`interval: ${c.ciMethod}`] : [];
  return [...seeds, pImp, ...p, ...method].join('\n');
}

function rowsOf(list: Comparison[]): VerdictRow[] {
  const extent = Math.max(...list.flatMap((c) => [...(c.ci ?? []), ...(c.diffs ?? []), c.meanDiff].map(Math.abs)), 1e-12);
  const at = (x: number) => 0.5 + x / (2 * extent);
  return list.map((c) => ({
    text: c.verdict,
    direction: directionOf(c),
    bar: { lo: at(c.ci?.[0] ?? c.meanDiff), hi: at(c.ci?.[1] ?? c.meanDiff), mean: at(c.meanDiff), zero: 0.5 },
    label: c.ci ? `${Math.round(c.confidence * 1000) / 10}% CI ${formatInterval(c.ci, c.metric)}` : formatDiff(c.meanDiff, c.metric),
    hover: hoverOf(c),
  }));
}

export function verdictModel(run: VerdictRunLike): VerdictModel | undefined {
  if (run.sweep) return undefined;
  const comparisons = run.summary?.comparisons ?? [];
  if (comparisons.length === 0) {
    if (run.repeats < 2) {
      const rerun = !run.live && !run.evolution ? { rerunSeeds: RERUN_SEEDS } : {};
      return { note: 'A verdict needs ≥ 2 seeds: set "repeats" to 3 or more to compare arms per seed.', ...rerun, groups: [] };
    }
    if (run.live || run.summary?.status === 'running') return { note: `Paired verdicts between arms appear when the run ends (${run.repeats} seeds).`, groups: [] };
    return { note: 'No verdicts in this run\u2019s summary (written before verdicts existed, or the run was killed): "loss-lab compare <run folder>" computes them.', groups: [] };
  }
  const groups = new Map<string, Comparison[]>();
  for (const c of comparisons) {
    const title = `${c.which} ${c.metric}${c.higherIsBetter ? '' : ' (lower is better)'}`;
    groups.set(title, [...(groups.get(title) ?? []), c]);
  }
  return { groups: [...groups].map(([title, list]) => ({ title, rows: rowsOf(list) })) };
}
