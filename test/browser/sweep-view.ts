/**
 * Browser checks of the Sweep section: a synthetic live sweep (base arms sum, pcgrad and bloop × 6 λ
 * on a log grid × 2 seeds, the Bloop experiment's shape: more λ lowers the auxiliary and raises the
 * cross-entropy; plus an unswept cross-entropy baseline) starts with 24 of 38 jobs; the Pareto and parameter charts are painted; the axis
 * selectors change the chart and are saved; a click on a point hides every other arm (and "Show all
 * arms" brings them back); `trials` messages stream in and the table and progress follow; an
 * ordinary run has no Sweep section. Takes a screenshot of the header and the section (synthetic data).
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { MetricRecord } from '../../src/shared/metrics';
import type { RunView } from '../../src/shared/protocol/webview';
import type { SweepConfig } from '../../src/shared/config/types';
import type { TrialRow } from '../../src/shared/sweep/types';
import { harness, openPage, pixels, redrawn } from './call';
import { CLASSIFICATION, runView } from './synthetic';

const KEY = '/ws/.losslab/runs/20260101-000000-bloop-pareto';
const BASES = ['sum', 'pcgrad', 'bloop'];
const LAMBDAS = [0.01, 0.0313, 0.0979, 0.306, 0.958, 3];
const SEEDS = 2;
const STEPS = 120;

export const SWEEP: SweepConfig = {
  parameters: { lambda: { logGrid: { from: 0.01, to: 3, count: LAMBDAS.length } } },
  objective: { metric: 'val/ce', mode: 'min' },
  pareto: ['val/ce', 'bloop/aux'],
};

function noise(a: number, b: number, c: number): number {
  let t = (a * 374761393 + b * 668265263 + c * 2246822519) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
}

const trialName = (b: number, l: number): string => `${BASES[b]} lambda=${LAMBDAS[l]}`;

/** Final metrics of (base arm, λ, seed): bloop trades best, pcgrad next, sum worst at large λ. */
function finals(b: number, l: number, seed: number): Record<string, number> {
  const lam = LAMBDAS[l];
  const cost = [1, 0.8, 0.6][b];
  const ce = 0.175 + 0.19 * lam * cost + 0.004 * noise(b, l, seed);
  const aux = 5.4 - 0.95 * Math.log10(lam / 0.01) * (1 + 0.04 * b) + 0.05 * noise(b, l, seed + 7);
  return { 'val/ce': ce, 'val/loss': ce, 'val/accuracy': 0.955 - 0.12 * (ce - 0.175), 'bloop/aux': aux, 'test/ce': ce * 1.3, loss: ce * 0.7 };
}

/** Final metrics of the unswept cross-entropy arm (a baseline: no auxiliary). */
function baselineFinals(seed: number): Record<string, number> {
  const ce = 0.172 + 0.003 * noise(9, 0, seed);
  return { 'val/ce': ce, 'val/loss': ce, 'val/accuracy': 0.957, 'test/ce': ce * 1.3, loss: ce * 0.7 };
}

/** The 38 jobs in the order a sweep finishes them: λ by λ, each base arm, each seed; then the baseline's two seeds. */
export function trialRows(): TrialRow[] {
  const rows: TrialRow[] = [];
  for (let l = 0; l < LAMBDAS.length; l++) {
    for (let seed = 0; seed < SEEDS; seed++) {
      for (let b = 0; b < BASES.length; b++) {
        const final = finals(b, l, seed);
        const diverged = b === 0 && l === LAMBDAS.length - 1 && seed === 1;
        rows.push({
          arm: trialName(b, l), seed, status: diverged ? 'diverged' : 'completed', reason: diverged ? 'loss became NaN at step 97' : undefined,
          steps: diverged ? 97 : STEPS, epochs: 12, wallTimeSec: 4.2, stepsPerSec: 57, mainMetric: 'val/accuracy', best: {}, final: diverged ? {} : final,
          trialId: `${BASES[b]}|lambda=${LAMBDAS[l]}`, baseArm: BASES[b], params: { lambda: LAMBDAS[l] }, objective: diverged ? undefined : final['val/ce'],
        });
      }
    }
  }
  for (let seed = 0; seed < SEEDS; seed++) {
    const final = baselineFinals(seed);
    rows.push({
      arm: 'ce', seed, status: 'completed', steps: STEPS, epochs: 12, wallTimeSec: 3.9, stepsPerSec: 61, mainMetric: 'val/accuracy', best: {}, final,
      trialId: 'ce', baseArm: 'ce', params: {}, objective: final['val/ce'],
    });
  }
  return rows;
}

/** Per-step records of a finished job: loss and the auxiliary falling, evaluations every 10 steps. */
function records(row: TrialRow): MetricRecord[] {
  const b = BASES.indexOf(row.baseArm);
  const l = LAMBDAS.indexOf(row.params.lambda);
  const out: MetricRecord[] = [];
  const end = b < 0 ? { ...baselineFinals(row.seed), 'bloop/aux': 5.6 } : finals(b, l, row.seed);
  for (let step = 1; step <= row.steps; step++) {
    const decay = Math.exp(-step / 25);
    const tag = { arm: row.arm, seed: row.seed, step, epoch: step / 10, time: step / 57 };
    out.push({ ...tag, kind: 'train', values: { loss: end.loss + 2.2 * decay * (1 + 0.2 * noise(b, l, step)), 'bloop/aux': end['bloop/aux'] + 1.5 * decay } });
    if (step % 10 === 0) out.push({ ...tag, kind: 'eval', values: { 'val/ce': end['val/ce'] + 2 * decay, 'val/accuracy': end['val/accuracy'] - 0.8 * decay } });
  }
  return out;
}

function sweepRun(rows: TrialRow[], live: boolean): RunView {
  const arms = [...new Set(trialRows().map((r) => r.arm))];
  return {
    key: KEY,
    name: 'bloop-pareto',
    runDir: KEY,
    arms,
    repeats: SEEDS,
    live,
    records: rows.flatMap(records),
    sweep: { config: SWEEP, totalJobs: (BASES.length * LAMBDAS.length + 1) * SEEDS, rows },
  };
}

/** Trial names by mean objective over the seeds that have one, ascending. */
function byObjective(rows: TrialRow[]): string[] {
  const by = new Map<string, number[]>();
  for (const r of rows) {
    const list = by.get(r.arm) ?? [];
    if (r.objective !== undefined) list.push(r.objective);
    by.set(r.arm, list);
  }
  return [...by]
    .map(([arm, vs]) => ({ arm, v: vs.reduce((a, b) => a + b, 0) / vs.length }))
    .sort((a, b) => a.v - b.v)
    .map((e) => e.arm);
}

type Stat = { id: string; visible: boolean; painted: number; colored: number };

async function checkPainted(page: Page, label: string, ids: string[]): Promise<void> {
  const stats = (await harness(page, (h) => h.canvasStats())) as Stat[];
  for (const id of ids) {
    const s = stats.find((x) => x.id === id);
    assert.ok(s?.visible, `${label}: ${id} not visible`);
    assert.ok(s.painted > 0.004, `${label}: ${id} is blank (${(s.painted * 100).toFixed(2)}% painted)`);
    assert.ok(s.colored > 120, `${label}: ${id} has no coloured points (${s.colored} px)`);
  }
  process.stdout.write(`  ${label}: ${stats.filter((s) => ids.includes(s.id)).map((s) => `${s.id} ${(s.painted * 100).toFixed(1)}%/${s.colored}px`).join(', ')}\n`);
}

type State = { metric: Record<string, string>; hidden: string[] };
const state = (page: Page): Promise<State> => harness(page, (h) => h.state() as State);

async function tableTrials(page: Page): Promise<string[]> {
  return page.locator('.sweep-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-trial') ?? ''));
}

export async function sweepChecks(ctx: BrowserContext, origin: string, errors: string[], screenshot: string): Promise<void> {
  process.stdout.write('• sweep view: Pareto chart, axis selectors, focus on click, streamed trials, trial table\n');
  const page = await openPage(ctx, origin, errors, '', 'sweep');
  try {
    await page.setViewportSize({ width: 1280, height: 1600 });
    const rows = trialRows();
    const progress = page.locator('.sweep-progress');

    await harness(page, async (h, run) => {
      h.setTheme('dark');
      h.send({ type: 'init', run, overlays: [], options: { compact: false } });
      await h.drawn();
    }, sweepRun(rows.slice(0, 24), true));
    await page.waitForTimeout(150);
    assert.equal(await page.locator('.sweep').isVisible(), true, 'the section is shown');
    const order = await page.evaluate(`document.querySelector('.sweep').compareDocumentPosition(document.querySelector('.charts'))`);
    assert.equal(Number(order) & 4, 4, 'the sweep section precedes the per-step charts');
    await checkPainted(page, '24 of 38 jobs', ['sweep-pareto', 'sweep-param']);
    assert.match((await progress.textContent()) ?? '', /^24 of 38 finished · 12 trials · objective val\/ce \(min\) · running$/);
    assert.match((await page.locator('#sweep-param .card-title').textContent()) ?? '', /val\/ce against lambda/);

    // Default axes from the config; the table is sorted by the objective (lowest val/ce first).
    const x = page.getByRole('combobox', { name: 'Pareto chart: x metric' });
    const y = page.getByRole('combobox', { name: 'Pareto chart: y metric' });
    assert.equal(await x.inputValue(), 'val/ce');
    assert.equal(await y.inputValue(), 'bloop/aux');
    let trials = await tableTrials(page);
    assert.equal(trials.length, 12);
    assert.deepEqual(trials, byObjective(rows.slice(0, 24)), 'table sorted by mean val/ce');
    // Trials with 2 seeds: the objective's 95% t-interval beside the mean, also on hover; error bars on the Pareto points.
    const spread = page.locator('.sweep-table td.num .spread').first();
    assert.match((await spread.textContent()) ?? '', /^ [\d.e−-]+ … [\d.e−-]+$/);
    assert.match((await spread.locator('xpath=..').getAttribute('title')) ?? '', /^95% CI .* \(2 seeds\)\nmean of 2 seeds/);

    // The selectors change the chart and are saved.
    const before = await pixels(page, 'sweep-pareto');
    await redrawn(page, () => x.selectOption('val/accuracy'));
    assert.equal((await state(page)).metric['sweep-pareto-x'], 'val/accuracy');
    assert.notEqual(await pixels(page, 'sweep-pareto'), before, 'a new x metric redraws the chart');
    assert.equal(await y.inputValue(), 'bloop/aux');
    await redrawn(page, () => y.selectOption('test/ce'));
    assert.equal((await state(page)).metric['sweep-pareto-y'], 'test/ce');
    await redrawn(page, () => x.selectOption('val/ce'));
    await redrawn(page, () => y.selectOption('bloop/aux'));
    assert.equal(await pixels(page, 'sweep-pareto'), before, 'back to the default axes, the same picture');

    // Both charts save as PNG (title, run name and the arms' colour key drawn in).
    for (const [name, file] of [['Save the Pareto chart as PNG', 'sweep-pareto'], ['Save the objective-against-parameter chart as PNG', 'sweep-param']]) {
      await page.getByRole('button', { name }).click();
      const saved = await harness(page, (h) => h.posted[h.posted.length - 1] as { type: string; format?: string; suggestedName?: string; data?: string });
      assert.equal(saved.type, 'save');
      assert.equal(saved.format, 'png');
      assert.ok(saved.suggestedName?.endsWith(`${file}.png`), saved.suggestedName);
      assert.ok(saved.data?.startsWith('data:image/png;base64,') && saved.data.length > 5000, `${name}: a PNG data URL`);
    }

    // A click on a point shows only that trial's curves; "Show all arms" brings the rest back.
    const points = JSON.parse((await page.locator('#sweep-pareto canvas').getAttribute('data-points')) ?? '[]') as { name: string; x: number; y: number }[];
    assert.equal(points.length, 12, 'one point per trial with both metrics');
    const target = points.find((p) => p.name === 'bloop lambda=0.306') ?? points[0];
    const box = await page.locator('#sweep-pareto canvas').boundingBox();
    assert.ok(box);
    await redrawn(page, () => page.mouse.click(box.x + target.x, box.y + target.y));
    const hidden = (await state(page)).hidden;
    const arms = sweepRun([], true).arms;
    assert.equal(hidden.length, arms.length - 1, `every other arm hidden (${hidden.length})`);
    assert.ok(!hidden.includes(`\u0000${target.name}`), 'the clicked trial stays shown');
    assert.equal(await page.locator('.sweep-focus').textContent(), `Showing only ${target.name}`);
    const pressed = await page.locator('.legend-item[aria-pressed="true"]').allTextContents();
    assert.deepEqual(pressed, [target.name], 'the legend shows the one trial');
    const showAll = page.getByRole('button', { name: 'Show all arms' });
    assert.equal(await showAll.isVisible(), true);
    await redrawn(page, () => showAll.click());
    assert.deepEqual((await state(page)).hidden, []);
    assert.equal(await showAll.isHidden(), true);
    // A trial's name in the table focuses it too.
    await redrawn(page, () => page.locator('.sweep-table').getByRole('button', { name: 'pcgrad lambda=0.01', exact: true }).click());
    assert.equal(await page.locator('.sweep-focus').textContent(), 'Showing only pcgrad lambda=0.01');
    await redrawn(page, () => showAll.click());

    // The remaining jobs stream in as `trials` messages (with their records): table and progress follow.
    for (let at = 24; at < rows.length; at += 6) {
      const batch = rows.slice(at, at + 6);
      const pic = await pixels(page, 'sweep-pareto');
      const paramPic = await pixels(page, 'sweep-param');
      await redrawn(page, () =>
        harness(page, (h, m) => {
          h.send({ type: 'metrics', key: m.key, records: m.records });
          h.send({ type: 'trials', key: m.key, rows: m.rows });
        }, { key: KEY, records: batch.flatMap(records), rows: batch }),
      );
      const n = at + batch.length;
      assert.match((await progress.textContent()) ?? '', new RegExp(`^${n} of 38 finished · ${n / SEEDS} trials`));
      assert.equal((await tableTrials(page)).length, n / SEEDS);
      if (batch.some((r) => r.baseArm !== 'ce')) assert.notEqual(await pixels(page, 'sweep-pareto'), pic, `${n} jobs: the Pareto chart is redrawn`);
      else assert.notEqual(await pixels(page, 'sweep-param'), paramPic, `${n} jobs: the baseline's level is drawn`);
    }
    // A job sent twice (a resumed sweep) counts once.
    await redrawn(page, () => harness(page, (h, m) => h.send({ type: 'trials', key: m.key, rows: m.rows }), { key: KEY, rows: rows.slice(0, 1) }));
    assert.match((await progress.textContent()) ?? '', /^38 of 38 finished · 19 trials/);
    trials = await tableTrials(page);
    assert.equal(trials.length, 19);
    assert.deepEqual(trials, byObjective(rows), 'lowest mean val/ce first');
    const divergedRow = page.locator('.sweep-table tr[data-trial="sum lambda=3"]');
    assert.match((await divergedRow.locator('.badge').textContent()) ?? '', /^diverged · 1 of 2 seeds$/);
    // Messages for another run, or malformed ones, change nothing.
    await harness(page, (h, m) => {
      h.send({ type: 'trials', key: '/elsewhere', rows: m.rows });
      h.send({ type: 'trials', key: m.key, rows: [{ ...m.rows[0], trialId: 5 }] });
    }, { key: KEY, rows: rows.slice(0, 1) });
    await page.waitForTimeout(150);
    assert.equal((await tableTrials(page)).length, 19);
    assert.equal(await page.locator('.sweep-table tr[data-trial="ce"] td.params').textContent(), 'baseline');
    assert.deepEqual(await page.locator('.sweep-arm').allTextContents(), ['sum', 'pcgrad', 'bloop', 'ce'], 'base arms in the run\'s order');
    await checkPainted(page, 'all 38 jobs', ['sweep-pareto', 'sweep-param']);

    // Screenshot of the finished sweep: the header and the Sweep section.
    await redrawn(page, () => harness(page, (h, run) => h.send({ type: 'init', run, overlays: [], options: { compact: false } }), sweepRun(rows, false)));
    await page.waitForTimeout(150);
    const bottom = Number(await page.evaluate(`Math.ceil(document.querySelector('.sweep').getBoundingClientRect().bottom)`));
    await page.screenshot({ path: screenshot, clip: { x: 0, y: 0, width: 1280, height: bottom + 14 } });

    // An ordinary run: no section.
    await redrawn(page, () => harness(page, (h, run) => h.send({ type: 'init', run, overlays: [], options: { compact: false } }), runView(CLASSIFICATION, 300, false)));
    assert.equal(await page.locator('.sweep').isHidden(), true, 'no Sweep section for an ordinary run');
    assert.deepEqual(await harness(page, (h) => h.violations), [], 'CSP violations');
  } catch (e) {
    // Page errors explain most failures here (e.g. a redraw that threw); say them with the failure.
    if (errors.length && e instanceof Error) e.message += `\npage errors so far:\n${errors.join('\n')}`;
    throw e;
  } finally {
    await page.close();
  }
}
