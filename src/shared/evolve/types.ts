/**
 * Loss evolution: a config's `evolve` section runs CMA-ES over the 8 parameters of a TaylorGLO arm.
 * Each candidate is trained briefly; its fitness is a validation metric. Candidates that fail the
 * TaylorGLO invariant get the worst fitness without training (they are "pruned").
 */

export interface EvolveConfig {
  /** The `taylorglo` arm whose parameters evolve (default: the config's only taylorglo arm). */
  arm: string;
  generations: number;
  /** λ, candidates per generation (paper: 20). */
  population: number;
  /** Initial step size σ₀ (paper: 1.2). */
  sigma: number;
  /** Initial mean (paper: all zeros). */
  mean: number[];
  /** Training steps per candidate evaluation. */
  steps: number;
  /** The validation metric that is the fitness, and its direction. */
  fitness: { metric: string; mode: 'min' | 'max' };
  /** After evolution, train every config arm plus the best candidate (named `<arm> (evolved)`) with the full schedule. */
  retrain: boolean;
  /** Seeds of the retraining (seed … seed + repeats − 1) instead of the config's; the data keeps the config's seed. */
  retrainSeeds?: { seed: number; repeats?: number };
}

/** One line of `evolution.jsonl`: a finished generation. Fitness is in the metric's own units and direction. */
export interface GenerationRecord {
  generation: number;
  /** Candidates evaluated (trained) this generation, and those pruned by the invariant. */
  evaluated: number;
  pruned: number;
  /** Candidates whose training diverged or crashed (worst fitness). */
  failed: number;
  /** Best and median fitness of this generation's trained candidates (undefined if none trained). */
  best?: number;
  median?: number;
  /** Best fitness seen so far and its parameter vector. */
  bestSoFar?: number;
  bestParams?: number[];
  /** CMA-ES state after the update. */
  sigma: number;
  mean: number[];
  /** Seconds since evolution started. */
  time: number;
  /** Every candidate of the generation: its parameters, fitness (undefined when pruned or failed) and outcome. */
  candidates: { params: number[]; fitness?: number; outcome: 'trained' | 'pruned' | 'failed' }[];
}

/** `evolution.json` in the run folder: where evolution stands (rewritten atomically after each generation). */
export interface EvolutionState {
  arm: string;
  /** Classes of the dataset (the invariant and the loss shape depend on it). */
  nClasses: number;
  fitness: EvolveConfig['fitness'];
  generations: number;
  completedGenerations: number;
  status: 'running' | 'completed' | 'stopped' | 'failed';
  reason?: string;
  bestFitness?: number;
  bestParams?: number[];
  totalEvaluated: number;
  totalPruned: number;
}
