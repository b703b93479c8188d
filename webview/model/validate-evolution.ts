/** Checks of an evolution run's parts in host messages: its config, generation records and state. */
import type { EvolutionState, EvolveConfig, GenerationRecord } from '../../src/shared/evolve/types';
import type { EvolutionView } from '../../src/shared/protocol/webview';
import { arr, bool, checkDirected, num, numArray, numOrNaN, obj, oneOf, optNum, optStr, str } from './validate-basics';

const EVOLUTION_STATUSES: readonly EvolutionState['status'][] = ['running', 'completed', 'stopped', 'failed'];

export function checkEvolveConfig(x: unknown): EvolveConfig {
  const c = obj(x, 'evolution.config');
  return {
    arm: str(c.arm, 'evolution.config.arm'),
    generations: num(c.generations, 'evolution.config.generations'),
    population: num(c.population, 'evolution.config.population'),
    sigma: num(c.sigma, 'evolution.config.sigma'),
    mean: arr(c.mean, 'evolution.config.mean').map((v) => num(v, 'evolution.config.mean[]')),
    steps: num(c.steps, 'evolution.config.steps'),
    fitness: checkDirected(c.fitness, 'evolution.config.fitness'),
    retrain: bool(c.retrain, 'evolution.config.retrain'),
  };
}

const OUTCOMES: readonly GenerationRecord['candidates'][number]['outcome'][] = ['trained', 'pruned', 'failed'];

export function checkGeneration(x: unknown): GenerationRecord {
  const g = obj(x, 'generation');
  const out: GenerationRecord = {
    generation: num(g.generation, 'generation.generation'),
    evaluated: num(g.evaluated, 'generation.evaluated'),
    pruned: num(g.pruned, 'generation.pruned'),
    failed: num(g.failed, 'generation.failed'),
    sigma: numOrNaN(g.sigma, 'generation.sigma'),
    mean: numArray(g.mean, 'generation.mean'),
    time: num(g.time, 'generation.time'),
    candidates: arr(g.candidates, 'generation.candidates').map((x) => {
      const c = obj(x, 'generation.candidates[]');
      const cand: GenerationRecord['candidates'][number] = { params: numArray(c.params, 'candidate.params'), outcome: oneOf(c.outcome, OUTCOMES, 'candidate.outcome') };
      const fitness = optNum(c.fitness, 'candidate.fitness');
      if (fitness !== undefined) cand.fitness = fitness;
      return cand;
    }),
  };
  for (const k of ['best', 'median', 'bestSoFar'] as const) {
    const v = optNum(g[k], `generation.${k}`);
    if (v !== undefined) out[k] = v;
  }
  if (g.bestParams !== undefined && g.bestParams !== null) out.bestParams = numArray(g.bestParams, 'generation.bestParams');
  return out;
}

export function checkEvolutionState(x: unknown): EvolutionState {
  const s = obj(x, 'evolution state');
  const out: EvolutionState = {
    arm: str(s.arm, 'state.arm'),
    nClasses: num(s.nClasses, 'state.nClasses'),
    fitness: checkDirected(s.fitness, 'state.fitness'),
    generations: num(s.generations, 'state.generations'),
    completedGenerations: num(s.completedGenerations, 'state.completedGenerations'),
    status: oneOf(s.status, EVOLUTION_STATUSES, 'state.status'),
    totalEvaluated: num(s.totalEvaluated, 'state.totalEvaluated'),
    totalPruned: num(s.totalPruned, 'state.totalPruned'),
  };
  const reason = optStr(s.reason, 'state.reason');
  if (reason !== undefined) out.reason = reason;
  const bestFitness = optNum(s.bestFitness, 'state.bestFitness');
  if (bestFitness !== undefined) out.bestFitness = bestFitness;
  if (s.bestParams !== undefined && s.bestParams !== null) out.bestParams = numArray(s.bestParams, 'state.bestParams');
  return out;
}

export function checkEvolutionView(x: unknown): EvolutionView {
  const e = obj(x, 'evolution');
  const out: EvolutionView = {
    config: checkEvolveConfig(e.config),
    nClasses: num(e.nClasses, 'evolution.nClasses'),
    generations: arr(e.generations, 'evolution.generations').map(checkGeneration),
  };
  if (e.state !== undefined && e.state !== null) out.state = checkEvolutionState(e.state);
  return out;
}
