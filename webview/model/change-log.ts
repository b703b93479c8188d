/**
 * Remembers, per version, the first row a recomputation touched, so each consumer of a growing table
 * (a smoothing cache, a downsampling index) can redo only the rows changed since it last looked.
 */
const KEEP = 64;

export class ChangeLog {
  version = 0;
  private entries: { v: number; from: number }[] = [];

  record(from: number): void {
    this.version++;
    this.entries.push({ v: this.version, from });
    if (this.entries.length > KEEP) this.entries.shift();
  }

  /** First row changed after version `since` (Infinity: none; 0 when `since` is too old to tell). */
  since(since: number): number {
    if (since >= this.version) return Infinity;
    if (this.entries.length === 0 || this.entries[0].v > since + 1) return 0;
    let from = Infinity;
    for (const e of this.entries) if (e.v > since) from = Math.min(from, e.from);
    return from;
  }
}
