/**
 * Small convolutional network on image rows: conv{i} (k×k, 'same', stride 1) + activation + 2×2
 * max-pool for each entry of `channels`, flatten (NHWC order), dense{i} hidden layers, linear `out`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CnnConfig } from '../../shared/config/types';
import { activationFn } from './activations';
import { initParams, resolveInit } from './init';
import { checkParamCount, checkSize, convActivated, dense, denseActivated, maxPool2x2, pooledSize, weightAndBias } from './layers';
import type { Model, ModelShape, ParamSpec } from './types';

export function buildCnn(cfg: CnnConfig, shape: ModelShape): Model {
  if (!shape.imageShape) throw new Error('the cnn model needs an image dataset (rows with an image shape)');
  const [height, width, depth] = shape.imageShape;
  [height, width, depth].forEach((s, i) => checkSize(`imageShape[${i}]`, s));
  if (height * width * depth !== shape.nFeatures) {
    throw new Error(`image shape ${height}×${width}×${depth} does not match ${shape.nFeatures} features`);
  }
  checkSize('nOutputs', shape.nOutputs);
  checkSize('model.kernelSize', cfg.kernelSize);
  cfg.channels.forEach((c, i) => checkSize(`model.channels[${i}]`, c));
  cfg.dense.forEach((d, i) => checkSize(`model.dense[${i}]`, d));
  const act = activationFn(cfg.activation);
  const scheme = resolveInit(cfg.init, cfg.activation);

  const specs: ParamSpec[] = [];
  let [h, w, c] = [height, width, depth];
  cfg.channels.forEach((out, i) => {
    specs.push(...weightAndBias(`conv${i}`, [cfg.kernelSize, cfg.kernelSize, c, out]));
    [h, w, c] = [pooledSize(h), pooledSize(w), out];
    if (h < 1 || w < 1) {
      throw new Error(`a ${height}×${width} image is too small for ${cfg.channels.length} conv+pool layers`);
    }
  });
  let units = h * w * c;
  cfg.dense.forEach((d, i) => {
    specs.push(...weightAndBias(`dense${i}`, [units, d]));
    units = d;
  });
  specs.push(...weightAndBias('out', [units, shape.nOutputs]));
  const nConv = cfg.channels.length;
  const nDense = cfg.dense.length;
  const flatUnits = specs[2 * nConv].shape[0];

  return {
    specs,
    nOutputs: shape.nOutputs,
    init: (rng) => initParams(specs, scheme, rng),
    forward(params: tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D {
      checkParamCount(params, specs);
      const n = x.shape[0];
      let img = tf.reshape(x, [n, height, width, depth]) as tf.Tensor4D;
      for (let i = 0; i < nConv; i++) img = maxPool2x2(convActivated(img, params[2 * i], params[2 * i + 1], cfg.activation, act));
      let z = tf.reshape(img, [n, flatUnits]) as tf.Tensor2D;
      for (let i = 0; i < nDense; i++) {
        const j = 2 * (nConv + i);
        z = denseActivated(z, params[j], params[j + 1], cfg.activation, act);
      }
      const j = 2 * (nConv + nDense);
      return dense(z, params[j], params[j + 1]);
    },
  };
}
