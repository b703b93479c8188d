/**
 * Incremental min-max ("M4") downsampling of a growing, x-sorted series for the unzoomed view. Buckets
 * have a power-of-two width in x units, anchored at the first point, so they do not move as data
 * arrives: an append only updates the last buckets, and when the range outgrows twice the target
 * bucket count, neighbouring buckets merge pairwise (first of the first, last of the second, min of
 * the mins, max of the maxes) and the width doubles. Each bucket keeps its first, last, lowest and
 * highest point, so the line drawn matches the full one at ≤ 4 points per bucket.
 */

/** Growable Int32 columns, one per bucket field. */
class Buckets {
  begin: Int32Array = new Int32Array(64);
  first: Int32Array = new Int32Array(64);
  last: Int32Array = new Int32Array(64);
  lo: Int32Array = new Int32Array(64);
  hi: Int32Array = new Int32Array(64);
  count = 0;

  push(i: number): void {
    if (this.count === this.begin.length) {
      for (const k of ['begin', 'first', 'last', 'lo', 'hi'] as const) {
        const next = new Int32Array(this.count * 2);
        next.set(this[k]);
        this[k] = next;
      }
    }
    const b = this.count++;
    this.begin[b] = this.first[b] = this.last[b] = this.lo[b] = this.hi[b] = i;
  }
}

export class M4Index {
  private b = new Buckets();
  /** Bucket of each bucket slot (its number on the grid), so merges know neighbours. */
  private slot: number[] = [];
  private x0 = NaN;
  private width = 0;
  private n = 0;

  /** `target`: about half the plot width in pixels. */
  constructor(private readonly target: number) {}

  /** Source points processed so far. */
  get processed(): number {
    return this.n;
  }

  /**
   * Brings the index up to date with `x`, `low`, `high` over [0, length); `from` is the first source
   * index that changed since the last call (the old length for a plain append).
   */
  sync(x: ArrayLike<number>, low: ArrayLike<number>, high: ArrayLike<number>, length: number, from: number, positive: boolean): void {
    if (from < this.n) this.truncate(from);
    if (this.width === 0 && this.n < length) this.chooseWidth(x, low, high, length, positive);
    for (let i = this.n; i < length; i++) {
      const l = low[i];
      const h = high[i];
      if (!(l === l && h === h && l !== Infinity && h !== Infinity && l !== -Infinity && h !== -Infinity)) continue;
      if (positive && (l <= 0 || h <= 0)) continue;
      if (this.x0 !== this.x0) this.x0 = x[i];
      const want = this.width > 0 ? Math.floor((x[i] - this.x0) / this.width) : 0;
      const last = this.b.count - 1;
      if (last < 0 || want > this.slot[last]) {
        this.b.push(i);
        this.slot.push(want);
        if (want >= 2 * this.target) this.coarsen(low, high);
        continue;
      }
      this.b.last[last] = i;
      if (l < low[this.b.lo[last]]) this.b.lo[last] = i;
      if (h > high[this.b.hi[last]]) this.b.hi[last] = i;
    }
    this.n = length;
  }

  /** Indices to draw, ascending. */
  indices(): number[] {
    const out: number[] = [];
    const { first, lo, hi, last } = this.b;
    for (let k = 0; k < this.b.count; k++) {
      // first ≤ min(lo, hi) ≤ max(lo, hi) ≤ last
      const a = lo[k] < hi[k] ? lo[k] : hi[k];
      const c = lo[k] < hi[k] ? hi[k] : lo[k];
      out.push(first[k]);
      if (a !== first[k]) out.push(a);
      if (c !== a) out.push(c);
      if (last[k] !== c) out.push(last[k]);
    }
    return out;
  }

  /** Bucket width from the data seen so far (0 while all points share one x). */
  private chooseWidth(x: ArrayLike<number>, low: ArrayLike<number>, high: ArrayLike<number>, length: number, positive: boolean): void {
    const span = x[length - 1] - x[0];
    if (!(span > 0)) return;
    this.width = Math.pow(2, Math.ceil(Math.log2(span / this.target)));
    const n = this.n;
    this.reset();
    if (n > 0) this.sync(x, low, high, n, 0, positive);
  }

  /** Doubles the bucket width, merging buckets two by two. */
  private coarsen(low: ArrayLike<number>, high: ArrayLike<number>): void {
    while (this.slot[this.b.count - 1] >= 2 * this.target) {
      const old = this.b;
      const slots = this.slot;
      this.b = new Buckets();
      this.slot = [];
      for (let k = 0; k < old.count; k++) {
        const s = Math.floor(slots[k] / 2);
        const last = this.b.count - 1;
        if (last >= 0 && this.slot[last] === s) {
          this.b.last[last] = old.last[k];
          if (low[old.lo[k]] < low[this.b.lo[last]]) this.b.lo[last] = old.lo[k];
          if (high[old.hi[k]] > high[this.b.hi[last]]) this.b.hi[last] = old.hi[k];
        } else {
          this.b.push(old.begin[k]);
          const b = this.b.count - 1;
          this.b.first[b] = old.first[k];
          this.b.last[b] = old.last[k];
          this.b.lo[b] = old.lo[k];
          this.b.hi[b] = old.hi[k];
          this.slot.push(s);
        }
      }
      this.width *= 2;
    }
  }

  /** Forgets every source index from `from` on (re-processing starts at the start of its bucket). */
  private truncate(from: number): void {
    let k = this.b.count;
    while (k > 0 && this.b.last[k - 1] >= from) k--;
    // Bucket k−1 ends before `from`; anything after it is recomputed.
    this.b.count = k;
    this.slot.length = k;
    this.n = k > 0 ? this.b.last[k - 1] + 1 : 0;
    if (k === 0) this.reset();
  }

  private reset(): void {
    this.b = new Buckets();
    this.slot = [];
    this.x0 = NaN;
    this.n = 0;
  }
}
