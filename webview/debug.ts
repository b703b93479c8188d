/**
 * Opt-in instrumentation for the browser harness: when the page sets `__LOSSLAB_DEBUG__ = true` before
 * the bundle loads, timings land in `__lossLabPerf` and refused messages are logged. Off otherwise.
 */
export interface PerfLog {
  frames: number[];
  messages: { type: string; ms: number }[];
  rejected: string[];
}

export interface DebugHooks {
  frame(ms: number): void;
  message(type: string, ms: number): void;
  rejected(error: string): void;
}

type DebugGlobal = { __LOSSLAB_DEBUG__?: boolean; __lossLabPerf?: PerfLog };

export function debugHooks(): DebugHooks | undefined {
  const g = globalThis as DebugGlobal;
  if (g.__LOSSLAB_DEBUG__ !== true) return undefined;
  const log: PerfLog = { frames: [], messages: [], rejected: [] };
  g.__lossLabPerf = log;
  return {
    frame: (ms) => log.frames.push(ms),
    message: (type, ms) => log.messages.push({ type, ms }),
    rejected: (error) => {
      log.rejected.push(error);
      console.warn(`loss-lab: ignored a message: ${error}`);
    },
  };
}
