/**
 * The few browser APIs the harness page uses, typed locally: test files are also checked by the root
 * tsconfig, which has no DOM library.
 */
export interface StyleDecl {
  setProperty(name: string, value: string): void;
}

export interface Rect {
  top: number;
  left: number;
  bottom: number;
  right: number;
  width: number;
  height: number;
}

export interface Canvas {
  width: number;
  height: number;
  closest(sel: string): { hidden: boolean; id: string } | null;
  getBoundingClientRect(): Rect;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

export interface Page {
  document: {
    documentElement: { style: StyleDecl };
    body: { className: string; dataset: Record<string, string | undefined> };
    querySelectorAll(sel: string): ArrayLike<Canvas>;
    addEventListener(type: 'securitypolicyviolation', cb: (e: { violatedDirective: string; blockedURI: string }) => void): void;
  };
  location: { hash: string };
  innerHeight: number;
  innerWidth: number;
  dispatchEvent(e: unknown): boolean;
  requestAnimationFrame(cb: () => void): number;
  MessageEvent: new (type: string, init: { data: unknown }) => unknown;
  acquireVsCodeApi?: () => { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void };
  __LOSSLAB_DEBUG__?: boolean;
  __lossLabPerf?: { frames: number[]; messages: { type: string; ms: number }[]; rejected: string[] };
  harness?: unknown;
  gc?: () => void;
  performance: { now(): number; memory?: { usedJSHeapSize: number } };
}
