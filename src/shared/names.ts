/**
 * The canonical lists of names a config may use. The JSON Schema enumerates the same names and the
 * trainer's registries are keyed by them; unit tests check that all three agree.
 */

export const SYNTHETIC_CLASSIFICATION_DATASETS = ['spirals', 'moons', 'circles', 'blobs', 'xor'] as const;
export const SYNTHETIC_REGRESSION_DATASETS = ['sine', 'friedman1', 'linearOutliers'] as const;
export const REAL_DATASETS = ['digits', 'iris', 'wine', 'breastCancer', 'diabetes'] as const;
export const DATASETS = [
  ...SYNTHETIC_CLASSIFICATION_DATASETS,
  ...SYNTHETIC_REGRESSION_DATASETS,
  ...REAL_DATASETS,
  'csv',
] as const;

export const MODELS = ['mlp', 'cnn'] as const;
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'softplus', 'elu', 'gelu', 'leakyRelu'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamw', 'rmsprop'] as const;
export const SCHEDULES = ['constant', 'step', 'cosine', 'linear'] as const;

/** Losses that score a real-valued prediction; on a classification task they compare softmax probabilities with one-hot targets. */
export const REGRESSION_LOSSES = ['mse', 'mae', 'huber', 'logcosh'] as const;
/** Losses that need class labels and score logits. */
export const CLASSIFICATION_LOSSES = ['bce', 'ce', 'focal', 'hinge', 'labelSmoothing'] as const;
export const STANDARD_LOSSES = [...REGRESSION_LOSSES, ...CLASSIFICATION_LOSSES] as const;
/** Losses trained by a method of their own (input-gradient terms, schedules, learned or user-written losses). */
export const RESEARCH_LOSSES = ['lai', 'dynamical', 'taylorglo', 'custom', 'adalfl', 'bloop'] as const;
export const LOSSES = [...STANDARD_LOSSES, ...RESEARCH_LOSSES] as const;

export type DatasetName = (typeof DATASETS)[number];
export type LossType = (typeof LOSSES)[number];

/** "unknown loss 'foo'; valid losses: a, b, c" — one wording for every registry. */
export function unknownNameMessage(kind: string, name: string, valid: readonly string[]): string {
  return `unknown ${kind} '${name}'; valid ${kind === 'loss' ? 'losses' : `${kind}s`}: ${valid.join(', ')}`;
}

export const BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

/** Shipped datasets whose target is a real number; the other shipped ones are classification sets. */
export const REAL_REGRESSION_DATASETS = ['diabetes'] as const;
/** Datasets of images: the ones a `cnn` model accepts. */
export const IMAGE_DATASETS = ['digits'] as const;

/** The task of a built-in dataset; undefined for 'csv' (set by `task` or inferred by the loader) and unknown names. */
export function datasetTask(name: string): 'classification' | 'regression' | undefined {
  const is = (list: readonly string[]) => list.includes(name);
  if (is(SYNTHETIC_REGRESSION_DATASETS) || is(REAL_REGRESSION_DATASETS)) return 'regression';
  if (is(SYNTHETIC_CLASSIFICATION_DATASETS) || is(REAL_DATASETS)) return 'classification';
  return undefined;
}
