/**
 * Exponential moving average as TensorBoard draws it: s_t = w·s_{t−1} + (1−w)·v_t from s_0 = 0, divided
 * by the debias factor 1 − w^n (n = finite values seen), so early points are not pulled towards zero.
 * Non-finite values pass through unchanged and do not advance the average.
 */
import { Column } from './column';

export interface EmaState {
  last: number;
  count: number;
}

export function emaStart(): EmaState {
  return { last: 0, count: 0 };
}

/** Feeds one value; returns its smoothed value. `weight` in [0, 1): 0 leaves values as they are. */
export function emaStep(state: EmaState, v: number, weight: number): number {
  if (!Number.isFinite(v)) return v;
  state.last = state.last * weight + (1 - weight) * v;
  state.count++;
  return state.last / (1 - Math.pow(weight, state.count));
}

export function emaSmooth(values: ArrayLike<number>, weight: number): Float64Array {
  const out = new Float64Array(values.length);
  const s = emaStart();
  for (let i = 0; i < values.length; i++) out[i] = emaStep(s, values[i], weight);
  return out;
}

/** Rows between saved EMA states: a recomputation from row k replays at most this many rows before it. */
const CHECKPOINT = 256;

/**
 * Smoothed copy of a growing column, extended incrementally. `from` is the first source index that
 * changed since the last call (the length it had, for a plain append); a new weight starts over. The
 * EMA state is saved every CHECKPOINT rows, so a change near the end replays only a few rows.
 */
export class EmaCache {
  private out = new Column();
  /** State before row k·CHECKPOINT: the un-debiased average and the count of finite values. */
  private accAt = new Column();
  private cntAt = new Column();
  /** State after the last row of `out`. */
  private state = emaStart();
  private weight = NaN;

  sync(src: ArrayLike<number>, weight: number, from: number): Float64Array {
    if (weight !== this.weight) {
      this.weight = weight;
      from = 0;
    }
    const keep = Math.max(0, Math.min(from, src.length));
    if (keep < this.out.length) {
      const c = Math.floor(keep / CHECKPOINT);
      this.state = c < this.accAt.length ? { last: this.accAt.get(c), count: this.cntAt.get(c) } : emaStart();
      this.out.truncate(c * CHECKPOINT);
      this.accAt.truncate(c);
      this.cntAt.truncate(c);
    }
    for (let i = this.out.length; i < src.length; i++) {
      if (i % CHECKPOINT === 0) {
        this.accAt.push(this.state.last);
        this.cntAt.push(this.state.count);
      }
      this.out.push(emaStep(this.state, src[i], weight));
    }
    return this.out.values;
  }

  get length(): number {
    return this.out.length;
  }
}
