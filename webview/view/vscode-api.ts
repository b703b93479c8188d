/** The webview's handle to the host (`acquireVsCodeApi`), typed with the protocol. Outside VS Code (a plain browser) it does nothing. */
import type { WebviewToHost } from '../../src/shared/protocol/webview';

export interface HostApi {
  post(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** What the page's inline boot script (src/extension/panel/webview-html.ts) set up: it already posted `ready`. */
export interface Boot {
  api: VsCodeApi;
  /** Messages that arrived before the bundle ran, in order. */
  queue: unknown[];
  hold(e: MessageEvent): void;
}

/** The boot script's handle, taken once: its listener is removed, so later messages go to the bundle's own. */
export function takeBoot(): Boot | undefined {
  const g = globalThis as { __lossLabBoot?: Boot };
  const boot = g.__lossLabBoot;
  if (!boot) return undefined;
  delete g.__lossLabBoot;
  window.removeEventListener('message', boot.hold);
  return boot;
}

export function hostApi(boot?: Boot): HostApi {
  const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
  const api = boot?.api ?? acquire?.();
  let state: unknown;
  return {
    post: (m) => api?.postMessage(m),
    getState: () => (api ? api.getState() : state),
    setState: (s) => (api ? api.setState(s) : (state = s)),
  };
}
