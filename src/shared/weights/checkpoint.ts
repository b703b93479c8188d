/**
 * A training checkpoint: one safetensors file (`step-N.safetensors`) that holds the model's parameters
 * under their own names (what Python users load, as in every weights file) and the rest of the job's
 * training state under `state.` names (optimizer moments, method tensors, a probe's warm start), with
 * the state's plain values as JSON in the metadata (`state`: step, random streams, best values,
 * early stopping, time offsets, how many records the job had written). `digest` is the SHA-256 of
 * every tensor's bytes in file order, so a file whose data was damaged after it was renamed into place
 * (a crash before the disk had it all) is refused, not resumed from. A checkpoint of a job whose state
 * cannot be saved (a user-written loss) holds the parameters only, and `noState` says why.
 * Read by the host (is it usable?) and by the trainer (continue from it): neither imports tfjs here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeExact, type ExactTensor } from './safetensors';

export const CHECKPOINT_FORMAT = 'loss-lab checkpoint 1';
/** Prefix of the names of the tensors that are training state, not parameters. */
export const STATE_PREFIX = 'state.';

/** The plain part of a checkpoint's state (the trainer fills `job`; the host reads `step` and `records`). */
export interface CheckpointState {
  step: number;
  /** Records the job had emitted, all of them at steps ≤ `step`: metrics.jsonl must hold exactly these. */
  records: number;
  /** The trainer's own state (train-job.ts): opaque here. */
  job: Record<string, unknown>;
}

export function digestTensors(tensors: readonly ExactTensor[]): string {
  const h = createHash('sha256');
  for (const t of tensors) h.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return h.digest('hex');
}

/** JSON with NaN and ±Infinity kept (as {"$n": "NaN"}), so a loss that was NaN comes back NaN. */
export function stateToJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $n: String(v) } : v));
}

export function stateFromJson<T>(text: string): T {
  return JSON.parse(text, (_k, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && '$n' in v ? Number((v as { $n: string }).$n) : v)) as T;
}

export interface LoadedCheckpoint {
  metadata: Record<string, string>;
  /** By name: parameters and `state.` tensors. */
  tensors: Map<string, ExactTensor>;
  state: CheckpointState;
}

/** Thrown for a checkpoint that holds the parameters but no training state (`reason` says why). */
export class NoTrainingState extends Error {}

/**
 * Reads and checks a checkpoint written for (arm, seed): complete, undamaged, with training state.
 * Throws a one-line error saying what is wrong (NoTrainingState when it holds parameters only).
 */
export function readCheckpoint(path: string, job: { arm: string; seed: number }): LoadedCheckpoint {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const file = decodeExact(bytes);
  const meta = file.metadata;
  if (meta.noState !== undefined) throw new NoTrainingState(meta.noState);
  if (meta.format !== CHECKPOINT_FORMAT) throw new NoTrainingState(`it holds weights only (format '${meta.format ?? 'none'}')`);
  if (meta.arm !== job.arm || meta.seed !== String(job.seed)) throw new Error(`it belongs to arm '${meta.arm}' seed ${meta.seed}`);
  if (meta.digest !== digestTensors(file.tensors)) throw new Error('its data does not match its digest (damaged or incomplete)');
  let state: CheckpointState;
  try {
    state = stateFromJson<CheckpointState>(meta.state ?? '');
  } catch {
    throw new Error('its state is not JSON');
  }
  if (!Number.isInteger(state.step) || String(state.step) !== meta.step || !Number.isInteger(state.records) || typeof state.job !== 'object') {
    throw new Error('its state lacks the step, the record count or the job state');
  }
  return { metadata: meta, tensors: new Map(file.tensors.map((t) => [t.name, t])), state };
}
