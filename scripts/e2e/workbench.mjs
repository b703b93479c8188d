// Helpers for driving the VS Code workbench (code-server) in headless Chromium with Playwright:
// polling, chart-canvas pixel statistics, trainer processes of the server, the command palette.
import { execFileSync } from 'node:child_process';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(what, fn, timeoutMs = 60000, everyMs = 250) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${last.message ?? last}` : ''}`);
    await sleep(everyMs);
  }
}

/** Per chart canvas in any webview frame: size, share of pixels drawn, distinct colours, whether its page is the compact side view. */
export async function canvasStats(page) {
  const out = [];
  const inWebview = (f) => !!f && (/\/webview\//.test(f.url()) || inWebview(f.parentFrame()));
  for (const frame of page.frames().filter(inWebview)) {
    let stats;
    try {
      stats = await frame.evaluate(() =>
        [...document.querySelectorAll('canvas')].map((c) => {
          const g = c.getContext('2d');
          if (!g || !c.width || !c.height) return { w: c.width, h: c.height, drawn: 0, colours: 0, visible: false };
          const d = g.getImageData(0, 0, c.width, c.height).data;
          let drawn = 0;
          const colours = new Set();
          for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] > 0) {
              drawn++;
              if (colours.size < 64) colours.add(((d[i] >> 4) << 8) | ((d[i + 1] >> 4) << 4) | (d[i + 2] >> 4));
            }
          }
          const r = c.getBoundingClientRect();
          const compact = document.body.dataset.compact === 'true';
          return { w: c.width, h: c.height, drawn: drawn / (c.width * c.height), colours: colours.size, visible: r.width > 0 && r.height > 0, compact };
        }),
      );
    } catch {
      continue;
    }
    for (const s of stats) out.push({ frame: frame.url().slice(0, 60), ...s });
  }
  return out;
}

/** The text of every element matching `selector` in any webview frame. */
export async function webviewTexts(page, selector) {
  const out = [];
  const inWebview = (f) => !!f && (/\/webview\//.test(f.url()) || inWebview(f.parentFrame()));
  for (const frame of page.frames().filter(inWebview)) {
    try {
      out.push(...(await frame.evaluate((sel) => [...document.querySelectorAll(sel)].map((e) => e.textContent ?? ''), selector)));
    } catch {
      // A frame that went away while being read.
    }
  }
  return out;
}

/** Trainer processes in the server's process group (forked by its extension host). */
export function trainerPids(pgid) {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([, g, ...args]) => Number(g) === pgid && args.join(' ').includes('dist/trainer.js'))
    .map(([pid]) => Number(pid));
}

export async function palette(page, text) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${text}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first().waitFor({ timeout: 10000 });
  await page.keyboard.press('Enter');
}

