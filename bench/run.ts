/**
 * `npm run bench`: Loss Lab against PyTorch (CPU, Debian's python3-torch, same thread count), step
 * benchmarks on every available backend, and system figures; prints the tables and writes
 * bench/RESULTS.md (and bench/results/latest.json).
 *
 * Usage: node --import tsx bench/run.ts [--backends wasm,cpu] [--rounds 7] [--only id,id]
 *        [--no-system] [--no-steps] [--quick] [--save-baseline] [--no-install] [--render]
 * --only takes step workload ids and system section ids (system.ts SYSTEM_SECTIONS, e.g.
 * monitoring-moons, parallel-moons, record-costs); what it leaves out is kept from the previous run.
 * --save-baseline also stores this run as bench/results/baseline.json: later runs show it as "before".
 * --no-steps / --no-system keep that half of the previous run (bench/results/latest.json); with
 * --backends or --only, the step rows of the previous run that are not measured again are kept.
 * --render only rewrites RESULTS.md from bench/results/latest.json (and the baseline).
 * --only cli-startup (with --no-steps) measures the CLI start-up row (bench/cli-startup.ts) alone, keeping the other system rows.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../src/trainer/tfjs-gradients';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BACKENDS, initBackend } from '../src/trainer/backend';
import { machineInfo, readBaseline, renderResults, type BenchReport } from './report';
import { CLI_STARTUP_ID, cliStartup } from './cli-startup';
import { benchStep, type StepResult } from './steps';
import { ensureTorch, TorchWorker } from './lib/torch-worker';
import { runSystem, SYSTEM_SECTIONS, type SystemResult } from './system';
import { WORKLOADS } from './workloads';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      backends: { type: 'string' },
      rounds: { type: 'string' },
      only: { type: 'string' },
      'no-system': { type: 'boolean' },
      'no-steps': { type: 'boolean' },
      quick: { type: 'boolean' },
      'save-baseline': { type: 'boolean' },
      'no-install': { type: 'boolean' },
      render: { type: 'boolean' },
    },
  });
  if (values.render) {
    // Re-render RESULTS.md from the last run (e.g. after replacing the baseline).
    const last = JSON.parse(readFileSync(join(__dirname, 'results', 'latest.json'), 'utf8')) as BenchReport;
    writeFileSync(join(__dirname, 'RESULTS.md'), renderResults(last, readBaseline()));
    return;
  }
  const quick = values.quick === true;
  const torchVersion = ensureTorch(values['no-install'] !== true);
  const requested = values.backends ? values.backends.split(',') : [...BACKENDS];
  const only = values.only?.split(',');
  // --only naming no step workload measures no steps (and keeps the previous run's).
  const noSteps = values['no-steps'] === true || (only !== undefined && !WORKLOADS.some((w) => only.includes(w.id)));
  const rounds = Number(values.rounds ?? (quick ? 3 : 7));
  const dir = mkdtempSync(join(tmpdir(), 'losslab-bench-'));
  const steps: StepResult[] = [];
  const backendsRun: string[] = [];
  const unavailable: Record<string, string> = {};

  try {
    if (!noSteps) {
      const torch = torchVersion ? new TorchWorker(1) : undefined;
      await torch?.ready;
      for (const name of requested) {
        try {
          await initBackend(name);
        } catch (e) {
          unavailable[name] = (e as Error).message;
          console.log(`backend ${name}: not available (${(e as Error).message.split(';').pop()?.trim()})`);
          continue;
        }
        backendsRun.push(name);
        // The plain-JS cpu backend is 10–100× slower: fewer, shorter rounds.
        const slow = name === 'cpu';
        for (const spec of WORKLOADS.filter((w) => !only || only.includes(w.id))) {
          const r = await benchStep(spec, dir, torch, name, {
            rounds: slow ? Math.min(3, rounds) : rounds,
            blockMs: slow ? 400 : quick ? 150 : 300,
            maxSteps: slow ? 3 : 60,
          });
          steps.push(r);
          console.log(`[${name}] ${spec.id}: ours ${r.oursMs.toFixed(2)} ms, torch ${r.torchMs.toFixed(2)} ms, ratio ${(r.oursMs / r.torchMs).toFixed(2)}${r.error ? `  ERROR ${r.error}` : ''}`);
        }
      }
      torch?.close();
    }
    const systemOnly = only?.filter((id) => (SYSTEM_SECTIONS as readonly string[]).includes(id));
    const skipSystem = values['no-system'] === true || (only !== undefined && systemOnly!.length === 0);
    const system = skipSystem ? undefined : await runSystem({ quick, torchAvailable: torchVersion !== undefined, dir, only });
    const measureStartup = values['no-system'] !== true && (only === undefined || only.includes(CLI_STARTUP_ID));
    const startup = measureStartup ? (await cliStartup(quick ? 7 : 15)).row : undefined;
    if (startup) console.log(`${startup.label}: ${startup.value}  (${startup.detail})`);
    // A partial run (--no-steps / --no-system) keeps the other half of the previous run.
    const latestPath = join(__dirname, 'results', 'latest.json');
    const previous = existsSync(latestPath) ? (JSON.parse(readFileSync(latestPath, 'utf8')) as BenchReport) : undefined;
    const keepSteps = noSteps && previous !== undefined;
    const partialSteps = values.backends !== undefined || only !== undefined;
    const report: BenchReport = {
      date: new Date().toISOString(),
      machine: machineInfo(torchVersion, tf.version_core),
      backends: keepSteps ? previous.backends : [...new Set([...backendsRun, ...(previous?.backends ?? []).filter(() => partialSteps)])],
      unavailable: keepSteps ? previous.unavailable : unavailable,
      // With --backends or --only, the rows of the previous run that this one did not measure are kept.
      steps: keepSteps ? previous.steps : partialSteps ? mergeSteps(steps, previous?.steps ?? [], (s) => backendsRun.includes(s.backend) && (!only || only.includes(s.id))) : steps,
      // The start-up row replaces its previous value (or is added); --only cli-startup keeps the other rows.
      system: withStartup(system && only && previous?.system ? mergeSystem(system, previous.system) : (system ?? previous?.system), startup),
    };
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'latest.json'), JSON.stringify(report, null, 2));
    if (values['save-baseline']) writeFileSync(join(__dirname, 'results', 'baseline.json'), JSON.stringify(report, null, 2));
    const md = renderResults(report, readBaseline());
    writeFileSync(join(__dirname, 'RESULTS.md'), md);
    console.log('\n' + md);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A partial system run (--only): its rows replace the previous run's of the same id, the others stay. */
function mergeSystem(fresh: SystemResult, previous: SystemResult): SystemResult {
  const byId = new Map(fresh.rows.map((r) => [r.id, r]));
  const rows = previous.rows.map((r) => byId.get(r.id) ?? r);
  const known = new Set(previous.rows.map((r) => r.id));
  return { rows: [...rows, ...fresh.rows.filter((r) => !known.has(r.id))], notMeasured: previous.notMeasured, recordCosts: fresh.recordCosts ?? previous.recordCosts };
}

/** The previous rows with those measured now replaced in place; rows this run measured but did not produce are dropped. */
function mergeSteps(fresh: StepResult[], previous: StepResult[], measuredNow: (s: StepResult) => boolean): StepResult[] {
  const key = (s: StepResult) => `${s.backend}/${s.id}`;
  const byKey = new Map(fresh.map((s) => [key(s), s]));
  const merged = previous.filter((s) => !measuredNow(s) || byKey.has(key(s))).map((s) => byKey.get(key(s)) ?? s);
  const known = new Set(previous.map(key));
  return [...merged, ...fresh.filter((s) => !known.has(key(s)))];
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

/** `system` with the CLI start-up row put in (replacing an earlier one). */
function withStartup(system: SystemResult | undefined, row: SystemResult['rows'][number] | undefined): SystemResult | undefined {
  if (!row) return system;
  return { ...(system ?? { notMeasured: [] }), rows: [...(system?.rows ?? []).filter((r) => r.id !== row.id), row] };
}
