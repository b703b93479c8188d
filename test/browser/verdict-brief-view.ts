/**
 * Browser checks of the verdicts outside the Verdict section: the side view (compact) lists the first
 * verdicts in a few words; a finished one-seed run offers "Re-run with 5 seeds", which posts
 * `rerunWithSeeds` with the run folder; a live one-seed run does not offer it.
 */
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { shortVerdict } from '../../src/shared/comparisons/short-verdict';
import { harness, openPage } from './call';
import { CLASSIFICATION, runView, summaryOf } from './synthetic';

export async function verdictBriefChecks(ctx: BrowserContext, origin: string, errors: string[]): Promise<void> {
  const compact = await openPage(ctx, origin, errors, '?compact=1', 'verdict brief');
  await harness(compact, (h) => h.showClassification('dark', true));
  const done = summaryOf(CLASSIFICATION, true);
  assert.equal(await compact.locator('.verdict-brief').isVisible(), true, 'the side view shows the verdicts');
  assert.equal(await compact.locator('.verdict-brief-title').textContent(), 'Verdict · best val accuracy');
  assert.deepEqual(await compact.locator('.verdict-brief .verdict-text').allTextContents(), done.comparisons!.slice(0, 3).map(shortVerdict));
  await compact.close();

  const page = await openPage(ctx, origin, errors, '', 'verdict rerun');
  const one = { ...CLASSIFICATION, seeds: 1, diverge: undefined };
  const send = (live: boolean) => harness(page, async (h, run) => {
    h.send({ type: 'init', run, overlays: [], options: { compact: false } });
    await h.drawn();
  }, runView(one, one.steps + 1, live));
  await send(true);
  assert.equal(await page.getByRole('button', { name: 'Re-run with 5 seeds' }).count(), 0, 'no re-run offer while the run is live');
  await send(false);
  await page.getByRole('button', { name: 'Re-run with 5 seeds' }).click();
  const posted = await harness(page, (h) => h.posted[h.posted.length - 1]);
  assert.deepEqual(posted, { type: 'rerunWithSeeds', runDir: runView(one, 0, false).runDir, repeats: 5 });
  await page.close();
}
