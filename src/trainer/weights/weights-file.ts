/**
 * A model's parameters as a safetensors file: one tensor per parameter, named as the model names it
 * (`dense0.weight`, `out.bias`, … — the layer names of the per-layer gradient norms), in the model's
 * shapes (dense weights [in, out], convolution filters [kh, kw, in, out]). Written through a temp file
 * and a rename (a reader never sees half a file); read back only when names and shapes match the model
 * (a checkpoint's `state.` tensors are not parameters: readWeights passes over them).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileOp } from '../../shared/runner/fs-errors';
import { replaceFile } from '../../shared/runner/run-folder';
import { STATE_PREFIX } from '../../shared/weights/checkpoint';
import { decodeSafetensors, encodeSafetensors, type ExactTensor } from '../../shared/weights/safetensors';
import type { ParamSpec } from '../models';

export interface WeightsMetadata {
  arm?: string;
  seed: number;
  step: number;
  /** JSON of the model section of the config. */
  model: string;
}

/** What a checkpoint adds to the parameters: `state.` tensors and metadata (see shared/weights/checkpoint.ts). */
export interface ExtraContent {
  tensors: readonly ExactTensor[];
  metadata: (all: readonly ExactTensor[]) => Record<string, string>;
}

/** Writes the weights (and a checkpoint's state); returns the file's size in bytes. Throws a RunFolderError naming the file. */
export function writeWeights(path: string, specs: readonly ParamSpec[], values: readonly Float32Array[], meta: WeightsMetadata, extra?: ExtraContent): number {
  const tensors: ExactTensor[] = [...specs.map((s, i) => ({ name: s.name, shape: s.shape, data: values[i] })), ...(extra?.tensors ?? [])];
  const bytes = encodeSafetensors(tensors, {
    format: 'loss-lab weights 1', ...(meta.arm !== undefined ? { arm: meta.arm } : {}), seed: String(meta.seed), step: String(meta.step), model: meta.model,
    ...extra?.metadata(tensors),
  });
  fileOp('write', path, () => {
    mkdirSync(dirname(path), { recursive: true });
    replaceFile(path, bytes);
  });
  return bytes.length;
}

export interface LoadedWeights {
  values: Float32Array[];
  metadata: Record<string, string>;
}

/** Reads weights for a model with these parameters; a one-line error names any missing, extra or mis-shaped tensor. */
export function readWeights(path: string, specs: readonly ParamSpec[]): LoadedWeights {
  const file = fileOp('read', path, () => readFileSync(path));
  let decoded;
  try {
    decoded = decodeSafetensors(file);
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  const byName = new Map(decoded.tensors.map((t) => [t.name, t]));
  const values = specs.map((s) => {
    const t = byName.get(s.name);
    if (!t) throw new Error(`${path} has no tensor '${s.name}' (it holds ${[...byName.keys()].join(', ')})`);
    if (t.shape.join(',') !== s.shape.join(',')) throw new Error(`${path}: '${s.name}' is [${t.shape.join(', ')}], the model's is [${s.shape.join(', ')}]`);
    return t.data;
  });
  const extra = [...byName.keys()].filter((n) => !n.startsWith(STATE_PREFIX) && !specs.some((s) => s.name === n));
  if (extra.length > 0) throw new Error(`${path} holds tensors the model does not have: ${extra.join(', ')}`);
  return { values, metadata: decoded.metadata };
}
