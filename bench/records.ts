/**
 * What one metric record costs, stage by stage, on the trainer's side and on the host's, the way
 * records travelled before (record objects in every IPC message, one message per evaluation; the host
 * parsed, re-serialised and wrote them, and drew progress per record) and the way they travel now
 * (encoded once in the trainer as metrics.jsonl lines, one message per ~100 ms with a per-job header;
 * the host appends the text as it is). Records are those of the moons workload (MLP 2-64-64-2,
 * per-layer gradient norms, 9 steps per epoch), on the wasm backend. Each stage is timed over many
 * repetitions, in rounds; the median over rounds of the per-record time is reported.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Progress } from '../src/cli/progress';
import { MetricBatcher } from '../src/extension/panel/metric-batcher';
import { BatchEncoder, parseBatch, type MetricBatch } from '../src/shared/metric-batch';
import type { MetricRecord } from '../src/shared/metrics';
import { JsonLinesFile } from '../src/shared/runner/json-lines-file';
import { initBackend } from '../src/trainer/backend';
import { captureGradientStats, packGradientStats, readGradientStats } from '../src/trainer/job/grad-stats';
import { runJsKernel, type JsKernel } from '../src/trainer/kernels/js-kernel';
import type { ParamSpec } from '../src/trainer/models';
import { median } from './lib/stats';

export interface RecordCostRow {
  side: 'trainer' | 'host';
  stage: string;
  /** µs per record, the earlier path (undefined: the stage did not exist). */
  beforeUs?: number;
  /** µs per record now (undefined: the stage is gone). */
  nowUs?: number;
  detail: string;
}

const SHAPES: [string, number[]][] = [['dense0', [2, 64]], ['dense0', [64]], ['dense1', [64, 64]], ['dense1', [64]], ['out', [64, 2]], ['out', [2]]];
const SPECS = SHAPES.map(([layer, shape], i) => ({ name: `p${i}`, layer, shape }) as unknown as ParamSpec);
/** Records of one evaluation interval (an epoch of the moons workload): 9 train records, an eval record, a probe record (every 15th epoch). */
const STEPS_PER_EPOCH = 9;
/** Records per ~100 ms batch at ~0.5 ms per step. */
const RECORDS_PER_BATCH = 200;

/** The kernel the earlier path ran: [loss, Σg₀², …] into a new tensor (then read with dataSync). */
const SUMS_KERNEL: JsKernel = {
  name: 'BenchEarlierLossAndSumsOfSquares',
  outShapes: (shapes) => [[shapes.length]],
  compute(inputs, [out]) {
    out[0] = inputs[0][0];
    for (let i = 1; i < inputs.length; i++) {
      const g = inputs[i];
      let s = 0;
      for (let j = 0; j < g.length; j++) s += g[j] * g[j];
      out[i] = s;
    }
  },
};

/** µs per item: the median over `rounds` of (time of `reps` calls) / (reps × items). */
function timeUs(rounds: number, reps: number, items: number, fn: () => void): number {
  fn();
  const per: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) fn();
    per.push(((performance.now() - t) * 1000) / (reps * items));
  }
  return median(per);
}

function trainRecord(step: number, values: Record<string, number>): MetricRecord {
  return { arm: 'cross-entropy', seed: 0, step, epoch: step / STEPS_PER_EPOCH, time: 0.05 + step * 0.00052, kind: 'train', values };
}

function epochRecords(from: number): MetricRecord[] {
  const out: MetricRecord[] = [];
  for (let s = from + 1; s <= from + STEPS_PER_EPOCH; s++) {
    out.push(trainRecord(s, { loss: Math.random(), gradNorm: 3 * Math.random(), 'gradNorm/dense0': Math.random(), 'gradNorm/dense1': Math.random(), 'gradNorm/out': Math.random(), lr: 0.01 * Math.random() }));
  }
  const at = from + STEPS_PER_EPOCH;
  out.push({ arm: 'cross-entropy', seed: 0, step: at, epoch: at / STEPS_PER_EPOCH, time: 0.05 + at * 0.00052, kind: 'eval', values: { 'val/loss': Math.random(), 'val/accuracy': 0.9, 'val/ce': Math.random(), stepsPerSec: 1900 + Math.random() } });
  return out;
}

/** CPU-side cost of `send` per record, in a forked child that discards messages. */
async function sendUs(messages: unknown[], records: number, rounds: number): Promise<number> {
  const child = fork('-e', ["process.on('message', () => {})"], { execPath: process.execPath, execArgv: [], serialization: 'json', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const sendAll = () => new Promise<void>((resolve) => {
    let left = messages.length;
    for (const m of messages) child.send(m as never, undefined, {}, () => --left === 0 && resolve());
  });
  await sendAll();
  const per: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    await sendAll();
    const c = process.cpuUsage(c0);
    per.push((c.user + c.system) / records);
  }
  child.kill();
  return median(per);
}

export async function recordCosts(opts: { quick: boolean; dir: string }): Promise<RecordCostRow[]> {
  await initBackend('wasm');
  const rounds = opts.quick ? 3 : 7;
  const rows: RecordCostRow[] = [];
  // Trainer: gradient-norm sums and the read, against reading the loss alone (what even an all-off run reads when it records).
  const grads = SHAPES.map(([, shape]) => tf.randomNormal(shape));
  const loss = tf.scalar(0.7);
  const buffer = new Float64Array(1 + SPECS.length);
  const inStep = (fn: () => void) => () => tf.tidy(fn);
  const normsBefore = timeUs(rounds, 2000, 1, inStep(() => void readGradientStats(tf.keep(runJsKernel(SUMS_KERNEL, [loss, ...grads])[0] as tf.Tensor1D), buffer, SPECS, 'perLayer')));
  const normsNow = timeUs(rounds, 2000, 1, inStep(() => void readGradientStats(captureGradientStats(loss, grads, 'perLayer', buffer), buffer, SPECS, 'perLayer')));
  const lossBefore = timeUs(rounds, 2000, 1, inStep(() => void readGradientStats(tf.keep(packGradientStats(loss, grads, 'off')), buffer, SPECS, 'off')));
  const lossNow = timeUs(rounds, 2000, 1, inStep(() => void readGradientStats(captureGradientStats(loss, grads, 'off', buffer), buffer, SPECS, 'off')));
  const tidyUs = timeUs(rounds, 2000, 1, inStep(() => {}));
  rows.push({ side: 'trainer', stage: 'for scale: an empty tf.tidy', beforeUs: tidyUs, nowUs: tidyUs, detail: 'the step already runs in one; the stages below include one each' });
  rows.push({ side: 'trainer', stage: 'loss read alone (gradNorm "off")', beforeUs: lossBefore, nowUs: lossNow, detail: 'before: the loss packed into a tensor, one dataSync; now: read from the backend buffer' });
  rows.push({
    side: 'trainer', stage: 'loss + per-layer gradient-norm sums', beforeUs: normsBefore, nowUs: normsNow,
    detail: 'before: one JS kernel over the 6 gradient buffers (4.5k numbers) into a packed tensor, one dataSync; now: the sums in one pass over the buffers, no engine call; norms formed in JS',
  });
  tf.dispose([...grads, loss]);
  const values = { loss: 0.5, gradNorm: 1, 'gradNorm/dense0': 0.2, 'gradNorm/dense1': 0.3, 'gradNorm/out': 0.1 };
  let step = 0;
  const buildUs = timeUs(rounds, 20000, 1, () => void trainRecord(++step, { ...values, lr: 0.01 }));
  rows.push({ side: 'trainer', stage: 'building the record object', beforeUs: buildUs, nowUs: buildUs, detail: 'values spread with lr and method values, tagged with arm, seed, step, epoch, time' });
  const epochs = Array.from({ length: 40 }, (_, e) => epochRecords(e * STEPS_PER_EPOCH));
  const flat = epochs.flat();
  const encodeUs = timeUs(rounds, 20, flat.length, () => {
    const enc = new BatchEncoder();
    for (const r of flat) enc.add(r);
    enc.take();
  });
  rows.push({ side: 'trainer', stage: 'encoding as a metrics.jsonl line (+ per-job header)', nowUs: encodeUs, detail: 'JSON.stringify per record, joined per batch (a hand-written encoder measured slower: number formatting dominates)' });
  // IPC: before, one message of record objects per evaluation (~10 records); now, one text batch per ~100 ms.
  const oldMessages = epochs.map((records) => ({ type: 'metrics', records }));
  const newMessages: { type: string; batch: MetricBatch }[] = [];
  for (let i = 0; i < flat.length; i += RECORDS_PER_BATCH) {
    const enc = new BatchEncoder();
    flat.slice(i, i + RECORDS_PER_BATCH).forEach((r) => enc.add(r));
    newMessages.push({ type: 'metrics', batch: enc.take()! });
  }
  rows.push({
    side: 'trainer', stage: 'IPC send', beforeUs: await sendUs(oldMessages, flat.length, rounds), nowUs: await sendUs(newMessages, flat.length, rounds),
    detail: `process.send CPU time: before ${STEPS_PER_EPOCH + 1} record objects per message (one per evaluation), now ${RECORDS_PER_BATCH} encoded lines per message`,
  });
  // Host: what Node's IPC does on arrival (JSON.parse of each message), the file write, progress, the panel.
  const oldWire = oldMessages.map((m) => JSON.stringify(m));
  const newWire = newMessages.map((m) => JSON.stringify(m));
  rows.push({
    side: 'host', stage: 'IPC parse', beforeUs: timeUs(rounds, 20, flat.length, () => oldWire.forEach((w) => JSON.parse(w))), nowUs: timeUs(rounds, 20, flat.length, () => newWire.forEach((w) => JSON.parse(w))),
    detail: 'JSON.parse of each message (Node\'s json serialisation): record objects before, one string and a header now',
  });
  const file = new JsonLinesFile(join(mkdtempSync(join(opts.dir, 'rec-')), 'metrics.jsonl'));
  const fileBefore = timeUs(rounds, 5, flat.length, () => oldMessages.forEach((m) => file.append(m.records)));
  const fileNow = timeUs(rounds, 5, flat.length, () => newMessages.forEach((m) => file.appendText(m.batch.text)));
  file.close();
  rows.push({ side: 'host', stage: 'metrics.jsonl write', beforeUs: fileBefore, nowUs: fileNow, detail: 'before: JSON.stringify per record + one write per message; now: the text as it came, one write per batch' });
  const tty = Object.assign(Object.create(process.stderr) as NodeJS.WriteStream, { isTTY: true, columns: 120, rows: 40, write: () => true });
  const jobs = [{ arm: 'cross-entropy', seed: 0 }];
  const pBefore = new Progress(jobs, tty, true);
  const pNow = new Progress(jobs, tty, true);
  pBefore.started(jobs[0], 1350);
  pNow.started(jobs[0], 1350);
  const progressBefore = timeUs(rounds, 20, flat.length, () => {
    // The earlier per-record update: each train record's step and loss, then a (throttled) redraw.
    for (const m of oldMessages) {
      for (const r of m.records) if (r.kind === 'train') pBefore.batch({ text: '', count: 1, jobs: [{ arm: r.arm, seed: r.seed, step: r.step, epoch: r.epoch, time: r.time, loss: r.values.loss, maxGapSec: 0 }] });
    }
  });
  const progressNow = timeUs(rounds, 20, flat.length, () => newMessages.forEach((m) => pNow.batch(m.batch)));
  rows.push({ side: 'host', stage: 'progress (CLI, terminal)', beforeUs: progressBefore, nowUs: progressNow, detail: 'before: per train record; now: per batch header; redraw throttled to 8/s on both' });
  const batcher = new MetricBatcher(() => {}, 100, { setTimeout: () => 1, clearTimeout: () => {}, now: () => 0 });
  const panelNow = timeUs(rounds, 10, flat.length, () => {
    for (const m of newMessages) {
      batcher.push(parseBatch(m.batch.text));
      batcher.clear();
    }
  });
  const panelBefore = timeUs(rounds, 10, flat.length, () => {
    for (const m of oldMessages) {
      batcher.push(m.records);
      batcher.clear();
    }
  });
  rows.push({ side: 'host', stage: 'panel forwarding (VS Code only)', beforeUs: panelBefore, nowUs: panelNow, detail: 'now: the one parse of the text (ActiveRun) + batching for the webview; before: batching the already-parsed records' });
  batcher.dispose();
  return rows;
}
