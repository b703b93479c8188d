/** Functional optimizers by name, and learning-rate schedules. */
import type { OptimizerConfig } from '../../shared/config/types';
import { OPTIMIZERS, unknownNameMessage } from '../../shared/names';
import { createAdam } from './adam';
import { createRmsprop } from './rmsprop';
import { createMomentum, createSgd } from './sgd';
import type { Optimizer } from './types';

export type { Optimizer } from './types';
export { learningRate } from './schedule';

type Factory = (cfg: OptimizerConfig) => Optimizer;
type Name = (typeof OPTIMIZERS)[number];

/** Keyed by exactly the names in `OPTIMIZERS`. */
export const OPTIMIZER_FACTORIES: ReadonlyMap<string, Factory> = new Map<Name, Factory>([
  ['sgd', (cfg) => createSgd(cfg as Extract<OptimizerConfig, { type: 'sgd' }>)],
  ['momentum', (cfg) => createMomentum(cfg as Extract<OptimizerConfig, { type: 'momentum' }>)],
  ['adam', (cfg) => createAdam(cfg as Extract<OptimizerConfig, { type: 'adam' }>)],
  ['adamw', (cfg) => createAdam(cfg as Extract<OptimizerConfig, { type: 'adamw' }>)],
  ['rmsprop', (cfg) => createRmsprop(cfg as Extract<OptimizerConfig, { type: 'rmsprop' }>)],
]);

export function createOptimizer(cfg: OptimizerConfig): Optimizer {
  const factory = OPTIMIZER_FACTORIES.get(cfg.type);
  if (!factory) throw new Error(unknownNameMessage('optimizer', String((cfg as { type: unknown }).type), OPTIMIZERS));
  return factory(cfg);
}
