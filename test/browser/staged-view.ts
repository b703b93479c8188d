/**
 * Browser check of the staged first draw (a restored panel): a page given a thinned `init` (as the
 * host's `thinRecords` makes it) draws at once, keeps the live records that stream in, and once the
 * `records` message brings every record, every chart is pixel for pixel what a page given the whole
 * run at once draws; an export asked for in between waits for every record.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { HostToWebview } from '../../src/shared/protocol/webview';
import { thinRecords } from '../../src/extension/panel/thin-records';
import { harness, openPage, pixels } from './call';
import { batch, CLASSIFICATION, runView } from './synthetic';

const CARDS = ['chart-train', 'chart-val', 'chart-main', 'chart-grad', 'chart-smooth', 'chart-sharp', 'chart-trace', 'chart-shape'];

function send(page: Page, m: HostToWebview): Promise<number> {
  return harness(page, async (h, msg) => {
    h.send(msg);
    return h.drawn();
  }, m);
}

async function allPixels(page: Page): Promise<string[]> {
  return Promise.all(CARDS.map((id) => pixels(page, id)));
}

async function painted(page: Page): Promise<void> {
  const stats = (await harness(page, (h) => h.canvasStats())).filter((s) => CARDS.includes(s.id));
  for (const s of stats) assert.ok(s.painted > 0.005 && s.colored > 150, `${s.id} is blank after the thinned init`);
}

export async function stagedChecks(ctx: BrowserContext, origin: string, errors: string[]): Promise<void> {
  // A live run at step 2400 of 3000; 300 more steps stream in as `metrics` while the rest is on its way.
  const view = runView(CLASSIFICATION, 2401, true);
  const more = batch(CLASSIFICATION, 2401, 2701);
  const thin = thinRecords(view.records);
  assert.ok(thin && thin.length < view.records.length / 2, `thinned ${thin?.length} of ${view.records.length}`);

  const whole = await openPage(ctx, origin, errors, '', 'staged (whole)');
  await harness(whole, (h) => h.setTheme('dark'));
  await send(whole, { type: 'init', run: view, overlays: [], options: { compact: false } });
  await send(whole, { type: 'metrics', key: view.key, records: more });
  const expected = await allPixels(whole);
  await whole.getByRole('button', { name: /CSV/ }).click();
  const expectedCsv = await harness(whole, (h) => h.posted.at(-1));

  const staged = await openPage(ctx, origin, errors, '', 'staged (thinned first)');
  await harness(staged, (h) => h.setTheme('dark'));
  await send(staged, { type: 'init', run: { ...view, records: thin, thinned: true }, overlays: [], options: { compact: false } });
  await painted(staged);
  await send(staged, { type: 'metrics', key: view.key, records: more });
  const before = await allPixels(staged);
  assert.ok(before.some((p, i) => p !== expected[i]), 'the thinned draw differs somewhere (else this check proves nothing)');
  const posts = await harness(staged, (h) => h.posted.length);
  await staged.getByRole('button', { name: /CSV/ }).click();
  assert.equal(await harness(staged, (h) => h.posted.length), posts, 'no export from thinned records');
  await send(staged, { type: 'records', key: view.key, records: view.records });
  await harness(staged, (h) => h.drawn(2000).catch(() => 0));
  const after = await allPixels(staged);
  CARDS.forEach((id, i) => assert.equal(after[i], expected[i], `${id}: drawn from every record, as a page given them at once`));
  assert.deepEqual(await harness(staged, (h) => h.posted.at(-1)), expectedCsv, 'the waiting export is made from every record');
  await whole.close();
  await staged.close();
}

/**
 * The page says `ready` from its inline boot script, before the bundle has loaded: an `init` the host
 * sends while the bundle is still on its way is held and drawn once it runs, and `ready` is said once.
 */
export async function earlyInitChecks(ctx: BrowserContext, origin: string, errors: string[]): Promise<void> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`early init page error: ${e.message}`));
  let release: () => void = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/ext/dist/webview.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(`${origin}/`, { waitUntil: 'commit' });
  await page.waitForFunction(() => {
    const h = (globalThis as unknown as { harness?: { posted: unknown[] } }).harness;
    return !!h && h.posted.length > 0;
  });
  assert.equal(await page.evaluate('typeof globalThis.__lossLabBoot'), 'object', 'the bundle has not run yet');
  const view = runView(CLASSIFICATION, 1201, false);
  await harness(page, (h, run) => {
    h.setTheme('dark');
    h.send({ type: 'init', run, overlays: [], options: { compact: false } });
  }, view);
  release();
  await page.locator('.card canvas').first().waitFor({ timeout: 10000 });
  await harness(page, (h) => h.drawn(5000).catch(() => 0));
  await painted(page);
  assert.deepEqual(await harness(page, (h) => h.posted.filter((m) => (m as { type: string }).type === 'ready').length), 1, 'ready is said once');
  await page.close();
}

/** The page with its stylesheet and bundle inline (as the extension sends it) draws under the same CSP, fetching neither. */
export async function inlineChecks(ctx: BrowserContext, origin: string, errors: string[]): Promise<void> {
  const page = await openPage(ctx, origin, errors, '?inline=1', 'inline');
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(r.url()));
  await harness(page, (h) => h.showClassification('dark'));
  await painted(page);
  assert.deepEqual(await harness(page, (h) => h.violations), [], 'CSP violations');
  assert.deepEqual(fetched.filter((u) => /webview\.js|panel\.css/.test(u)), []);
  assert.equal(await page.evaluate(`getComputedStyle(document.querySelector('.card')).borderStyle`), 'solid', 'the inline stylesheet applies');
  await page.close();
}
