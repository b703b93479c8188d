/**
 * The Evolution section's status line and whether its "Add evolved loss to config" button is enabled
 * (pure, no DOM). Totals come from the host's `EvolutionState` when there is one, else from the
 * generations received.
 */
import type { EvolutionState } from '../../src/shared/evolve/types';
import type { EvolutionView } from '../../src/shared/protocol/webview';
import { currentBest, directionText, fitnessSpec } from './evolution-series';
import { formatValue } from './format';

export interface EvolutionStatus {
  /** Generations completed, and configured. */
  generation: number;
  total: number;
  evaluated: number;
  pruned: number;
  failed: number;
  bestFitness?: number;
  metric: string;
  mode: 'min' | 'max';
  /** The state's status ('running' … 'failed'); 'running' for a live run without a state, else 'unknown'. */
  status: EvolutionState['status'] | 'unknown';
  reason?: string;
  /** A best vector exists. */
  hasBest: boolean;
  /** The adopt button is enabled: a best vector exists and the run is not live, or evolution completed or stopped. */
  canAdopt: boolean;
  /** Why the button is disabled (its tooltip), or what it does. */
  adoptTitle: string;
  /** The status line without status and reason. */
  detail: string;
  /** The status line, e.g. "Generation 7 of 10 · 134 evaluated · 26 pruned · best val/accuracy 0.9778 (higher is better)". */
  text: string;
}

export function evolutionStatus(view: EvolutionView, live: boolean): EvolutionStatus {
  const { metric, mode } = fitnessSpec(view);
  const gens = view.generations;
  const st = view.state;
  const last = gens[gens.length - 1];
  const generation = Math.max(st?.completedGenerations ?? 0, last?.generation ?? 0);
  const total = Math.max(view.config?.generations ?? st?.generations ?? 0, generation);
  const sum = (f: (g: (typeof gens)[number]) => number): number => gens.reduce((n, g) => n + (Number.isFinite(f(g)) ? f(g) : 0), 0);
  const evaluated = st?.totalEvaluated ?? sum((g) => g.evaluated);
  const pruned = st?.totalPruned ?? sum((g) => g.pruned);
  const failed = sum((g) => g.failed);
  let bestFitness = st?.bestFitness;
  if (bestFitness === undefined) {
    for (let i = gens.length - 1; i >= 0 && bestFitness === undefined; i--) bestFitness = gens[i].bestSoFar;
  }
  const status: EvolutionStatus['status'] = st?.status ?? (live ? 'running' : 'unknown');
  const hasBest = currentBest(view) !== undefined;
  const finished = status === 'completed' || status === 'stopped';
  const canAdopt = hasBest && (!live || finished);
  const adoptTitle = !hasBest
    ? 'No evolved vector yet: wait for the first generation to finish'
    : canAdopt
      ? 'Write the best evolved TaylorGLO vector into this run\u2019s config as a new arm'
      : 'Available once evolution has finished';
  const details = [
    `Generation ${generation} of ${total}`,
    `${evaluated.toLocaleString('en-US')} evaluated`,
    `${pruned.toLocaleString('en-US')} pruned`,
    failed > 0 ? `${failed.toLocaleString('en-US')} failed` : '',
    bestFitness !== undefined && Number.isFinite(bestFitness) ? `best ${metric} ${formatValue(bestFitness, 4)} (${directionText(mode)})` : `no ${metric} yet`,
  ].filter(Boolean);
  const parts = [...details, status === 'unknown' ? '' : status, st?.reason ?? ''];
  return {
    generation,
    total,
    evaluated,
    pruned,
    failed,
    bestFitness,
    metric,
    mode,
    status,
    reason: st?.reason,
    hasBest,
    canAdopt,
    adoptTitle,
    detail: details.join(' · '),
    text: parts.filter(Boolean).join(' · '),
  };
}
