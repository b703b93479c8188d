/**
 * Browser checks of the header for a run that ended early: a run stopped by a window reload says so
 * (the summary's reason, not a bare "stopped") with its start time and a Resume button that posts
 * `resume` for its folder; a live run has no Resume, a completed one neither. A live run's x axes
 * span the steps it plans, and say so; a stopped run's end at its data.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { HostToWebview, RunView } from '../../src/shared/protocol/webview';
import { formatRunStart } from '../../src/shared/run-start';
import { harness, openPage } from './call';
import { CLASSIFICATION, runView } from './synthetic';

function send(page: Page, m: HostToWebview): Promise<number> {
  return harness(page, async (h, msg) => {
    h.send(msg);
    return h.drawn();
  }, m);
}

function stoppedRun(): RunView {
  const run = runView(CLASSIFICATION, 300, false);
  run.summary = { ...run.summary!, status: 'stopped', reason: 'stopped by window reload or close', configPath: '/ws/spirals.losslab.json', arms: [], comparisons: undefined };
  return run;
}

export async function runStateChecks(ctx: BrowserContext, origin: string, errors: string[]): Promise<void> {
  const page = await openPage(ctx, origin, errors, '', 'run state');
  const stopped = stoppedRun();
  await send(page, { type: 'init', run: stopped, overlays: [], options: { compact: false } });
  const status = page.locator('.page-head .run-status');
  assert.equal(await status.textContent(), 'stopped by window reload or close');
  assert.match(await status.getAttribute('class') ?? '', /state-stopped/);
  assert.equal(await page.locator('.page-head .run-started').textContent(), formatRunStart(stopped.summary!.startedAt));
  const resume = page.getByRole('button', { name: 'Resume run' });
  assert.equal(await resume.isVisible(), true, 'Resume is offered for a stopped run');
  assert.equal(await page.getByRole('button', { name: 'Stop run' }).isVisible(), false);
  await resume.click();
  const posted = await harness(page, (h) => h.posted.at(-1));
  assert.deepEqual(posted, { type: 'resume', runDir: stopped.runDir });
  assert.match(await page.locator('#chart-train canvas').getAttribute('aria-label') ?? '', /; x: Step$/, 'a stopped run\'s x axis ends at its data, not at its plan');

  await send(page, { type: 'init', run: runView(CLASSIFICATION, 300, true), overlays: [], options: { compact: false } });
  assert.equal(await status.textContent(), '● live');
  assert.equal(await resume.isVisible(), false, 'no Resume while live');
  const xAxis = await page.locator('#chart-train canvas').getAttribute('aria-label');
  assert.match(xAxis ?? '', /; x: Step \(axis: 3,000 planned\)$/, 'a live run\'s x axis spans its planned steps, and says so');
  await send(page, { type: 'init', run: runView(CLASSIFICATION, CLASSIFICATION.steps + 1, false), overlays: [], options: { compact: false } });
  assert.equal(await status.textContent(), 'completed');
  assert.equal(await resume.isVisible(), false, 'no Resume for a completed run');
  await page.close();

  const compact = await openPage(ctx, origin, errors, '?compact=1', 'run state compact');
  await send(compact, { type: 'init', run: stopped, overlays: [], options: { compact: true } });
  assert.equal(await compact.locator('.run-status').textContent(), 'stopped by window reload or close');
  assert.equal(await compact.getByRole('button', { name: 'Resume run' }).isVisible(), true, 'the side view offers Resume too');
  await compact.close();
}
