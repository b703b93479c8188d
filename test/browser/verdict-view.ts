/**
 * Browser checks of the Verdict section: the finished synthetic classification run (3 arms × 2
 * seeds, one diverged) shows one line per comparison with its interval bar, coloured by direction,
 * the per-seed differences on hover; a live run says verdicts come at its end and shows them when its
 * final summary arrives; one seed gets the note that a verdict needs two; compact mode has no section.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { HostToWebview } from '../../src/shared/protocol/webview';
import { harness, openPage } from './call';
import { CLASSIFICATION, runView, summaryOf } from './synthetic';
import { verdictBriefChecks } from './verdict-brief-view';
import { curveDiffChecks } from './verdict-curves-view';

function send(page: Page, m: HostToWebview): Promise<number> {
  return harness(page, async (h, msg) => {
    h.send(msg);
    return h.drawn();
  }, m);
}

async function rows(page: Page): Promise<{ cls: string; text: string; title: string; bar: number }[]> {
  return page.evaluate(`[...document.querySelectorAll('.verdicts .verdict-row')].map((li) => ({
    cls: li.className, text: li.querySelector('.verdict-text').textContent, title: li.title,
    bar: li.querySelector('.verdict-ci').getBoundingClientRect().width,
  }))`) as Promise<{ cls: string; text: string; title: string; bar: number }[]>;
}

export async function verdictChecks(ctx: BrowserContext, origin: string, errors: string[]): Promise<void> {
  const page = await openPage(ctx, origin, errors, '', 'verdict');
  const done = summaryOf(CLASSIFICATION, true);
  await harness(page, (h) => h.showClassification('dark'));
  const shown = await rows(page);
  assert.equal(shown.length, done.comparisons!.length);
  shown.forEach((r, i) => {
    const c = done.comparisons![i];
    assert.equal(r.text, c.verdict);
    assert.match(r.cls, new RegExp(`verdict-${!c.significant ? 'none' : c.meanDiff > 0 ? 'better' : 'worse'}`));
    assert.match(r.title, /^seed 0: .*\nseed 1: /);
    assert.ok(r.bar > 2, `interval bar drawn (${r.bar}px)`);
  });
  const top = await page.evaluate(`[...document.querySelector('main').children].findIndex((e) => e.classList.contains('verdicts'))`);
  assert.equal(top, 1, 'the section comes right after the header');

  const live = runView(CLASSIFICATION, 500, true);
  await send(page, { type: 'init', run: live, overlays: [], options: { compact: false } });
  assert.equal(await page.locator('.verdicts .verdict-row').count(), 0);
  assert.match(await page.locator('.verdicts .verdict-note').textContent() ?? '', /appear when the run ends/);
  await send(page, { type: 'summary', key: live.key, summary: done, live: false });
  assert.equal(await page.locator('.verdicts .verdict-row').count(), done.comparisons!.length, 'the final summary brings the verdicts');

  const one = { ...CLASSIFICATION, seeds: 1, diverge: undefined };
  await send(page, { type: 'init', run: runView(one, one.steps + 1, false), overlays: [], options: { compact: false } });
  assert.match(await page.locator('.verdicts .verdict-note').textContent() ?? '', /needs ≥ 2 seeds/);
  await page.close();

  const compact = await openPage(ctx, origin, errors, '?compact=1', 'verdict compact');
  await harness(compact, (h) => h.showClassification('dark', true));
  assert.equal(await compact.locator('.verdicts').count(), 0);
  await compact.close();
  await curveDiffChecks(ctx, origin, errors);
  await verdictBriefChecks(ctx, origin, errors);
}
