/**
 * Coalesces redraw requests into animation frames, at most one per `minIntervalMs` (10 per second by
 * default): a burst of messages costs one redraw. When redraws get expensive, data-driven requests
 * wait longer (at least `busyFactor` × the last redraw's cost), so drawing takes at most about a
 * quarter of the main thread; `urgent` requests (the user acted) skip that extra wait. The clock and
 * frame functions are passed in.
 */
export interface FrameEnv {
  now(): number;
  frame(cb: () => void): void;
  later(cb: () => void, ms: number): void;
}

export class FrameScheduler {
  private pending = false;
  private urgent = false;
  private last = -Infinity;
  private cost = 0;

  constructor(
    private readonly draw: () => void,
    private readonly env: FrameEnv,
    private readonly minIntervalMs = 100,
    private readonly busyFactor = 4,
  ) {}

  request(urgent = false): void {
    if (this.pending) {
      // Already waiting, maybe long: an urgent request sets its own, shorter wait.
      if (urgent && !this.urgent) {
        this.urgent = true;
        this.schedule();
      }
      return;
    }
    this.urgent = urgent;
    this.pending = true;
    this.schedule();
  }

  private schedule(): void {
    const gap = this.urgent ? this.minIntervalMs : Math.max(this.minIntervalMs, this.cost * this.busyFactor);
    const wait = this.last + gap - this.env.now();
    if (wait > 0) this.env.later(this.ready, wait);
    else this.env.frame(this.tick);
  }

  /** A wait ended: if something urgent came meanwhile, it may already be due. */
  private readonly ready = (): void => this.env.frame(this.tick);

  private readonly tick = (): void => {
    if (!this.pending) return;
    this.pending = false;
    this.urgent = false;
    const start = this.env.now();
    this.last = start;
    this.draw();
    this.cost = this.env.now() - start;
  };
}
