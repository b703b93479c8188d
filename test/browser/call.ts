/** Calls a function inside the harness page with `window.harness` (and a JSON argument). */
import type { Page } from 'playwright-core';
import type { Harness } from './page/harness';

export function harness<T, A = undefined>(page: Page, fn: (h: Harness, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
  return page.evaluate(`(${fn.toString()})(globalThis.harness, ${JSON.stringify(arg ?? null)})`) as Promise<T>;
}
