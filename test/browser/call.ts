/** Page helpers for the browser tests: open the harness page, call into it, wait for its redraws. */
import type { BrowserContext, Page } from 'playwright-core';
import type { Harness } from './page/harness';

/** Calls a function inside the harness page with `window.harness` (and a JSON argument). */
export function harness<T, A = undefined>(page: Page, fn: (h: Harness, arg: A) => T | Promise<T>, arg?: A): Promise<T> {
  return page.evaluate(`(${fn.toString()})(globalThis.harness, ${JSON.stringify(arg ?? null)})`) as Promise<T>;
}

/** A new page on the harness, its errors collected into `errors` (prefixed with `label`), ready when `window.harness` is. */
export async function openPage(ctx: BrowserContext, origin: string, errors: string[], query = '', label = ''): Promise<Page> {
  const page = await ctx.newPage();
  const prefix = label ? `${label} ` : '';
  page.on('pageerror', (e) => errors.push(`${prefix}page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`${prefix}console error: ${m.text()}`));
  await page.goto(`${origin}/${query}`);
  await page.waitForFunction(() => !!(globalThis as unknown as { harness?: unknown }).harness);
  return page;
}

/** Does `act` and waits until the page has drawn a frame after it. */
export async function redrawn(page: Page, act: () => Promise<unknown>): Promise<void> {
  const n = await harness(page, (h) => h.perf().frames.length);
  await act();
  await harness(page, (h, k) => h.framesBeyond(k), n);
}

/** Pixels of a chart card's canvas as a data URL (to see that a redraw changed it). */
export function pixels(page: Page, id: string): Promise<string> {
  return page.evaluate(`document.querySelector('#${id} canvas').toDataURL()`) as Promise<string>;
}
