/** Functional models: `buildModel(config, shape)` → specs, seeded init and a pure forward pass. */
import * as tf from '@tensorflow/tfjs-core';
import type { ModelConfig } from '../../shared/config/types';
import { MODELS, unknownNameMessage } from '../../shared/names';
import { buildCnn } from './cnn';
import { buildMlp } from './mlp';
import type { Model, ModelShape } from './types';

export type { Model, ModelShape, ParamSpec } from './types';
export { LEAKY_RELU_SLOPE, RELU_LIKE } from './activations';

export function buildModel(cfg: ModelConfig, shape: ModelShape): Model {
  const type = (cfg as { type: string }).type;
  switch (cfg.type) {
    case 'mlp':
      return buildMlp(cfg, shape.nFeatures, shape.nOutputs);
    case 'cnn':
      return buildCnn(cfg, shape);
    default:
      throw new Error(unknownNameMessage('model', type, MODELS));
  }
}

/** Initial values as tensors in `specs` order (the caller owns and disposes them). */
export function initialParams(model: Model, values: readonly Float32Array[]): tf.Tensor[] {
  return values.map((v, i) => tf.tensor(v, model.specs[i].shape, 'float32'));
}
