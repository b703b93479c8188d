/**
 * The analyses running in this window, by run folder: the chart pages showing a run hear of its
 * progress (and a page initialised meanwhile asks for it), and a second analysis of the same run is
 * refused. Shutdown stops them all and waits for them to end (their trainers exit, the lock is freed).
 */
import type { AnalysisEntry, AnalysisProgress } from '../../shared/protocol/webview';
import type { ChartSession } from '../panel/chart-session';

interface UnderWay {
  progress?: AnalysisProgress;
  stop?: () => void;
  ended: Promise<void>;
}

export class AnalysesUnderWay {
  private readonly current = new Map<string, UnderWay>();

  constructor(private readonly sessions: (runDir: string) => ChartSession[]) {}

  has(runDir: string): boolean {
    return this.current.has(runDir);
  }

  progress(runDir: string): AnalysisProgress | undefined {
    return this.current.get(runDir)?.progress;
  }

  /** Tracks `work` (given a way to report and to be stopped) until it settles; the pages hear `undefined` progress at its end. */
  async track<T>(runDir: string, work: (report: (p: AnalysisProgress) => void, onStop: (stop: () => void) => void) => Promise<T>): Promise<T> {
    if (this.current.has(runDir)) throw new Error('an analysis of this run is already under way');
    let settle = () => {};
    const entry: UnderWay = { ended: new Promise<void>((r) => (settle = r)) };
    this.current.set(runDir, entry);
    try {
      return await work(
        (p) => {
          entry.progress = p;
          for (const s of this.sessions(runDir)) s.showAnalysisProgress(runDir, p);
        },
        (stop) => (entry.stop = stop),
      );
    } finally {
      this.current.delete(runDir);
      for (const s of this.sessions(runDir)) s.showAnalysisProgress(runDir, undefined);
      settle();
    }
  }

  /** Sends the run's full list of analyses to the pages showing it. */
  publish(runDir: string, entries: AnalysisEntry[]): void {
    for (const s of this.sessions(runDir)) s.showAnalyses(runDir, entries);
  }

  /** Stops every analysis and waits until each has ended. */
  async stopAll(): Promise<void> {
    const all = [...this.current.values()];
    all.forEach((u) => u.stop?.());
    await Promise.all(all.map((u) => u.ended));
  }
}
