/**
 * Seeded pseudo-random numbers (mulberry32 for uniforms, Box–Muller for normals).
 * Every random choice in the trainer (data, splits, initial weights, batch order) draws from an Rng
 * derived from the experiment seed, so paired arms see the same numbers.
 */
/** A stream's whole state and, by fork label in fork order, its forks' (for training checkpoints). */
export interface RngSnapshot {
  s: number;
  /** The second normal of the last Box–Muller pair, not yet returned. */
  z?: number;
  c?: [string, RngSnapshot][];
}

export class Rng {
  private state: number;
  private spareNormal: number | undefined;
  /** Forks in the order they were made: a snapshot of the stream holds theirs. */
  private readonly forks: [string, Rng][] = [];

  constructor(seed: number) {
    this.state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * this.next();
  }

  /** A standard normal sample. */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A uniformly random permutation of 0..n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** An independent stream for a named purpose, so adding draws in one place does not shift another. */
  fork(label: string): Rng {
    let h = this.state ^ 0x85ebca6b;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    const child = new Rng(h);
    this.forks.push([label, child]);
    return child;
  }

  /** The state of this stream and of every fork made from it (recursively), as plain JSON. */
  snapshot(): RngSnapshot {
    const out: RngSnapshot = { s: this.state };
    if (this.spareNormal !== undefined) out.z = this.spareNormal;
    if (this.forks.length > 0) out.c = this.forks.map(([label, r]) => [label, r.snapshot()]);
    return out;
  }

  /**
   * Sets this stream and its forks to a snapshot. The snapshot's forks must exist here, made in the
   * same order with the same labels; forks made here beyond the snapshot's keep their state (a fork
   * made later from the restored stream is the same as it was then).
   */
  restore(snap: RngSnapshot): void {
    if (!Number.isInteger(snap.s) || snap.s < 0 || snap.s > 0xffffffff) throw new Error(`random stream state ${String(snap.s)} is not a 32-bit unsigned integer`);
    const forks = snap.c ?? [];
    forks.forEach(([label], i) => {
      const here = this.forks[i];
      if (!here || here[0] !== label) throw new Error(`random stream fork ${i} is '${here?.[0] ?? 'missing'}' here, '${label}' in the snapshot`);
    });
    this.state = snap.s;
    this.spareNormal = snap.z;
    forks.forEach(([, child], i) => this.forks[i][1].restore(child));
  }
}
