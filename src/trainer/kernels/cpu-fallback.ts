/**
 * Runs a cpu-backend kernel for the WASM backend: inputs are copied from the WASM heap into the cpu
 * backend, the cpu kernel runs, and its outputs are copied back. Correct for any kernel the cpu
 * backend has; meant for kernels the WASM backend lacks and that training uses rarely.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs } from './wasm-calls';

function cpuBackend(): MathBackendCPU {
  const cpu = tf.findBackend('cpu');
  if (!cpu) throw new Error('the cpu backend is not registered (import @tensorflow/tfjs-backend-cpu)');
  return cpu as MathBackendCPU;
}

/** A kernel function for wasm that runs `kernelName`'s cpu kernel on copies of the data. */
export function viaCpu(kernelName: string): tf.KernelFunc {
  const cpuKernel = tf.getKernel(kernelName, 'cpu');
  if (!cpuKernel) throw new Error(`the cpu backend has no '${kernelName}' kernel`);
  return (args: KernelArgs) => {
    const wasm = args.backend as BackendWasm;
    const cpu = cpuBackend();
    // Some kernels (Einsum, Concat, AddN, Pack) receive their inputs as an array: keep that shape.
    const cpuInputs: tf.NamedTensorInfoMap = Array.isArray(args.inputs) ? ([] as unknown as tf.NamedTensorInfoMap) : {};
    for (const [name, info] of Object.entries(args.inputs)) {
      if (!info) continue;
      cpuInputs[name] = { dataId: cpu.write(wasm.readSync(info.dataId), info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
    }
    try {
      const out = cpuKernel.kernelFunc({ inputs: cpuInputs, backend: cpu, attrs: args.attrs });
      const outs = (Array.isArray(out) ? out : [out]).map((o) => {
        const values = cpu.readSync(o.dataId);
        cpu.disposeData(o.dataId);
        return wasm.makeOutput(o.shape, o.dtype, undefined, values);
      });
      return Array.isArray(out) ? outs : outs[0];
    } finally {
      for (const info of Object.values(cpuInputs)) if (info) cpu.disposeData(info.dataId);
    }
  };
}

export function cpuFallbackConfig(kernelName: string): tf.KernelConfig {
  return { kernelName, backendName: 'wasm', kernelFunc: viaCpu(kernelName) };
}
