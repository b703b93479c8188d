/**
 * The `custom` arm: a loss from a user's module, `(predictions, targets, context) => tf.Scalar` (or a
 * per-sample [n] tensor, averaged). Loaded only when the host allows user code (trusted workspace).
 * Every failure of the user's code (loading, a throw, a wrong return value, NaN on the first batch)
 * becomes an error naming the module, with the user's stack frames, so the arm ends as `crashed`
 * and the other arms go on.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossContext, LossFn } from '../losses';
import { UserCodeError, firstUserLocation, loadUserModule, pickExport, userFrames } from './custom-loader';
import type { MethodEnv, TrainingMethod } from './types';

/** What the user's loss receives as its third argument. */
export interface CustomLossContext extends LossContext {
  tf: typeof tf;
  params: Record<string, unknown>;
}

export type CustomLossFn = (predictions: tf.Tensor2D, targets: tf.Tensor2D, context: CustomLossContext) => unknown;

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return `an object (${Object.keys(v as object).slice(0, 5).join(', ') || 'no keys'})`;
  return typeof v;
}

function isForeignTensor(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'dataId' in v && 'shape' in v && 'dtype' in v;
}

/** Checks the user's return value: a float32 scalar, or [n] averaged to one. */
export function toScalarLoss(out: unknown, n: number, label: string): tf.Scalar {
  if (!(out instanceof tf.Tensor)) {
    if (isForeignTensor(out)) {
      throw new UserCodeError(`${label} returned a tensor from another copy of TensorFlow.js; use context.tf, or import '@tensorflow/tfjs-core' (Loss Lab maps it to its own copy)`);
    }
    throw new UserCodeError(`${label} must return a tf.Tensor (a scalar, or one value per sample [${n}]); it returned ${describeValue(out)}`);
  }
  if (out.dtype !== 'float32') throw new UserCodeError(`${label} returned a ${out.dtype} tensor; the loss must be float32`);
  if (out.rank === 0) return out as tf.Scalar;
  if (out.rank === 1 && out.shape[0] === n) return tf.mean(out);
  throw new UserCodeError(`${label} returned a tensor of shape [${out.shape.join(', ')}]; expected a scalar [] or one value per sample [${n}]`);
}

/** Re-throws `e` from the user's code as a UserCodeError that names the module and the user's line. */
function asUserError(e: unknown, label: string, what: string): UserCodeError {
  if (e instanceof UserCodeError) return e.message.startsWith(label) ? e : new UserCodeError(`${label} ${what}: ${e.message}`, e.stack);
  const err = e instanceof Error ? e : new Error(String(e));
  const loc = firstUserLocation(err.stack);
  const frames = userFrames(err.stack);
  return new UserCodeError(`${label} ${what}: ${err.message}${loc ? ` (at ${loc})` : ''}`, frames.length ? frames.join('\n') : err.stack);
}

export function customMethod(env: MethodEnv): TrainingMethod {
  const arm = env.arm;
  const file = String(arm.module);
  const label = `custom loss '${arm.name}' (${file})`;
  if (!env.allowUserCode) {
    throw new UserCodeError(`${label}: refusing to run user code because the workspace is not trusted; trust the workspace to run custom loss modules`);
  }
  const exportName = typeof arm.export === 'string' ? arm.export : undefined;
  let userLoss: CustomLossFn;
  try {
    userLoss = pickExport(loadUserModule(file), exportName, file) as CustomLossFn;
  } catch (e) {
    throw asUserError(e, label, 'failed to load');
  }
  const params = (arm.params ?? {}) as Record<string, unknown>;

  const loss: LossFn = (z, y, ctx) => {
    try {
      return toScalarLoss(userLoss(z, y, { ...ctx, tf, params }), z.shape[0], label);
    } catch (e) {
      throw asUserError(e, label, `threw at step ${ctx.step}`);
    }
  };
  let checked = false;

  return {
    objectives: ({ x, y, ctx }) => [{ name: 'loss', f: (p) => loss(env.model.forward(p, x), y, ctx) }],
    direction({ params: p, x, y, ctx }) {
      let out: { value: tf.Scalar; grads: tf.Tensor[] };
      try {
        const r = tf.valueAndGrads((...q: tf.Tensor[]) => loss(env.model.forward(q, x), y, ctx))(p);
        out = { value: r.value as tf.Scalar, grads: r.grads };
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('Cannot compute gradient of y=f(x)')) {
          throw new UserCodeError(`${label} could not be differentiated at step ${ctx.step}: the returned loss does not depend on the predictions (build it from them with tfjs ops; tf.scalar(…) or values read with dataSync() cut the gradient)`);
        }
        throw asUserError(e, label, `could not be differentiated at step ${ctx.step}`);
      }
      if (!checked) {
        checked = true;
        const v = out.value.dataSync()[0];
        if (!Number.isFinite(v)) throw new UserCodeError(`${label} returned ${v} on the first batch (step ${ctx.step}); check for log(0), division by zero or overflow`);
      }
      return out;
    },
    evalLoss: loss,
    unsavedState: `${label} may keep state of its own that Loss Lab cannot save`,
    dispose() {},
  };
}
