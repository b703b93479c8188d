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

export function hostApi(): HostApi {
  const acquire = (globalThis as { acquireVsCodeApi?: () => VsCodeApi }).acquireVsCodeApi;
  const api = acquire?.();
  let state: unknown;
  return {
    post: (m) => api?.postMessage(m),
    getState: () => (api ? api.getState() : state),
    setState: (s) => (api ? api.setState(s) : (state = s)),
  };
}
