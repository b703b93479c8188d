/**
 * A training job's whole state at the end of a step, as a checkpoint holds it (format:
 * shared/weights/checkpoint.ts), and its restoration: continuing from it gives the records an
 * uninterrupted run gives. Tensors: the parameters (under their own names), the optimizer state
 * (`state.optimizer.<i>`), the method's tensors (`state.method.<key>`) and the sharpness probe's warm
 * start (`state.probes.sharpnessStart`, float64). JSON: the loop's values (LoopState), every random
 * stream of the job (one snapshot of the job's root stream and its forks), early stopping, the
 * method's and the probes' plain values.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { ResumePoint } from '../../shared/protocol/trainer';
import type { Rng, RngSnapshot } from '../../shared/rng';
import { readCheckpoint, type CheckpointState } from '../../shared/weights/checkpoint';
import type { ExactTensor } from '../../shared/weights/safetensors';
import type { MethodState, TrainingMethod } from '../methods/types';
import type { ParamSpec } from '../models';
import type { JobProbes, ProbesState } from '../probes/job-probes';
import type { CheckpointContent } from '../weights/job-weights';
import type { EarlyStopper } from './early-stopping';

/** The training loop's own values at the end of a step. */
export interface LoopState {
  step: number;
  /** Seconds since the job started (the records' `time`), and of them, in training steps. */
  elapsed: number;
  trainSec: number;
  /** Records emitted so far. */
  records: number;
  best: Record<string, number>;
  lastEval: Record<string, number>;
  lastTrainLoss: number;
  lastMethodValues: Record<string, number>;
  evalMark: { step: number; time: number };
  /** The batch stream before it drew the current epoch's permutation (redrawn on restore). */
  orderFrom: RngSnapshot;
}

/** The job's parts that hold state. */
export interface StatefulParts {
  rng: Rng;
  optimizerState: tf.Tensor[];
  method: TrainingMethod;
  probes: JobProbes;
  stopper?: EarlyStopper;
}

interface JobStateJson {
  loop: LoopState;
  rng: RngSnapshot;
  stopper?: ReturnType<EarlyStopper['save']>;
  method: Record<string, unknown>;
  probes: ProbesState;
}

const OPTIMIZER = 'state.optimizer.';
const METHOD = 'state.method.';
const SHARPNESS_START = 'state.probes.sharpnessStart';

/** What a checkpoint of the job at the end of `loop.step` holds (or why it can hold no state). */
export function checkpointContent(loop: LoopState, parts: StatefulParts): CheckpointContent {
  if (parts.method.unsavedState) return { noState: parts.method.unsavedState };
  const tensors: ExactTensor[] = parts.optimizerState.map((t, i) => ({ name: `${OPTIMIZER}${i}`, shape: [...t.shape], data: new Float32Array(t.dataSync()) }));
  const method = parts.method.checkpoint?.save() ?? { tensors: {}, values: {} };
  for (const [key, t] of Object.entries(method.tensors)) tensors.push({ name: `${METHOD}${key}`, shape: t.shape, data: t.data });
  const probes = parts.probes.saveState();
  if (probes.sharpnessStart) tensors.push({ name: SHARPNESS_START, shape: [probes.sharpnessStart.length], data: probes.sharpnessStart });
  const job: JobStateJson = { loop, rng: parts.rng.snapshot(), stopper: parts.stopper?.save(), method: method.values, probes: probes.values };
  const state: CheckpointState = { step: loop.step, records: loop.records, job: job as unknown as Record<string, unknown> };
  return { state, tensors };
}

/**
 * Reads the checkpoint and sets every stateful part to it (call after the parts are built, before
 * training). Returns the parameters and optimizer state as new tensors, and the loop's values.
 */
export function restoreJob(runDir: string, at: ResumePoint, job: { arm: string; seed: number }, specs: readonly ParamSpec[], parts: StatefulParts): { params: tf.Tensor[]; optimizerState: tf.Tensor[]; loop: LoopState } {
  const path = join(runDir, at.checkpoint);
  let ck;
  try {
    ck = readCheckpoint(path, job);
  } catch (e) {
    throw new Error(`cannot resume from ${at.checkpoint}: ${(e as Error).message}`);
  }
  const fail = (what: string): never => {
    throw new Error(`cannot resume from ${at.checkpoint}: ${what}`);
  };
  if (ck.state.step !== at.step) fail(`it is the checkpoint of step ${ck.state.step}, not ${at.step}`);
  const saved = ck.state.job as unknown as JobStateJson;
  const tensorOf = (name: string, shape: readonly number[]): tf.Tensor => {
    const t = ck.tensors.get(name) ?? fail(`it has no tensor '${name}'`);
    if (t.shape.join(',') !== shape.join(',')) fail(`'${name}' is [${t.shape.join(', ')}], the job's is [${shape.join(', ')}]`);
    return tf.tensor(t.data as Float32Array, [...shape]);
  };
  const params = specs.map((s) => tensorOf(s.name, s.shape));
  const optimizerState = parts.optimizerState.map((t, i) => tensorOf(`${OPTIMIZER}${i}`, t.shape));
  if (ck.tensors.has(`${OPTIMIZER}${parts.optimizerState.length}`)) fail('it holds more optimizer state than this optimizer keeps');
  const methodState: MethodState = { tensors: {}, values: saved.method };
  for (const [name, t] of ck.tensors) {
    if (name.startsWith(METHOD)) methodState.tensors[name.slice(METHOD.length)] = { shape: t.shape, data: t.data as Float32Array };
  }
  parts.method.checkpoint?.load(methodState);
  const start = ck.tensors.get(SHARPNESS_START)?.data;
  parts.probes.loadState(saved.probes, start instanceof Float64Array ? start : undefined);
  // After the probes remade their parts: their streams' draws so far replay, then take the saved state.
  parts.rng.restore(saved.rng);
  if (saved.stopper) parts.stopper?.load(saved.stopper);
  return { params, optimizerState, loop: saved.loop };
}
