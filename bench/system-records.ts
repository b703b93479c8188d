/**
 * The issue-16 figures on the moons workload (800 points, MLP 2-64-64-2, Adam, 150 epochs, 9 steps per
 * epoch): default monitoring against all of it off, host CPU against the trainers' CPU, the default
 * probe schedule's measured cost, and parallel arms against one at a time. Every run goes through
 * ExperimentRun and forked dist/trainer.js processes, as `loss-lab run` does; this process is the host.
 * Runs of the compared configurations alternate (A, B, B, A, …) so both see the same machine noise.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ExperimentConfig } from '../src/shared/config/types';
import type { RunSummary } from '../src/shared/metrics';
import { ExperimentRun } from '../src/shared/runner/experiment-run';
import { MIN_PROBES, PROBE_BUDGET } from '../src/trainer/probes/schedule';
import { fmt, median, ratioText } from './lib/stats';
import type { SystemRow } from './system';

const ALL_OFF = { gradNorm: 'off', smoothness: false, trainEvery: 1_000_000 };
const ARMS = [
  { name: 'cross-entropy', type: 'ce' },
  { name: 'focal', type: 'focal', gamma: 2 },
  { name: 'label smoothing', type: 'labelSmoothing', smoothing: 0.1 },
  { name: 'MSE on softmax', type: 'mse' },
];

/** The moons workload with `arms` arms: four different losses, or (`equal`) the same loss under different names (equal units of work). */
export function moonsObject(arms: number, metrics?: Record<string, unknown>, equal = false): Record<string, unknown> {
  return {
    name: `moons-${arms}arm${metrics ? '-off' : ''}`,
    seed: 0,
    data: { dataset: 'moons', points: 800, noise: 0.2 },
    model: { type: 'mlp', hidden: [64, 64], activation: 'relu' },
    train: { epochs: 150, batchSize: 64, optimizer: { type: 'adam', lr: 0.01 } },
    ...(metrics ? { metrics } : {}),
    losses: equal ? Array.from({ length: arms }, (_, i) => ({ name: `cross-entropy ${i + 1}`, type: 'ce' })) : ARMS.slice(0, arms),
  };
}

/** user + system CPU (ms) of this process's waited-for children, from /proc (10 ms ticks). */
function childrenCpuMs(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
}

interface Measured {
  wallMs: number;
  hostCpuMs: number;
  trainersCpuMs: number;
  summary: RunSummary;
  /** Probe records per arm in metrics.jsonl. */
  probes: Map<string, number>;
}

async function measure(config: ExperimentConfig, dir: string, trainerPath: string, maxParallel: number): Promise<Measured> {
  const runDir = mkdtempSync(join(dir, 'moons-'));
  const c0 = process.cpuUsage();
  const k0 = childrenCpuMs();
  const t0 = performance.now();
  const summary = await new ExperimentRun({ config, runDir, trainerPath, maxParallel, backend: 'wasm', allowUserCode: false }).start();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (summary.status !== 'completed') throw new Error(`bench run ${summary.status}: ${summary.arms.map((a) => a.reason).join('; ')}`);
  // The executor has awaited every trainer's exit, so their CPU time is in this process's children's.
  const probes = new Map<string, number>();
  for (const line of readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').split('\n')) {
    if (!line.includes('"kind":"probe"')) continue;
    const arm = (JSON.parse(line) as { arm: string }).arm;
    probes.set(arm, (probes.get(arm) ?? 0) + 1);
  }
  return { wallMs, hostCpuMs: (c.user + c.system) / 1000, trainersCpuMs: childrenCpuMs() - k0, summary, probes };
}

async function alternate(rounds: number, a: () => Promise<Measured>, b: () => Promise<Measured>): Promise<{ a: Measured[]; b: Measured[] }> {
  const out = { a: [] as Measured[], b: [] as Measured[] };
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      out.a.push(await a());
      out.b.push(await b());
    } else {
      out.b.push(await b());
      out.a.push(await a());
    }
  }
  return out;
}

const ratios = (a: Measured[], b: Measured[], f: (m: Measured) => number) => a.map((m, i) => f(m) / f(b[i]));
const range = (xs: number[], unit = '') => `${fmt(median(xs))}${unit} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;

export async function monitoringRows(opts: { rounds: number; dir: string; trainerPath: string; resolve: (o: unknown) => ExperimentConfig }): Promise<SystemRow[]> {
  const on = opts.resolve(moonsObject(3));
  const off = opts.resolve(moonsObject(3, ALL_OFF));
  await measure(off, opts.dir, opts.trainerPath, 1);
  const m = await alternate(opts.rounds, () => measure(on, opts.dir, opts.trainerPath, 1), () => measure(off, opts.dir, opts.trainerPath, 1));
  const total = (x: Measured) => x.hostCpuMs + x.trainersCpuMs;
  const hostShare = m.a.map((x) => (100 * x.hostCpuMs) / x.trainersCpuMs);
  const hostShareOff = m.b.map((x) => (100 * x.hostCpuMs) / x.trainersCpuMs);
  // The default schedule's probes, as measured: seconds per probe against seconds per training step.
  const probeSteps = m.a.flatMap((x) => x.summary.arms.map((arm) => {
    const probes = arm.timings?.smoothness ?? NaN;
    const perStep = (arm.timings?.train ?? NaN) / arm.steps;
    return { share: probes / (arm.timings?.train ?? NaN), perProbe: probes / (x.probes.get(arm.arm) ?? NaN) / perStep, count: x.probes.get(arm.arm) ?? NaN };
  }));
  return [
    {
      id: 'monitoring-moons', label: 'Default monitoring / all off, moons 3 arms × 150 epochs, wall',
      value: ratioText(ratios(m.a, m.b, (x) => x.wallMs)),
      detail: `--parallel 1 through ExperimentRun + dist/trainer.js, ${opts.rounds} alternating runs each; default = train record every step with per-layer gradient norms + smoothness on its default schedule; all off = gradNorm "off", smoothness false, trainEvery 10⁶; wall ${fmt(median(m.a.map((x) => x.wallMs)))} vs ${fmt(median(m.b.map((x) => x.wallMs)))} ms; CPU (host + trainers) ratio ${ratioText(ratios(m.a, m.b, total))}, ${fmt(median(m.a.map(total)))} vs ${fmt(median(m.b.map(total)))} ms`,
    },
    {
      id: 'host-cpu', label: 'Host CPU / trainers\' CPU, moons 3 arms, default monitoring',
      value: range(hostShare, '%'),
      detail: `host = this process during ExperimentRun.start() (receiving, writing metrics.jsonl, summaries; no terminal progress), trainers = its children's CPU from /proc; all off: ${range(hostShareOff, '%')}`,
    },
    {
      id: 'probe-cost', label: 'Smoothness probe on its default schedule, share of training time',
      value: range(probeSteps.map((p) => 100 * p.share), '%'),
      detail: `per arm of the default runs above (summary timings); budget ${PROBE_BUDGET * 100}% with at least ${MIN_PROBES} probes per arm: on 1350 steps the count decides: ${range(probeSteps.map((p) => p.count))} probes per arm (step 0, every k-th evaluation, the end); one probe costs ${range(probeSteps.map((p) => p.perProbe))} training steps (the schedule's estimate: max(1, probe rows / batch rows))`,
    },
  ];
}

export async function parallelRows(opts: { rounds: number; dir: string; trainerPath: string; resolve: (o: unknown) => ExperimentConfig }): Promise<SystemRow[]> {
  const rows: SystemRow[] = [];
  const run = async (arms: number, slots: number[], id: string, label: string, bound: string) => {
    const config = opts.resolve(moonsObject(arms, undefined, true));
    const [p, q] = slots;
    const m = await alternate(opts.rounds, () => measure(config, opts.dir, opts.trainerPath, p), () => measure(config, opts.dir, opts.trainerPath, q));
    const armWall = (x: Measured) => x.summary.arms.reduce((s, a) => s + a.wallTimeSec * 1000, 0);
    // In one worker (q = 1) the first arm runs on a cold JIT and the others on a warm trainer: c = first / later.
    const cold = median(m.b.map((x) => {
      const t = x.summary.arms.map((a) => a.timings?.train ?? NaN);
      return t[0] / median(t.slice(1));
    }));
    const rounds = (n: number, w: number) => Math.ceil(n / w);
    // Each of the p workers pays the cold arm once; one worker pays it once.
    const expected = (cold + rounds(arms, p) - 1) / (cold + arms - 1);
    rows.push({
      id, label: `${label}, --parallel ${p} / --parallel ${q}, wall`,
      value: ratioText(ratios(m.a, m.b, (x) => x.wallMs)),
      detail: `${arms} arms of the same loss; ${bound}; a trainer's first arm (cold JIT) takes c = ${fmt(cold)}× the training time of its later arms (median over the --parallel 1 runs), which alone makes the ratio (c + ${rounds(arms, p) - 1}) / (c + ${arms - 1}) = ${fmt(expected)}; wall ${fmt(median(m.a.map((x) => x.wallMs)))} vs ${fmt(median(m.b.map((x) => x.wallMs)))} ms; the arms' own training wall (sum over arms) ${fmt(median(m.a.map(armWall)))} vs ${fmt(median(m.b.map(armWall)))} ms (contention shows as growth); host CPU ${fmt(median(m.a.map((x) => x.hostCpuMs)))} vs ${fmt(median(m.b.map((x) => x.hostCpuMs)))} ms; trainers' CPU ${fmt(median(m.a.map((x) => x.trainersCpuMs)))} vs ${fmt(median(m.b.map((x) => x.trainersCpuMs)))} ms`,
    });
  };
  await measure(opts.resolve(moonsObject(4, undefined, true)), opts.dir, opts.trainerPath, 2);
  await run(4, [2, 1], 'parallel-moons-4', 'Moons 4 arms × 150 epochs', '4 equal units on 2 workers: two rounds instead of four, ideal 0.5');
  await run(3, [2, 1], 'parallel-moons-3', 'Moons 3 arms × 150 epochs', '3 equal units on 2 workers need two rounds instead of three: bound 2/3 ≈ 0.667');
  const cores = availableParallelism();
  if (cores > 2) {
    const n = Math.min(cores, ARMS.length);
    await run(n, [n, 1], 'parallel-moons-cores', `Moons ${n} arms on ${cores} cores`, `${n} equal units on ${n} workers, ideal ${fmt(1 / n)}`);
  }
  return rows;
}
