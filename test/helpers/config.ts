/** Builds resolved configs for tests through the real validation path. */
import { validateConfigText } from '../../src/shared/config';
import type { ExperimentConfig } from '../../src/shared/config/types';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const ROOT = join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');

/** A small, fast classification experiment; `overrides` are merged at the top level. */
export function tinyConfigObject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny',
    seed: 3,
    data: { dataset: 'moons', points: 160, noise: 0.1 },
    model: { type: 'mlp', hidden: [8], activation: 'tanh' },
    train: { epochs: 3, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 } },
    losses: [
      { name: 'ce', type: 'ce' },
      { name: 'mse', type: 'mse' },
    ],
    ...overrides,
  };
}

export function resolveConfig(obj: Record<string, unknown>, fileName = join(FIXTURES, 'inline.losslab.json')): ExperimentConfig {
  const { config, problems } = validateConfigText(JSON.stringify(obj, null, 2), fileName);
  if (!config) throw new Error(`test config invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return config;
}
