/** Evolution views for the webview's evolution unit tests: a 10-generation config and plausible generation records. */
import type { EvolveConfig, GenerationRecord } from '../../../src/shared/evolve/types';
import type { EvolutionView } from '../../../src/shared/protocol/webview';

export const CONFIG: EvolveConfig = {
  arm: 'taylorglo',
  generations: 10,
  population: 4,
  sigma: 1.2,
  mean: [0, 0, 0, 0, 0, 0, 0, 0],
  steps: 100,
  fitness: { metric: 'val/accuracy', mode: 'max' },
  retrain: true,
};

export const V = (k: number): number[] => [0.1 * k, -0.2, 0.3, -1 + 0.05 * k, 0, 2, 0.01 * k, 0];

export function gen(g: number, over: Partial<GenerationRecord> = {}): GenerationRecord {
  return {
    generation: g,
    evaluated: 3,
    pruned: 1,
    failed: 0,
    best: 0.5 + 0.03 * g,
    median: 0.4 + 0.02 * g,
    bestSoFar: 0.5 + 0.03 * g,
    bestParams: V(g),
    sigma: 1.2 - 0.05 * g,
    mean: V(0),
    time: g * 3,
    candidates: [
      { params: V(g), fitness: 0.5 + 0.03 * g, outcome: 'trained' },
      { params: V(g + 100), fitness: 0.3, outcome: 'trained' },
      { params: V(g + 200), fitness: 0.35, outcome: 'trained' },
      { params: V(g + 300), outcome: 'pruned' },
    ],
    ...over,
  };
}

export function view(gens: GenerationRecord[], over: Partial<EvolutionView> = {}): EvolutionView {
  return { config: CONFIG, nClasses: 10, generations: gens, ...over };
}
