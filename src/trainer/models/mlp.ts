/** Multi-layer perceptron: dense0 … dense{k−1} with the activation, then a linear `out` layer. */
import type * as tf from '@tensorflow/tfjs-core';
import type { MlpConfig } from '../../shared/config/types';
import { activationFn } from './activations';
import { initParams, resolveInit } from './init';
import { checkParamCount, checkSize, dense, denseActivated, weightAndBias } from './layers';
import type { Model, ParamSpec } from './types';

export function buildMlp(cfg: MlpConfig, nFeatures: number, nOutputs: number): Model {
  checkSize('nFeatures', nFeatures);
  checkSize('nOutputs', nOutputs);
  cfg.hidden.forEach((h, i) => checkSize(`model.hidden[${i}]`, h));
  const act = activationFn(cfg.activation);
  const scheme = resolveInit(cfg.init, cfg.activation);
  const specs: ParamSpec[] = [];
  let width = nFeatures;
  cfg.hidden.forEach((h, i) => {
    specs.push(...weightAndBias(`dense${i}`, [width, h]));
    width = h;
  });
  specs.push(...weightAndBias('out', [width, nOutputs]));
  const nHidden = cfg.hidden.length;

  return {
    specs,
    nOutputs,
    init: (rng) => initParams(specs, scheme, rng),
    forward(params: tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D {
      checkParamCount(params, specs);
      let h = x;
      for (let i = 0; i < nHidden; i++) h = denseActivated(h, params[2 * i], params[2 * i + 1], cfg.activation, act);
      return dense(h, params[2 * nHidden], params[2 * nHidden + 1]);
    },
  };
}
