/**
 * Fused layer ops with gradients written from the op's inputs, so they stay correct at second order
 * (input-gradient penalties, Hessian-vector products, meta-gradients through a training step):
 *
 *   denseOp(x, w, b, act)  = act(x·w + b)        x [n, in], w [in, out], b [out]
 *   convOp(x, w, b, act)   = act(conv2d(x, w, stride 1, 'same') + b)   NHWC, w [kh, kw, in, out]
 *
 * with act ∈ {linear, relu}. Each forward pass is one kernel (the backend's _FusedMatMul or
 * FusedConv2D) instead of three (product, Add, Relu), and each backward pass saves the Add's and the
 * Relu's gradients (a Sum that the stock WASM kernel transposes first, Step + Cast + Multiply).
 * `tf.fused.matMul`/`tf.fused.conv2d` are not used: their gradients (tf.customGrad inside tfjs-core)
 * are wrong at second order and the wasm _FusedMatMul is wrong when transposed (kernels/fused-matmul-wasm.ts).
 *
 * Gradients: dz = dy ⊙ [y > 0] for relu (the `ReluMask` op below), else dy; then
 *   dense: dx = dz·wᵀ, dw = xᵀ·dz, db = Σ_rows dz        conv: dx = conv2dBackpropInput(dz, w),
 *   dw = conv2dBackpropFilter(x, dz), db = Σ_{n,h,w} dz — all differentiable ops. The mask reads the
 * saved output y; it is piecewise constant, so treating it as a constant (which is what tfjs does
 * with a saved output) is exact almost everywhere, like the derivative of ReLU itself. When the
 * backward pass is itself differentiated, the mask reads a recomputed pre-activation instead (see
 * `recording`), so every input stays connected on the tape.
 *
 * Registered for the wasm and cpu backends; elsewhere (tfjs-node) `fusedLayersAvailable` is false and
 * layers.ts uses the plain ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, simdFor } from './simd';
import { simdMatMul } from './simd-gemm';
import { isThin, thinMatMul } from './thin-matmul';
import type { KernelArgs } from './wasm-calls';

export type FusedActivation = 'linear' | 'relu';

const DENSE = { linear: 'LossLabDense', relu: 'LossLabDenseRelu' } as const;
const CONV = { linear: 'LossLabConv', relu: 'LossLabConvRelu' } as const;
const RELU_MASK = 'LossLabReluMask';
const BACKENDS = ['wasm', 'cpu'] as const;

function backendKernel(name: string, backendName: string): tf.KernelFunc {
  const k = tf.getKernel(name, backendName);
  if (!k) throw new Error(`the ${backendName} backend has no '${name}' kernel`);
  return k.kernelFunc;
}

/**
 * act(x·w + b): on wasm the SIMD GEMM with the bias and ReLU in its micro-kernel (simd-gemm.ts), else
 * the backend's _FusedMatMul (untransposed, one batch, rank-1 bias: the case it gets right).
 */
function denseKernel(act: FusedActivation, backendName: string): tf.KernelFunc {
  return (args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    const w = args.inputs.w as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    const [n, k] = x.shape;
    const m = w.shape[1];
    const thin = { transposeA: false, transposeB: false, bias: b, relu: act === 'relu' };
    if (backendName === 'wasm') {
      const viaSimd = simdMatMul(args.backend as BackendWasm, x, w, thin);
      if (viaSimd) return viaSimd;
      if (isThin(x, w, thin)) return thinMatMul(args.backend as BackendWasm, x, w, thin);
    }
    const out = backendKernel(tf._FusedMatMul, backendName)({
      inputs: { a: { ...x, shape: [1, n, k] }, b: { ...w, shape: [1, k, m] }, bias: b },
      backend: args.backend,
      attrs: { transposeA: false, transposeB: false, activation: act },
    }) as tf.TensorInfo;
    return { ...out, shape: [n, m] };
  };
}

function convKernel(act: FusedActivation, backendName: string): tf.KernelFunc {
  return (args: KernelArgs) =>
    backendKernel(tf.FusedConv2D, backendName)({
      inputs: { x: args.inputs.x, filter: args.inputs.w, bias: args.inputs.b },
      backend: args.backend,
      attrs: { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], activation: act },
    });
}

/** out = y > 0 ? dy : 0, one pass over the backend's buffers. */
function reluMaskInto(dy: ArrayLike<number>, y: ArrayLike<number>, out: { [i: number]: number; length: number }): void {
  for (let i = 0; i < out.length; i++) out[i] = y[i] > 0 ? dy[i] : 0;
}

function reluMaskKernel(backendName: string): tf.KernelFunc {
  if (backendName === 'wasm') {
    return (args: KernelArgs) => {
      const backend = args.backend as BackendWasm;
      const dy = args.inputs.dy as tf.TensorInfo;
      const y = args.inputs.y as tf.TensorInfo;
      const out = backend.makeOutput(dy.shape, 'float32');
      const n = tf.util.sizeFromShape(dy.shape);
      const simd = simdFor(backend);
      // Whole vectors in the SIMD loop (branch-free; a JS loop mispredicts on random signs), the tail in JS.
      const done = simd ? n & ~3 : 0;
      if (simd && done > 0) simd.reluMask(addressOf(backend, dy), addressOf(backend, y), addressOf(backend, out), done >> 2);
      if (done < n) {
        const [dyv, yv, outv] = [dy, y, out].map((t) => (backend.typedArrayFromHeap(t) as Float32Array).subarray(done));
        reluMaskInto(dyv, yv, outv);
      }
      return out;
    };
  }
  return (args: KernelArgs) => {
    const backend = args.backend as MathBackendCPU;
    const dy = args.inputs.dy as tf.TensorInfo;
    const y = args.inputs.y as tf.TensorInfo;
    const out = new Float32Array(tf.util.sizeFromShape(dy.shape));
    reluMaskInto(backend.data.get(dy.dataId)!.values as Float32Array, backend.data.get(y.dataId)!.values as Float32Array, out);
    return backend.makeTensorInfo(dy.shape, 'float32', out);
  };
}

/** dy ⊙ [y > 0]: linear in dy (its gradient is the same mask), constant in y. */
export function reluMask(dy: tf.Tensor, y: tf.Tensor): tf.Tensor {
  install();
  return tf.engine().runKernel(RELU_MASK, { dy, y } as unknown as tf.NamedTensorMap) as tf.Tensor;
}

const reluMaskGradient: tf.GradConfig = {
  kernelName: RELU_MASK,
  inputsToSave: ['y'],
  gradFunc: (ddz, [y]) => ({ dy: () => reluMask(ddz as tf.Tensor, y), y: () => tf.zeros(y.shape) }),
};

/**
 * True while the backward pass is itself recorded (double backprop). The ReLU mask then reads a
 * recomputed pre-activation instead of the saved output: the value is the same, but a saved output
 * is not connected to the op's inputs on the tape, and tf.grads throws for a parameter with no path
 * to the result (e.g. the biases of a ReLU network under a pure input-gradient penalty, whose
 * derivative is zero). The recomputation costs one linear op, only in second-order passes.
 */
function recording(): boolean {
  return tf.engine().state.gradientDepth > 0;
}

/**
 * dz = ∂/∂z of act(z) applied to dy: dy itself for linear; for ReLU dy masked by z > 0, the mask taken
 * from the saved output y, or from the recomputed pre-activation when this pass is itself recorded.
 */
function preActivationGrad(act: FusedActivation, dy: tf.Tensor, y: tf.Tensor, recomputeZ: () => tf.Tensor): tf.Tensor {
  if (act !== 'relu') return dy;
  return reluMask(dy, recording() ? recomputeZ() : y);
}

function denseGradient(act: FusedActivation): tf.GradConfig {
  return {
    kernelName: DENSE[act],
    inputsToSave: ['x', 'w', 'b'],
    outputsToSave: [act === 'relu'],
    gradFunc: (dy, saved) => {
      const [x, w, b, y] = saved;
      const dz = preActivationGrad(act, dy as tf.Tensor, y, () => denseOp(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, 'linear'));
      return {
        x: () => tf.matMul(dz as tf.Tensor2D, w as tf.Tensor2D, false, true),
        w: () => tf.matMul(x as tf.Tensor2D, dz as tf.Tensor2D, true, false),
        b: () => tf.sum(dz, 0),
      };
    },
  };
}

function convGradient(act: FusedActivation): tf.GradConfig {
  return {
    kernelName: CONV[act],
    inputsToSave: ['x', 'w', 'b'],
    outputsToSave: [act === 'relu'],
    gradFunc: (dy, saved) => {
      const [x, w, b, y] = saved;
      const dz = preActivationGrad(act, dy as tf.Tensor, y, () => convOp(x as tf.Tensor4D, w as tf.Tensor4D, b as tf.Tensor1D, 'linear'));
      const convAttrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC' };
      return {
        x: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: dz, filter: w }, { ...convAttrs, inputShape: x.shape }) as tf.Tensor,
        w: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: dz }, { ...convAttrs, filterShape: w.shape }) as tf.Tensor,
        b: () => tf.sum(dz, [0, 1, 2]),
      };
    },
  };
}

let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const backendName of BACKENDS) {
    for (const act of ['linear', 'relu'] as const) {
      tf.registerKernel({ kernelName: DENSE[act], backendName, kernelFunc: denseKernel(act, backendName) });
      tf.registerKernel({ kernelName: CONV[act], backendName, kernelFunc: convKernel(act, backendName) });
    }
    tf.registerKernel({ kernelName: RELU_MASK, backendName, kernelFunc: reluMaskKernel(backendName) });
  }
  for (const act of ['linear', 'relu'] as const) {
    tf.registerGradient(denseGradient(act));
    tf.registerGradient(convGradient(act));
  }
  tf.registerGradient(reluMaskGradient);
}

/** True when the fused ops can run on the active backend with these (float32) operands. */
export function fusedLayersAvailable(tensors: readonly tf.Tensor[]): boolean {
  return (BACKENDS as readonly string[]).includes(tf.getBackend()) && tensors.every((t) => t.dtype === 'float32');
}

/** act(x·w + b) as one op; x [n, in], w [in, out], b [out]. */
export function denseOp(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D, act: FusedActivation): tf.Tensor2D {
  install();
  return tf.engine().runKernel(DENSE[act], { x, w, b } as unknown as tf.NamedTensorMap) as tf.Tensor2D;
}

/** act(conv2d(x, w, 1, 'same') + b) as one op; x NHWC, w [kh, kw, in, out], b [out]. */
export function convOp(x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, act: FusedActivation): tf.Tensor4D {
  install();
  return tf.engine().runKernel(CONV[act], { x, w, b } as unknown as tf.NamedTensorMap) as tf.Tensor4D;
}
