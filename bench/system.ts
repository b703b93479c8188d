/**
 * System figures, each measured alternately (A, B, A, B, …) in one run, as ratios where possible:
 * monitoring overhead in-process and through the forked trainer, parallel arms against one at a
 * time, time from `run` to the first metric record, whole-run wall time of the quickstart against
 * the same experiment as a PyTorch script, the extension bundle's load time, activation in a real
 * VS Code (code-server), and the chart panel's redraw cost with 100k points per series (Chromium).
 * The editor-side figures come from child processes started by `system-editor.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { validateConfigText } from '../src/shared/config';
import type { ExperimentConfig } from '../src/shared/config/types';
import { ExperimentRun } from '../src/shared/runner/experiment-run';
import { loadDataset } from '../src/trainer/data';
import { runJobs } from '../src/trainer/run-jobs';
import { fmt, median, ratioText } from './lib/stats';
import { recordCosts, type RecordCostRow } from './records';
import { monitoringRows, parallelRows } from './system-records';
import { landscapeRow } from './system-landscape';
import { coresRows } from './system-cores';
import { PYTHON } from './lib/torch-worker';
import { activationInVsCode, extensionLoadMs, panelRendering } from './system-editor';

export interface SystemRow {
  id: string;
  label: string;
  value: string;
  detail: string;
}

export interface SystemResult {
  rows: SystemRow[];
  notMeasured: string[];
  /** Per-record cost by stage (bench/records.ts). */
  recordCosts?: RecordCostRow[];
}

/** Ids of the sections `--only` can pick (a section may give several rows). */
export const SYSTEM_SECTIONS = ['record-costs', 'monitoring-moons', 'parallel-moons', 'monitoring-inprocess', 'monitoring-forked', 'parallel-4arm', 'quickstart-wall', 'extension-load', 'extension-activation', 'panel-100k', 'landscape-41', 'cores'] as const;

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');
const QUICKSTART = join(ROOT, 'examples', 'quickstart.losslab.json');

function resolve(obj: unknown): ExperimentConfig {
  const { config, problems } = validateConfigText(JSON.stringify(obj), join(__dirname, 'bench.losslab.json'));
  if (!config) throw new Error(`bench config invalid: ${problems.map((p) => p.message).join('; ')}`);
  return config;
}

function quickstartObject(): Record<string, unknown> {
  const text = readFileSync(QUICKSTART, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  return JSON.parse(text) as Record<string, unknown>;
}

/** One arm of the quickstart, with monitoring on (every step, per-layer norms) or off. */
function monitoringConfig(on: boolean): ExperimentConfig {
  const q = quickstartObject();
  return resolve({
    ...q,
    name: `monitoring-${on ? 'on' : 'off'}`,
    losses: [(q.losses as unknown[])[0]],
    metrics: on ? { trainEvery: 1, gradNorm: 'perLayer' } : { trainEvery: 1000000, gradNorm: 'off' },
  });
}

async function alternate(rounds: number, a: () => Promise<number>, b: () => Promise<number>): Promise<{ a: number[]; b: number[]; ratios: number[] }> {
  const out = { a: [] as number[], b: [] as number[], ratios: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    let va: number;
    let vb: number;
    if (r % 2 === 0) {
      va = await a();
      vb = await b();
    } else {
      vb = await b();
      va = await a();
    }
    out.a.push(va);
    out.b.push(vb);
    out.ratios.push(va / vb);
  }
  return out;
}

/** Process CPU time (ms) of one in-process job: robust to preemption by other jobs on the machine. */
async function inProcessCpu(config: ExperimentConfig, dir: string): Promise<number> {
  const runDir = mkdtempSync(join(dir, 'mon-'));
  const c0 = process.cpuUsage();
  await runJobs(config, [{ arm: config.losses[0].name, seed: config.seed }], { backend: 'wasm', metricsFile: join(runDir, 'metrics.jsonl') });
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** user + system CPU time (ms) of a live process, from /proc (10 ms ticks); NaN when unavailable. */
function procCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

interface ForkedRun {
  wallMs: number;
  /** The slowest job's training-loop wall time, as the trainer reports it. */
  trainMs: number;
  /** CPU time of the (single) trainer process from its first metrics batch (step-0 evaluation) to its last. */
  trainCpuMs: number;
  firstMetricMs: number;
}

async function forked(config: ExperimentConfig, dir: string, maxParallel: number): Promise<ForkedRun> {
  const runDir = mkdtempSync(join(dir, 'run-'));
  let first = NaN;
  let pid: number | undefined;
  let cpuAtFirst = NaN;
  let cpuAtEnd = NaN;
  const t0 = performance.now();
  const run = new ExperimentRun(
    { config, runDir, trainerPath: join(DIST, 'trainer.js'), maxParallel, backend: 'wasm', allowUserCode: false },
    {
      onJobStarted: (_job, info) => (pid = info.pid),
      // The last batch holds the final record, flushed just before the result (the host learns of
      // the result only after the process has exited, too late to read /proc).
      onMetrics: () => {
        cpuAtEnd = procCpuMs(pid);
        if (!Number.isNaN(first)) return;
        first = performance.now() - t0;
        cpuAtFirst = cpuAtEnd;
      },
    },
  );
  const summary = await run.start();
  const wallMs = performance.now() - t0;
  if (summary.status !== 'completed') throw new Error(`bench run ${summary.status}: ${summary.arms.map((a) => a.reason).join('; ')}`);
  return { wallMs, trainMs: Math.max(...summary.arms.map((a) => a.wallTimeSec * 1000)), trainCpuMs: cpuAtEnd - cpuAtFirst, firstMetricMs: first };
}

function spawnWall(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout).slice(-500)}`);
  return ms;
}

/** The quickstart's data, written for the PyTorch script. */
function writeQuickstartData(dir: string): string {
  const config = resolve(quickstartObject());
  const ds = loadDataset(config.data, config.seed);
  const tensors: Record<string, unknown> = {};
  for (const [name, split] of Object.entries({ train: ds.train, val: ds.val, test: ds.test })) {
    writeFileSync(join(dir, `qs.${name}X.bin`), Buffer.from(split.x.buffer, split.x.byteOffset, split.x.byteLength));
    writeFileSync(join(dir, `qs.${name}Y.bin`), Buffer.from(split.y.buffer, split.y.byteOffset, split.y.byteLength));
    tensors[`${name}X`] = { file: `qs.${name}X.bin`, shape: [split.n, ds.nFeatures] };
    tensors[`${name}Y`] = { file: `qs.${name}Y.bin`, shape: [split.n] };
  }
  const train = config.train;
  const path = join(dir, 'qs.json');
  writeFileSync(path, JSON.stringify({
    tensors, classes: ds.nClasses, batch: train.batchSize, epochs: train.epochs, lr: train.optimizer.lr,
    warmup: train.schedule.warmupSteps, arms: config.losses.map((l) => l.type),
  }));
  return path;
}

export async function runSystem(opts: { quick: boolean; torchAvailable: boolean; dir: string; only?: string[] }): Promise<SystemResult> {
  const rows: SystemRow[] = [];
  const notMeasured: string[] = [];
  const rounds = opts.quick ? 2 : 4;
  const want = (id: (typeof SYSTEM_SECTIONS)[number]) => !opts.only || opts.only.includes(id);
  const log = (r: SystemRow) => {
    rows.push(r);
    console.log(`${r.label}: ${r.value}  (${r.detail})`);
  };
  if (!existsSync(join(DIST, 'trainer.js'))) throw new Error('dist/trainer.js is missing: run `node esbuild.mjs` first (npm run bench does)');
  let costs: RecordCostRow[] | undefined;
  if (want('record-costs')) {
    costs = await recordCosts({ quick: opts.quick, dir: opts.dir });
    for (const c of costs) console.log(`per record, ${c.side}: ${c.stage}: ${c.beforeUs === undefined ? '—' : fmt(c.beforeUs)} → ${c.nowUs === undefined ? '—' : fmt(c.nowUs)} µs`);
  }
  const moons = { rounds: opts.quick ? 2 : 5, dir: opts.dir, trainerPath: join(DIST, 'trainer.js'), resolve };
  if (want('monitoring-moons')) (await monitoringRows(moons)).forEach(log);
  if (want('parallel-moons')) (await parallelRows({ ...moons, rounds: opts.quick ? 2 : 4 })).forEach(log);
  if (want('cores')) (await coresRows(opts.quick ? 2 : 3, opts.torchAvailable)).forEach(log);

  const on = monitoringConfig(true);
  const off = monitoringConfig(false);
  if (want('monitoring-inprocess')) {
    await inProcessCpu(off, opts.dir);
    const mon = await alternate(rounds + 2, () => inProcessCpu(on, opts.dir), () => inProcessCpu(off, opts.dir));
    log({
      id: 'monitoring-inprocess', label: 'Monitoring overhead, in-process (runJobs)',
      value: `${fmt((median(mon.ratios) - 1) * 100, 2)}% (${ratioText(mon.ratios)})`,
      detail: `quickstart arm, ${on.train.epochs} epochs; trainEvery 1 + per-layer grad norms + metrics.jsonl vs trainEvery 10⁶ + gradNorm off; job CPU time ${fmt(median(mon.a))} vs ${fmt(median(mon.b))} ms`,
    });
  }
  if (want('monitoring-forked')) {
    const forkedRuns = { on: [] as ForkedRun[], off: [] as ForkedRun[] };
    const monF = await alternate(
      rounds + 2,
      async () => {
        const r = await forked(on, opts.dir, 1);
        forkedRuns.on.push(r);
        return r.trainCpuMs;
      },
      async () => {
        const r = await forked(off, opts.dir, 1);
        forkedRuns.off.push(r);
        return r.trainCpuMs;
      },
    );
    const wallRatios = forkedRuns.on.map((r, i) => r.trainMs / forkedRuns.off[i].trainMs);
    log({
      id: 'monitoring-forked', label: 'Monitoring overhead, forked trainer with IPC',
      value: `${fmt((median(monF.ratios) - 1) * 100, 2)}% (${ratioText(monF.ratios)})`,
      detail: `same configs through ExperimentRun + dist/trainer.js; trainer CPU time from the step-0 evaluation to the final record ${fmt(median(monF.a))} vs ${fmt(median(monF.b))} ms (/proc, 10 ms ticks); training-loop wall-time ratio ${ratioText(wallRatios)}`,
    });
  }

  if (want('parallel-4arm')) {
    const qs = resolve(quickstartObject());
    const firsts: number[] = [];
    const par = await alternate(
      rounds,
      async () => {
        const r = await forked(qs, opts.dir, 2);
        firsts.push(r.firstMetricMs);
        return r.wallMs;
      },
      async () => (await forked(qs, opts.dir, 1)).wallMs,
    );
    log({
      id: 'parallel-4arm', label: '4-arm comparison, maxParallel 2 / one at a time',
      value: ratioText(par.ratios),
      detail: `quickstart (4 arms) through ExperimentRun; wall ${fmt(median(par.a))} vs ${fmt(median(par.b))} ms`,
    });
    log({
      id: 'first-metric', label: 'Time from run to the first metric record',
      value: `${fmt(median(firsts))} ms (${fmt(Math.min(...firsts))}–${fmt(Math.max(...firsts))})`,
      detail: 'ExperimentRun.start() → first metrics batch at the host: fork, tfjs + WASM init, data, step-0 evaluation',
    });
  }

  if (want('quickstart-wall') && opts.torchAvailable) {
    const manifest = writeQuickstartData(opts.dir);
    const outDir = mkdtempSync(join(opts.dir, 'cli-'));
    const ours = () => spawnWall(process.execPath, [join(DIST, 'cli.js'), 'run', QUICKSTART, '--quiet', '--backend', 'wasm', '--out', mkdtempSync(join(outDir, 'r-'))]);
    const torch = () => spawnWall(PYTHON, [join(__dirname, 'torch', 'quickstart.py'), manifest, join(opts.dir, 'qs-metrics.jsonl')]);
    const whole = await alternate(rounds, async () => ours(), async () => torch());
    const imports = Array.from({ length: 3 }, () => spawnWall(PYTHON, ['-c', 'import torch']));
    log({
      id: 'quickstart-wall', label: 'Quickstart whole run, `loss-lab run` / PyTorch script',
      value: ratioText(whole.ratios),
      detail: `wall ${fmt(median(whole.a))} ms (CLI, 2 trainer processes) vs ${fmt(median(whole.b))} ms (PyTorch script, default threads, \`import torch\` alone ${fmt(median(imports))} ms)`,
    });
    rmSync(outDir, { recursive: true, force: true });
  } else if (want('quickstart-wall')) {
    notMeasured.push('quickstart against the PyTorch script (PyTorch not installed)');
  }

  const ext = want('extension-load') ? extensionLoadMs() : undefined;
  if (ext !== undefined) {
    log({ id: 'extension-load', label: 'Extension bundle load (require, vscode stubbed)', value: `${fmt(ext)} ms`, detail: 'dist/extension.js; loading only, not activation' });
  }
  const activation = want('extension-activation') ? activationInVsCode(opts.quick ? 1 : 3) : undefined;
  if (typeof activation === 'string') notMeasured.push(`extension activation time in VS Code (${activation})`);
  else if (activation) {
    log({
      id: 'extension-activation', label: 'Extension activation in VS Code (`activate`)',
      value: `${fmt(median(activation.ms))} ms (${fmt(Math.min(...activation.ms))}–${fmt(Math.max(...activation.ms))})`,
      detail: `code-server ${activation.vscode} (scripts/e2e), workspace with one config, ${activation.ms.length} launches; time inside \`activate\` (commands, CodeLens, views, history scan), after the bundle load above`,
    });
  }
  if (want('landscape-41')) log(await landscapeRow(resolve(quickstartObject()), opts.dir, opts.quick ? 1 : 3));
  const panel = want('panel-100k') ? panelRendering(opts.quick ? 20_000 : 100_000) : undefined;
  if (typeof panel === 'string') notMeasured.push(`chart-panel rendering cost (${panel})`);
  else if (panel) {
    log({
      id: 'panel-100k', label: `Chart panel redraw with ${panel.steps.toLocaleString('en-US')} points per series`,
      value: `${fmt(panel.lastFrameP50)} ms (p95 ${fmt(panel.lastFrameP95)})`,
      detail: `headless Chromium, 8 charts × ${panel.series} series (3 arms × 2 seeds) streamed in ${panel.updates} updates; redraw after each of the last 10 updates; over all updates p50 ${fmt(panel.frameP50)} ms, handling a message p50 ${fmt(panel.handleP50)} ms; smoothing change ${fmt(panel.smoothingMs)} ms, x axis change ${fmt(panel.xAxisMs)} ms${panel.zoomMs !== undefined ? `, drag-zoom ${fmt(panel.zoomMs)} ms` : ''}${panel.heapMB !== undefined ? `; JS heap ${fmt(panel.heapMB)} MB` : ''}`,
    });
  }
  return { rows, notMeasured, recordCosts: costs };
}
