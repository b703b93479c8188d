/** A downsampling index for one drawn line, rebuilt when what it depends on (axis, width, scale, smoothing) changes. */
import { M4Index } from './m4-index';

export class Thinned {
  private index: M4Index | undefined;
  private key = '';
  /** The source version (owner-defined) the index was last synced at. */
  seen = -1;

  /**
   * Indices to draw of [0, length). `key` names everything the index depends on; `from` is the first
   * source row changed since the last call.
   */
  indices(key: string, target: number, x: ArrayLike<number>, low: ArrayLike<number>, high: ArrayLike<number>, length: number, from: number, positive: boolean): number[] {
    if (!this.index || key !== this.key) {
      this.index = new M4Index(target);
      this.key = key;
      from = 0;
    }
    this.index.sync(x, low, high, length, Math.min(from, this.index.processed), positive);
    return this.index.indices();
  }

  get processed(): number {
    return this.index?.processed ?? 0;
  }
}
