/**
 * Browser checks of the layout in narrow places: the summary table fits a 581 px panel (no
 * horizontal scroll) and its "Columns" chooser hides a column and remembers it; in a short side view
 * both compact charts are on screen without scrolling; in a 420 px panel the chart cards and their
 * buttons fit (none is cut off at the right edge).
 */
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { harness, openPage } from './call';

export async function layoutChecks(ctx: BrowserContext, origin: string, errors: string[]): Promise<void> {
  const page = await openPage(ctx, origin, errors, '', 'layout');
  // Frames are requested with requestAnimationFrame, which a background tab runs rarely or not at all.
  await page.bringToFront();
  await page.setViewportSize({ width: 581, height: 900 });
  await harness(page, (h) => h.showClassification('dark'));
  const fit = await page.evaluate(`(() => { const w = document.querySelector('.table-wrap'); return [w.scrollWidth, w.clientWidth]; })()`) as [number, number];
  assert.ok(fit[0] <= fit[1] + 1, `the summary table fits the panel (${fit[0]} px in ${fit[1]} px)`);
  const headers = () => page.locator('table.summary thead th').allTextContents();
  assert.ok((await headers()).includes('Steps/s'));
  await page.locator('.column-chooser summary').click();
  await page.getByRole('checkbox', { name: 'Steps/s' }).uncheck();
  // The table redraws at the next animation frame, which headless Chromium may hold back for seconds in
  // a page of a busy context: poll on a timer (not on frames), and wait long enough for it.
  // (A locator wait: a string predicate for waitForFunction is evaluated, which the page's CSP refuses.)
  await page.locator('table.summary thead th', { hasText: /^Steps\/s$/ }).waitFor({ state: 'detached', timeout: 20_000 });
  assert.ok(!(await headers()).includes('Steps/s'), 'the unchecked column is gone');
  assert.equal(await page.locator('.column-chooser').getAttribute('open'), '', 'the chooser stays open while choosing');
  const saved = await harness(page, (h) => h.state() as { hiddenColumns: string[] });
  assert.deepEqual(saved.hiddenColumns, ['stepsPerSec'], 'the choice is saved with the page state');
  await page.close();

  // A panel beside a config is often this narrow: every card, and every button of every card, fits it.
  const narrow = await openPage(ctx, origin, errors, '', 'layout narrow');
  await narrow.bringToFront();
  await narrow.setViewportSize({ width: 420, height: 900 });
  await harness(narrow, (h) => h.showClassification('dark'));
  const overflow = await narrow.evaluate(`(() => {
    const bad = [];
    const width = document.documentElement.clientWidth;
    for (const card of document.querySelectorAll('.card')) {
      if (card.hidden || card.getBoundingClientRect().width === 0) continue;
      const c = card.getBoundingClientRect();
      if (c.right > width + 0.5) bad.push(card.id + ' ends at ' + Math.round(c.right) + ' px');
      for (const b of card.querySelectorAll('.card-head button, .card-head select:not(.metric-select)')) {
        const r = b.getBoundingClientRect();
        if (r.width > 0 && (r.right > c.right + 0.5 || r.right > width + 0.5)) bad.push(card.id + ' ' + (b.getAttribute('aria-label') || b.textContent) + ' ends at ' + Math.round(r.right) + ' px');
      }
    }
    return bad;
  })()`) as string[];
  assert.deepEqual(overflow, [], `in a 420 px panel nothing is clipped at the right edge`);
  await narrow.close();

  const side = await openPage(ctx, origin, errors, '?compact=1', 'layout compact');
  await side.bringToFront();
  await side.setViewportSize({ width: 300, height: 420 });
  await harness(side, (h) => h.showClassification('dark', true));
  const bottoms = await side.evaluate(`[...document.querySelectorAll('.card')].filter((c) => !c.hidden).map((c) => c.getBoundingClientRect().bottom)`) as number[];
  assert.equal(bottoms.length, 2);
  for (const b of bottoms) assert.ok(b <= 420, `a compact chart ends at ${Math.round(b)} px in a 420 px side view`);
  await side.close();
}
