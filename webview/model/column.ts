/** A growable column of numbers (amortised O(1) appends, contiguous storage for fast scans). */
export class Column {
  private buf: Float64Array;
  private len = 0;

  constructor(capacity = 64) {
    this.buf = new Float64Array(Math.max(4, capacity));
  }

  get length(): number {
    return this.len;
  }

  /** The live values (a view: valid until the next append). */
  get values(): Float64Array {
    return this.buf.subarray(0, this.len);
  }

  get(i: number): number {
    return this.buf[i];
  }

  last(): number {
    return this.len > 0 ? this.buf[this.len - 1] : NaN;
  }

  push(v: number): void {
    if (this.len === this.buf.length) this.grow(this.len + 1);
    this.buf[this.len++] = v;
  }

  /** Appends `v` until the column holds `n` values. */
  padTo(n: number, v = NaN): void {
    if (n <= this.len) return;
    if (n > this.buf.length) this.grow(n);
    this.buf.fill(v, this.len, n);
    this.len = n;
  }

  /** Drops values from index `n` on. */
  truncate(n: number): void {
    this.len = Math.max(0, Math.min(this.len, n));
  }

  /** Inserts `v` at index `i`, shifting the tail right. */
  insert(i: number, v: number): void {
    if (this.len === this.buf.length) this.grow(this.len + 1);
    this.buf.copyWithin(i + 1, i, this.len);
    this.buf[i] = v;
    this.len++;
  }

  private grow(min: number): void {
    const next = new Float64Array(Math.max(min, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}
