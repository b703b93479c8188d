/**
 * Browser checks of the Analysis section with real results (test/fixtures/analysis: `loss-lab
 * landscape` and `loss-lab hessian` on a small 3-arm run; make-fixtures.sh regenerates them): a group
 * per result, newest first; every chart paints; the contour plot's bands fill the plot in the colour
 * map's colours and each arm's marker sits at its data coordinates ((0, 0) for the centre; (1, 0) and
 * (0, 1) for 'arms' directions); PNG and CSV export post `save` (the slice CSV holds every grid point's
 * numbers); hovering a grid point gives its α, β, loss and metric; Analyse… posts `analyse`; the progress line comes and goes; an odd result file is left
 * out, the rest drawn; a live run has no button; a 420 px panel fits the cards. Screenshots of the section in dark and light themes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { LandscapeResult } from '../../src/shared/analysis/types';
import type { AnalysisEntry, HostToWebview, RunView } from '../../src/shared/protocol/webview';
import { harness, openPage } from './call';
import { contourPixels, pixelOf, type ContourProbe } from './analysis-pixels';
import { formatValue } from '../../webview/model/format';
import { runView, type SyntheticOptions } from './synthetic';

const FIXTURES = join(__dirname, '..', 'fixtures', 'analysis');
const fixture = (name: string): AnalysisEntry['result'] => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));

/** Oldest first, as the host lists them. */
export function fixtureEntries(): AnalysisEntry[] {
  return [
    { file: 'landscape/landscape-cross-entropy-seed-0-val.json', result: fixture('landscape-random-2d') },
    { file: 'landscape/landscape-arms.json', result: fixture('landscape-arms-2d') },
    { file: 'landscape/landscape-focal-2-seed-0-val.json', result: fixture('landscape-1d') },
    { file: 'landscape/hessian-cross-entropy-seed-0-train.json', result: fixture('hessian') },
  ];
}

const RUN: SyntheticOptions = { arms: ['cross-entropy', 'focal γ=2', 'MSE on softmax'], seeds: 1, steps: 600, evalEvery: 50, probeEvery: 200, traceEvery: 0 };

export function analysedRun(live = false): RunView {
  return { ...runView(RUN, live ? 300 : RUN.steps + 1, live), analyses: fixtureEntries() };
}

function send(page: Page, m: HostToWebview): Promise<number> {
  return harness(page, async (h, msg) => {
    h.send(msg);
    return h.drawn();
  }, m);
}

const slug = (file: string): string => file.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();

/** Opens every group and waits for the charts to draw. */
async function openAll(page: Page): Promise<void> {
  await page.evaluate(`document.querySelectorAll('.analysis-group').forEach((d) => { d.open = true; })`);
  await page.waitForTimeout(300);
}

/** The CSV rows as numbers (empty cells NaN), after the header. */
function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const [head, ...lines] = text.trim().split('\n');
  return { header: head.split(','), rows: lines.map((l) => l.split(',').map((c) => (c === '' ? NaN : Number(c)))) };
}

export async function analysisChecks(ctx: BrowserContext, origin: string, errors: string[], shots: { dark: string; light: string }): Promise<void> {
  const page = await openPage(ctx, origin, errors, '', 'analysis');
  await page.bringToFront();
  await page.setViewportSize({ width: 1100, height: 1400 });
  await harness(page, (h) => h.setTheme('dark'));
  const run = analysedRun();
  await send(page, { type: 'init', run, overlays: [], options: { compact: false } });
  const files = await page.locator('.analysis-group').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')));
  assert.deepEqual(files, [...run.analyses!].reverse().map((e) => e.file), 'one group per result, newest first');
  assert.deepEqual(await page.locator('.analysis-group').evaluateAll((els) => els.map((e) => (e as unknown as { open: boolean }).open)), [true, false, false, false], 'the newest is open');
  await openAll(page);
  const ids = (await page.locator('.analysis-card').evaluateAll((els) => els.map((e) => e.id))).sort();
  assert.equal(ids.length, 7, `3 landscapes × (paths, slice) and a Hessian card: ${ids.join(', ')}`);
  const stats = (await harness(page, (h) => h.canvasStats())).filter((s) => s.id.startsWith('chart-an-'));
  for (const s of stats) assert.ok(s.painted > 0.01 && s.colored > 150, `${s.id} paints (${(s.painted * 100).toFixed(1)}%, ${s.colored} coloured px)`);

  // The contour plots: bands cover the plot area, several levels' colours, markers at their data coordinates.
  for (const [file, name] of [[files[3], 'landscape-random-2d'], [files[2], 'landscape-arms-2d']] as const) {
    const r = fixture(name) as LandscapeResult;
    const probe: ContourProbe = await contourPixels(page, `chart-an-${slug(file!)}-slice`, r);
    assert.ok(probe.bandColors >= 6, `${name}: ${probe.bandColors} band colours drawn`);
    assert.ok(probe.coverage > 0.85, `${name}: bands cover ${(probe.coverage * 100).toFixed(0)}% of the plot area`);
    for (const m of probe.markers) assert.ok(m.error !== undefined && m.error < 2.5, `${name}: ${m.arm}'s marker is ${m.error?.toFixed(1)} px from (${m.x}, ${m.y})`);
    assert.equal(probe.markers.length, r.directions.kind === 'arms' ? 3 : 1);
  }

  // Hovering a grid point says its coordinates and numbers under the plot.
  {
    const file = files[3]!;
    const r = fixture('landscape-random-2d') as LandscapeResult;
    const probe = await contourPixels(page, `chart-an-${slug(file)}-slice`, r);
    const canvas = page.locator(`#chart-an-${slug(file)}-slice canvas`);
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    const readout = page.locator(`#chart-an-${slug(file)}-slice .analysis-readout`);
    for (const [i, j] of [[18, 6], [3, 20], [12, 12]]) {
      const { px, py } = pixelOf(probe.area, r, r.slice.x[i], r.slice.y![j]);
      await page.mouse.move(box.x + px, box.y + py);
      await page.waitForTimeout(80);
      const text = (await readout.textContent()) ?? '';
      const expected = `α ${formatValue(r.slice.x[i], 4)}, β ${formatValue(r.slice.y![j], 4)}${i === 12 && j === 12 ? ` (${r.center}\u2019s solution)` : ''}: loss ${formatValue(r.slice.loss[j][i], 5)}, accuracy ${formatValue(r.slice.metric[j][i], 4)}`;
      assert.equal(text, expected, `hover at grid point (${i}, ${j})`);
    }
    await page.mouse.move(1, 1);
  }

  // CSV and PNG of the random slice.
  const sliceId = `chart-an-${slug(files[3]!)}-slice`;
  const before = await harness(page, (h) => h.posted.length);
  await page.locator(`#${sliceId} button`, { hasText: 'CSV' }).click();
  await page.locator(`#${sliceId} button`, { hasText: 'PNG' }).click();
  const saved = (await harness(page, (h, n) => h.posted.slice(n), before)) as { type: string; format: string; suggestedName: string; data: string }[];
  assert.deepEqual(saved.map((s) => [s.type, s.format]), [['save', 'csv'], ['save', 'png']]);
  assert.equal(saved[0].suggestedName, 'spirals-3class-landscape-cross-entropy-seed-0-val-slice.csv');
  const r = fixture('landscape-random-2d') as LandscapeResult;
  const csv = parseCsv(saved[0].data);
  assert.deepEqual(csv.header, ['x', 'y', 'loss', 'accuracy']);
  assert.equal(csv.rows.length, r.slice.x.length * r.slice.y!.length, 'one row per grid point');
  for (const [x, y, loss, acc] of csv.rows) {
    const i = r.slice.x.indexOf(x);
    const j = r.slice.y!.indexOf(y);
    assert.ok(i >= 0 && j >= 0, `(${x}, ${y}) is a grid point`);
    assert.equal(loss, r.slice.loss[j][i]);
    assert.equal(acc, r.slice.metric[j][i]);
  }
  assert.match(saved[1].data, /^data:image\/png;base64,/);
  assert.equal(saved[1].suggestedName, 'spirals-3class-landscape-cross-entropy-seed-0-val-slice.png');

  // Analyse… posts the request; progress shows and goes; the button waits meanwhile.
  const n = await harness(page, (h) => h.posted.length);
  await page.locator('#analysis .analysis-tools button', { hasText: 'Analyse…' }).click();
  assert.deepEqual(await harness(page, (h, k) => h.posted.slice(k), n), [{ type: 'analyse', runDir: run.runDir }]);
  await send(page, { type: 'analysisProgress', key: run.key, progress: { label: 'landscape of cross-entropy (2-D, 41×41)', done: 300, total: 1681 } });
  assert.equal(await page.locator('.analysis-progress').isVisible(), true);
  assert.equal(await page.locator('.analysis-progress-label').textContent(), 'Analysing: landscape of cross-entropy (2-D, 41×41) · 300 of 1,681 (17%)');
  assert.equal(await page.locator('#analysis .analysis-tools button').isDisabled(), true);
  await harness(page, (h, m) => h.send(m), { type: 'analysisProgress', key: 'another run' } as HostToWebview);
  await page.waitForTimeout(100);
  assert.equal(await page.locator('.analysis-progress').isVisible(), true, 'another run\u2019s message changes nothing');
  await send(page, { type: 'analysisProgress', key: run.key });
  assert.equal(await page.locator('.analysis-progress').isVisible(), false, 'the line goes when the analysis ends');
  assert.equal(await page.locator('#analysis .analysis-tools button').isDisabled(), false);
  await send(page, { type: 'analyses', key: run.key, entries: run.analyses!.slice(0, 1) });
  assert.equal(await page.locator('.analysis-group').count(), 1, 'an analyses message replaces the list');

  // Screenshots: every group open, dark then light.
  await send(page, { type: 'analyses', key: run.key, entries: run.analyses! });
  await openAll(page);
  await page.locator('#analysis').screenshot({ path: shots.dark });
  await harness(page, async (h) => {
    h.setTheme('light');
    await h.drawn();
  });
  await page.waitForTimeout(200);
  await page.locator('#analysis').screenshot({ path: shots.light });

  // A 420 px panel: each analysis card and its buttons fit.
  await page.setViewportSize({ width: 420, height: 1400 });
  await page.waitForTimeout(300);
  const overflow = (await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const bad = [];
    for (const el of document.querySelectorAll('.analysis-card, .analysis-card button, .analysis-card select, .analysis-card table')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 0.5) bad.push((el.id || el.textContent.slice(0, 30)) + ' ends at ' + Math.round(r.right) + ' px');
    }
    return bad;
  })()`)) as string[];
  assert.deepEqual(overflow, [], 'a 420 px panel fits the analysis cards');

  // An odd file among the results: left out (and said in the debug log), the run and the other results drawn.
  const odd = { file: 'landscape/odd.json', result: { ...fixture('hessian'), top: 'none' } } as unknown as AnalysisEntry;
  await send(page, { type: 'init', run: { ...run, analyses: [odd, ...run.analyses!] }, overlays: [], options: { compact: false } });
  assert.equal(await page.locator('.analysis-group').count(), 4);
  assert.ok((await harness(page, (h) => h.perf().rejected)).some((r) => r.startsWith('run.analyses[0]: hessian.top is not an object')));

  // A live run: no Analyse… button (its results, if any, are still shown).
  const live = analysedRun(true);
  await send(page, { type: 'init', run: { ...live, analyses: [] }, overlays: [], options: { compact: false } });
  assert.equal(await page.locator('#analysis').isHidden(), true, 'no section for a live run without analyses');
  assert.equal(await page.locator('.page-head button', { hasText: 'Analyse…' }).isHidden(), true);
  await page.close();

  const compact = await openPage(ctx, origin, errors, '?compact=1', 'analysis compact');
  await send(compact, { type: 'init', run, overlays: [], options: { compact: true } });
  assert.equal(await compact.locator('.analysis').count(), 0, 'not in the side view');
  await compact.close();
}
