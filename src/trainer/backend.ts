/**
 * Picks and initialises the TensorFlow.js backend: tfjs-node when it loads (an optional dependency
 * that needs a native libtensorflow), else WASM (shipped inside its npm package), else the pure-JS cpu backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { installSecondOrderGradients } from './autodiff/register-second-order';
import { installWasmKernels } from './kernels/install-wasm';

/** Importing a value keeps each backend's registration in the bundle (the packages are marked side-effect free). */
export const BACKEND_VERSIONS = { core: tf.version_core, cpu: version_cpu, wasm: version_wasm };

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type ConcreteBackend = (typeof BACKENDS)[number];

let nodeBindingError: string | undefined;

function tryLoadTfjsNode(): boolean {
  if (tf.findBackend('tensorflow')) return true;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
    return tf.findBackend('tensorflow') !== null;
  } catch (e) {
    nodeBindingError = (e as Error).message.split('\n')[0];
    return false;
  }
}

/** Where the .wasm files are: beside the bundle, or in node_modules when running from source. */
function wasmDir(): string {
  if (existsSync(join(__dirname, 'tfjs-backend-wasm.wasm'))) return __dirname + '/';
  const pkg = createRequire(__filename).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  return join(pkg, '..', 'dist') + '/';
}

async function trySet(name: ConcreteBackend): Promise<string | undefined> {
  try {
    if (name === 'tensorflow' && !tryLoadTfjsNode()) {
      return `@tensorflow/tfjs-node is not installed or failed to load${nodeBindingError ? ` (${nodeBindingError})` : ''}`;
    }
    if (name === 'wasm') setWasmPaths(wasmDir());
    const ok = await tf.setBackend(name);
    if (!ok) return `backend '${name}' failed to initialise`;
    await tf.ready();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Kernel fixes for the backend in use; gradient fixes apply to every backend. */
function applyFixes(name: ConcreteBackend): ConcreteBackend {
  if (name === 'wasm') installWasmKernels();
  return name;
}

/**
 * Initialise `requested` ('auto' tries tensorflow → wasm → cpu). Throws with a clear message when a
 * forced backend is unavailable. Returns the backend in use. Also silences tfjs's console banners
 * (production mode), registers the second-order gradient fixes, and, on wasm, the kernel fixes.
 */
export async function initBackend(requested: string = 'auto'): Promise<ConcreteBackend> {
  if (requested !== 'auto' && !(BACKENDS as readonly string[]).includes(requested)) {
    throw new Error(`unknown backend '${requested}'; valid backends: auto, ${BACKENDS.join(', ')}`);
  }
  tf.enableProdMode();
  installSecondOrderGradients();
  const order: ConcreteBackend[] = requested === 'auto' ? [...BACKENDS] : [requested as ConcreteBackend];
  const failures: string[] = [];
  for (const name of order) {
    if (tf.getBackend() === name) return applyFixes(name);
    const err = await trySet(name);
    if (err === undefined) return applyFixes(name);
    failures.push(`${name}: ${err}`);
  }
  throw new Error(`backend '${requested}' is not available: ${failures.join('; ')}`);
}
