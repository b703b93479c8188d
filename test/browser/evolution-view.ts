/**
 * Browser checks of the Evolution section: a synthetic live evolution run (TaylorGLO on a 10-class
 * problem, 10 generations × 20 candidates, pruned by the real invariant) starts with 3 generations;
 * the charts are painted, the rest streams in through `generations` messages (the status line and the
 * loss shape follow), the "Add evolved loss to config" button is enabled once evolution completes and
 * posts `adoptEvolved` with the run folder; a run without evolution hides the section. Writes
 * a screenshot of the header and the section (dark theme, synthetic data).
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import type { EvolutionState, EvolveConfig, GenerationRecord } from '../../src/shared/evolve/types';
import { taylorgloInvariant } from '../../src/shared/methods/taylorglo-invariant';
import type { RunView } from '../../src/shared/protocol/webview';
import { harness, openPage, pixels, redrawn } from './call';
import { CONFIG } from '../unit/webview/evolution-fixtures';
import { rng } from '../unit/webview/helpers';
import { CLASSIFICATION, runView } from './synthetic';

const KEY = '/ws/.losslab/runs/20260101-000000-mnist-taylorglo-evolve';
const N_CLASSES = 10;

/** The unit tests' evolution config, with the paper's population of 20. */
export const EVOLVE: EvolveConfig = { ...CONFIG, population: 20, steps: 200 };

function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Plausible generations: the mean drifts towards a cross-entropy-like vector, σ shrinks, fitness rises towards ~0.93. */
export function syntheticGenerations(): { records: GenerationRecord[]; states: EvolutionState[] } {
  const r = rng(7);
  const target = [0.1, 0.6, -1.2, 0.9, -0.3, 1.4, -0.5, 0.2];
  let mean = [...EVOLVE.mean];
  let sigma = EVOLVE.sigma;
  let bestFitness: number | undefined;
  let bestParams: number[] | undefined;
  let totalEvaluated = 0;
  let totalPruned = 0;
  const records: GenerationRecord[] = [];
  const states: EvolutionState[] = [];
  for (let g = 1; g <= EVOLVE.generations; g++) {
    const candidates: GenerationRecord['candidates'] = [];
    for (let i = 0; i < EVOLVE.population; i++) {
      const params = mean.map((m) => m + sigma * gauss(r));
      if (!taylorgloInvariant(params, N_CLASSES).holds) {
        candidates.push({ params, outcome: 'pruned' });
        continue;
      }
      if (r() < 0.04) {
        candidates.push({ params, outcome: 'failed' });
        continue;
      }
      const dist = Math.hypot(...params.map((p, k) => p - target[k]));
      candidates.push({ params, fitness: Math.max(0.1, Math.min(0.97, 0.95 - 0.12 * dist + 0.03 * gauss(r))), outcome: 'trained' });
    }
    const trained = candidates.filter((c) => c.outcome === 'trained').sort((a, b) => b.fitness! - a.fitness!);
    const best = trained[0];
    if (best && (bestFitness === undefined || best.fitness! > bestFitness)) {
      bestFitness = best.fitness;
      bestParams = best.params;
    }
    const pruned = candidates.filter((c) => c.outcome === 'pruned').length;
    const failed = candidates.filter((c) => c.outcome === 'failed').length;
    const elite = trained.slice(0, 5);
    if (elite.length) mean = mean.map((_, k) => elite.reduce((s, c) => s + c.params[k], 0) / elite.length);
    sigma *= 0.88;
    const mid = trained.length ? trained[trained.length >> 1].fitness : undefined;
    totalEvaluated += EVOLVE.population - pruned;
    totalPruned += pruned;
    records.push({
      generation: g, evaluated: EVOLVE.population - pruned, pruned, failed, best: best?.fitness, median: mid, bestSoFar: bestFitness, bestParams,
      sigma, mean, time: g * 11.5, candidates,
    });
    states.push({
      arm: EVOLVE.arm, nClasses: N_CLASSES, fitness: EVOLVE.fitness, generations: EVOLVE.generations, completedGenerations: g,
      status: g === EVOLVE.generations ? 'completed' : 'running', bestFitness, bestParams, totalEvaluated, totalPruned,
    });
  }
  return { records, states };
}

function evolutionRun(records: GenerationRecord[], state: EvolutionState | undefined, live: boolean): RunView {
  return {
    key: KEY,
    name: 'mnist-taylorglo-evolve',
    runDir: KEY,
    arms: ['cross-entropy', 'taylorglo'],
    repeats: 1,
    live,
    records: [],
    summary: {
      name: 'mnist-taylorglo-evolve', startedAt: '2026-01-01T00:00:00Z', status: live ? 'running' : state?.status === 'stopped' ? 'stopped' : 'completed',
      backend: 'wasm', seed: 0, repeats: 1, versions: {}, kind: 'evolution', arms: [],
    },
    evolution: { config: EVOLVE, nClasses: N_CLASSES, generations: records, state },
  };
}

const EVO_CARDS = ['chart-evo-fitness', 'chart-evo-search', 'chart-evo-shape'];

async function checkPainted(page: Page, label: string): Promise<void> {
  const stats = (await harness(page, (h) => h.canvasStats())).filter((s) => s.id.startsWith('chart-evo-'));
  for (const id of EVO_CARDS) {
    const s = stats.find((x) => x.id === id);
    assert.ok(s?.visible, `${label}: ${id} not visible`);
    assert.ok(s.painted > 0.005, `${label}: ${id} is blank (${(s.painted * 100).toFixed(2)}% painted)`);
    assert.ok(s.colored > 150, `${label}: ${id} has no coloured lines (${s.colored} px)`);
  }
  process.stdout.write(`  ${label}: ${stats.map((s) => `${s.id} ${(s.painted * 100).toFixed(1)}%/${s.colored}px`).join(', ')}\n`);
}

export async function evolutionChecks(ctx: BrowserContext, origin: string, errors: string[], screenshot: string): Promise<void> {
  process.stdout.write('• evolution view: live generations, status line, loss shape, adopt button\n');
  const page = await openPage(ctx, origin, errors, '', 'evolution');
  try {
    await page.setViewportSize({ width: 1280, height: 1400 });
    const { records, states } = syntheticGenerations();
    const status = page.locator('.evo-status');
    const adopt = page.getByRole('button', { name: 'Add evolved loss to config' });

    await harness(page, async (h, run) => {
      h.setTheme('dark');
      h.send({ type: 'init', run, overlays: [], options: { compact: false } });
      await h.drawn();
    }, evolutionRun(records.slice(0, 3), states[2], true));
    await page.waitForTimeout(150);
    assert.equal(await page.locator('.evolution').isVisible(), true, 'the section is shown');
    await checkPainted(page, 'generation 3');
    assert.match((await status.textContent()) ?? '', /^Generation 3 of 10 · \d+ evaluated · \d+ pruned · .*best val\/accuracy 0\.\d+ \(higher is better\) · running/);
    assert.equal(await adopt.isDisabled(), true, 'adopt disabled while evolution runs');
    assert.match((await page.locator('#chart-evo-fitness .evo-legend').textContent()) ?? '', /best so far.*generation best.*generation median/);
    assert.match((await page.locator('#chart-evo-shape .evo-note').textContent()) ?? '', /θ\* = \(/);
    // The section is above the per-step charts.
    const order = await page.evaluate(`document.querySelector('.evolution').compareDocumentPosition(document.querySelector('.charts'))`);
    assert.equal(Number(order) & 4, 4, 'evolution precedes the per-step charts');

    let shapeChanges = 0;
    let newBests = 0;
    const note = page.locator('#chart-evo-shape .evo-note');
    for (let g = 4; g <= 10; g++) {
      const before = await pixels(page, 'chart-evo-shape');
      const fitBefore = await pixels(page, 'chart-evo-fitness');
      const noteBefore = await note.textContent();
      const msg = { type: 'generations', key: KEY, records: [records[g - 1]], state: states[g - 1] };
      await redrawn(page, () => harness(page, (h, m) => h.send(m), msg));
      assert.match((await status.textContent()) ?? '', new RegExp(`^Generation ${g} of 10 · ${states[g - 1].totalEvaluated} evaluated · ${states[g - 1].totalPruned} pruned`));
      assert.notEqual(await pixels(page, 'chart-evo-fitness'), fitBefore, `generation ${g}: the fitness chart is redrawn`);
      const after = await pixels(page, 'chart-evo-shape');
      if (after !== before) shapeChanges++;
      if (records[g - 1].bestParams !== records[g - 2].bestParams) {
        // A new best vector: the solid shape and the θ* note change.
        newBests++;
        assert.notEqual(after, before, `generation ${g}: new best, the loss shape is redrawn`);
        assert.notEqual(await note.textContent(), noteBefore, `generation ${g}: new best, θ* changes`);
      }
    }
    assert.ok(newBests >= 2, `the synthetic run improves (${newBests} new bests in generations 4–10)`);
    process.stdout.write(`  loss shape redrawn in ${shapeChanges} of 7 streamed generations (${newBests} new bests)\n`);
    await checkPainted(page, 'generation 10');
    const done = (await status.textContent()) ?? '';
    assert.match(done, /^Generation 10 of 10 · .* · completed$/);
    assert.ok(done.includes(`best val/accuracy ${Number(states[9].bestFitness!.toPrecision(4))}`), done);

    assert.equal(await adopt.isEnabled(), true, 'adopt enabled once evolution completed (even while retraining)');
    await adopt.click();
    assert.deepEqual(await harness(page, (h) => h.posted[h.posted.length - 1]), { type: 'adoptEvolved', runDir: KEY });

    // Each chart of the section saves as PNG (with its title and legend drawn in).
    for (const [name, file] of [['Fitness per generation', 'evo-fitness'], ['Loss shape', 'evo-shape']]) {
      await page.getByRole('button', { name: `Save ${name} as PNG` }).click();
      const saved = await harness(page, (h) => h.posted[h.posted.length - 1] as { type: string; format?: string; suggestedName?: string; data?: string });
      assert.equal(saved.type, 'save');
      assert.equal(saved.format, 'png');
      assert.ok(saved.suggestedName?.endsWith(`${file}.png`), saved.suggestedName);
      assert.ok(saved.data?.startsWith('data:image/png;base64,') && saved.data.length > 5000, `${name}: a PNG data URL`);
    }

    // A stopped run that is no longer live: enabled; no best vector yet: disabled.
    await redrawn(page, () => harness(page, (h, run) => h.send({ type: 'init', run, overlays: [], options: { compact: false } }), evolutionRun([], { ...states[0], completedGenerations: 0, status: 'running', bestFitness: undefined, bestParams: undefined, totalEvaluated: 0, totalPruned: 0 }, true)));
    assert.equal(await adopt.isDisabled(), true, 'no best vector yet');
    assert.match((await page.locator('#chart-evo-fitness .empty').textContent()) ?? '', /Waiting for the first generation/);
    await redrawn(page, () => harness(page, (h, run) => h.send({ type: 'init', run, overlays: [], options: { compact: false } }), evolutionRun(records.slice(0, 4), { ...states[3], status: 'stopped', reason: 'stopped by request after 4 of 10 generations' }, false)));
    assert.equal(await adopt.isEnabled(), true);
    assert.match((await status.textContent()) ?? '', /stopped · stopped by request after 4 of 10 generations$/);

    // Screenshot of the completed run: the header and the Evolution section.
    await redrawn(page, () => harness(page, (h, run) => h.send({ type: 'init', run, overlays: [], options: { compact: false } }), evolutionRun(records, states[9], false)));
    await page.waitForTimeout(150);
    const bottom = Number(await page.evaluate(`Math.ceil(document.querySelector('.evolution').getBoundingClientRect().bottom)`));
    await page.screenshot({ path: screenshot, clip: { x: 0, y: 0, width: 1280, height: bottom + 14 } });

    // Tooltips of the per-generation and shape charts (history lines are left out of them).
    await page.locator('#chart-evo-fitness canvas').hover({ position: { x: 200, y: 100 } });
    await page.locator('#chart-evo-shape canvas').hover({ position: { x: 150, y: 100 } });
    await page.waitForTimeout(50);

    // A run without evolution: no section.
    await redrawn(page, () => harness(page, (h, run) => h.send({ type: 'init', run, overlays: [], options: { compact: false } }), runView(CLASSIFICATION, 500, false)));
    assert.equal(await page.locator('.evolution').isHidden(), true, 'no Evolution section for an ordinary run');
    assert.deepEqual(await harness(page, (h) => h.violations), [], 'CSP violations');
  } finally {
    await page.close();
  }

  // Compact (side view): the status line and the fitness chart, no button.
  const compact = await ctx.newPage();
  compact.on('pageerror', (e) => errors.push(`evolution compact page error: ${e.message}`));
  try {
    await compact.setViewportSize({ width: 360, height: 900 });
    await compact.goto(`${origin}/?compact=1`);
    await compact.waitForFunction(() => !!(globalThis as unknown as { harness?: unknown }).harness);
    const { records, states } = syntheticGenerations();
    await harness(compact, async (h, run) => {
      h.setTheme('dark');
      h.send({ type: 'init', run, overlays: [], options: { compact: true } });
      await h.drawn();
    }, evolutionRun(records.slice(0, 5), states[4], true));
    await compact.waitForTimeout(150);
    const stats = (await harness(compact, (h) => h.canvasStats())).filter((s) => s.id.startsWith('chart-evo-'));
    assert.deepEqual(stats.map((s) => s.id), ['chart-evo-fitness'], 'compact: the fitness chart only');
    assert.ok(stats[0].visible && stats[0].painted > 0.005 && stats[0].colored > 150, 'compact: the fitness chart is drawn');
    assert.match((await compact.locator('.evo-status').textContent()) ?? '', /^Generation 5 of 10 · /);
    assert.equal(await compact.getByRole('button', { name: 'Add evolved loss to config' }).count(), 0);
  } finally {
    await compact.close();
  }
}
