// initBackend: errors for unavailable and unknown backends, production mode, the kernel and gradient
// registrations, re-selection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BACKEND_VERSIONS, initBackend } from '../../../src/trainer/backend';
import { SECOND_ORDER_GRADIENT_KERNELS } from '../../../src/trainer/autodiff/register-second-order';
import { WASM_KERNEL_FIXES } from '../../../src/trainer/kernels/install-wasm';

const hasTfjsNode = (() => {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
})();

test("initBackend('tensorflow') without tfjs-node explains what is missing", { skip: hasTfjsNode && 'tfjs-node is installed' }, async () => {
  await assert.rejects(initBackend('tensorflow'), (e: Error) => {
    assert.match(e.message, /@tensorflow\/tfjs-node/);
    assert.match(e.message, /not installed or failed to load/);
    return true;
  });
});

test("initBackend('bogus') lists the valid backends", async () => {
  await assert.rejects(initBackend('bogus'), /unknown backend 'bogus'; valid backends: auto, tensorflow, wasm, cpu/);
});

test('initBackend selects, enables production mode (no Node.js banner) and re-selects cheaply', async () => {
  assert.equal(await initBackend('cpu'), 'cpu');
  assert.equal(tf.env().getBool('PROD'), true);
  for (const k of SECOND_ORDER_GRADIENT_KERNELS) assert.ok(tf.getGradient(k), `gradient for ${k} registered`);
  assert.equal(await initBackend('wasm'), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(await initBackend('wasm'), 'wasm');
  for (const k of WASM_KERNEL_FIXES) assert.ok(tf.getKernel(k, 'wasm'), `wasm kernel ${k} registered`);
  assert.equal(await initBackend('auto'), hasTfjsNode ? 'tensorflow' : 'wasm');
  assert.equal(BACKEND_VERSIONS.wasm, BACKEND_VERSIONS.core);
});
