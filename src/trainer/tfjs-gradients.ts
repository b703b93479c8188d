/**
 * Registers the stock gradient of every op: the package's main entry registers kernels but not
 * gradients. tfjs-core must be loaded first (the gradient modules build on its engine), hence this
 * module, imported before anything else that trains.
 */
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
