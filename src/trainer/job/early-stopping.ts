/** Stops an arm when a validation metric has not improved for `patience` evaluations. */
import type { EarlyStoppingConfig } from '../../shared/config/types';

export class EarlyStopper {
  private best: number | undefined;
  private stale = 0;

  constructor(private readonly cfg: EarlyStoppingConfig) {}

  /** Feed one evaluation; true when training should stop. */
  update(values: Record<string, number>): boolean {
    const v = values[this.cfg.metric];
    if (v === undefined || !Number.isFinite(v)) return false;
    const improved =
      this.best === undefined || (this.cfg.mode === 'max' ? v > this.best + this.cfg.minDelta : v < this.best - this.cfg.minDelta);
    if (improved) {
      this.best = v;
      this.stale = 0;
      return false;
    }
    this.stale++;
    return this.stale >= this.cfg.patience;
  }

  /** Its state, for a checkpoint. */
  save(): { best?: number; stale: number } {
    return { best: this.best, stale: this.stale };
  }

  load(state: { best?: number; stale: number }): void {
    this.best = state.best;
    this.stale = state.stale;
  }

  reason(step: number): string {
    return `early stopped at step ${step}: ${this.cfg.metric} did not improve by more than ${this.cfg.minDelta} for ${this.cfg.patience} evaluations (best ${this.best})`;
  }
}
