import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostToTrainer, TrainerToHost } from '../../../src/shared/protocol/trainer';
import { DIST, resolveConfig, tinyConfigObject } from '../../helpers/config';
import { parseBatch } from '../../../src/shared/metric-batch';
import { alive } from '../../helpers/process';

const trainer = join(DIST, 'trainer.js');

type Start = Extract<HostToTrainer, { type: 'start' }>;

/**
 * Forks the trainer bundle, sends `start` on `ready`, and collects every message until exit. By default
 * the host disconnects after `done` (the trainer would otherwise wait for another work).
 */
function runTrainer(start: Start, onMessage?: (m: TrainerToHost, send: (m: HostToTrainer) => void, child: ChildProcess) => void) {
  const child = fork(trainer, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const messages: TrainerToHost[] = [];
  const send = (m: HostToTrainer) => child.send(m);
  child.on('message', (raw) => {
    const m = raw as TrainerToHost;
    messages.push(m);
    if (m.type === 'ready') send(start);
    if (onMessage) onMessage(m, send, child);
    else if (m.type === 'done') child.disconnect();
  });
  return new Promise<{ messages: TrainerToHost[]; code: number | null; pid: number }>((resolve) => {
    child.on('exit', (code) => resolve({ messages, code, pid: child.pid! }));
  });
}

test('forked trainer: ready → started → metrics… → armDone per job → done; exits 0 when the host disconnects', async () => {
  const config = resolveConfig(tinyConfigObject());
  const runDir = mkdtempSync(join(tmpdir(), 'losslab-proto-'));
  const jobs = [{ arm: 'ce', seed: 3 }, { arm: 'mse', seed: 3 }];
  const { messages, code, pid } = await runTrainer({ type: 'start', config, runDir, jobs, backend: 'wasm', allowUserCode: false });
  assert.equal(code, 0);
  assert.equal(alive(pid), false);
  const types = messages.map((m) => m.type);
  assert.equal(types[0], 'ready');
  assert.equal(types[1], 'started');
  assert.equal(types.at(-1), 'done');
  assert.deepEqual(messages.filter((m) => m.type === 'armDone').map((m) => (m.type === 'armDone' ? m.result.arm : '')), ['ce', 'mse']);
  const started = messages[1];
  assert.ok(started.type === 'started' && started.backend === 'wasm');
  // The host is the one writer of the run folder's metrics.jsonl: the trainer streams, and writes only its weights there.
  const streamed = messages.flatMap((m) => (m.type === 'metrics' ? parseBatch(m.batch.text) : []));
  assert.ok(streamed.length > 20);
  assert.deepEqual(readdirSync(runDir), ['weights']);
  // Metrics for an arm come before its armDone.
  const doneAt = types.indexOf('armDone');
  assert.ok(messages.slice(0, doneAt).some((m) => m.type === 'metrics' && parseBatch(m.batch.text).some((r) => r.arm === 'ce')));
});

test('forked trainer: stop finishes the step, reports stopped, flushes, and exits', async () => {
  const config = resolveConfig(tinyConfigObject({ train: { epochs: 2000, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } }, losses: [{ name: 'ce', type: 'ce' }] }));
  const runDir = mkdtempSync(join(tmpdir(), 'losslab-stop-'));
  let sentStop = false;
  const { messages, code } = await runTrainer(
    { type: 'start', config, runDir, jobs: [{ arm: 'ce', seed: 3 }], backend: 'wasm', allowUserCode: false },
    (m, send) => {
      if (m.type === 'metrics' && !sentStop && parseBatch(m.batch.text).some((r) => r.step >= 20)) {
        sentStop = true;
        send({ type: 'stop' });
      }
    },
  );
  assert.equal(code, 0);
  const done = messages.find((m) => m.type === 'armDone');
  assert.ok(done && done.type === 'armDone');
  assert.equal(done.result.status, 'stopped');
  assert.ok(done.result.steps >= 20 && done.result.steps < 2000 * 7);
  const lastStreamed = messages.flatMap((m) => (m.type === 'metrics' ? parseBatch(m.batch.text) : [])).at(-1)!;
  assert.equal(lastStreamed.kind, 'final');
});

test('forked trainer: an unavailable forced backend is reported as an error message before exit', async () => {
  const config = resolveConfig(tinyConfigObject());
  const runDir = mkdtempSync(join(tmpdir(), 'losslab-err-'));
  const { messages, code } = await runTrainer({ type: 'start', config, runDir, jobs: [{ arm: 'ce', seed: 3 }], backend: 'tensorflow', allowUserCode: false });
  assert.equal(code, 1);
  const err = messages.find((m) => m.type === 'error');
  assert.ok(err && err.type === 'error');
  assert.match(err.message, /tensorflow.*not available.*tfjs-node/);
});

test('forked trainer: after done it takes another start (a warm trainer), and a stop while idle ends it', async () => {
  const config = resolveConfig(tinyConfigObject());
  const runDirs = [mkdtempSync(join(tmpdir(), 'losslab-warm-a-')), mkdtempSync(join(tmpdir(), 'losslab-warm-b-'))];
  const start = (i: number): Start => ({ type: 'start', config, runDir: runDirs[i], jobs: [{ arm: ['ce', 'mse'][i], seed: 3 }], backend: 'wasm', allowUserCode: false });
  let works = 0;
  const { messages, code } = await runTrainer(start(0), (m, send) => {
    if (m.type !== 'done') return;
    works++;
    send(works === 1 ? start(1) : { type: 'stop' });
  });
  assert.equal(code, 0);
  const types = messages.map((m) => m.type);
  assert.equal(types.filter((t) => t === 'ready').length, 1, 'one process, one ready');
  assert.equal(types.filter((t) => t === 'started').length, 2);
  assert.deepEqual(messages.flatMap((m) => (m.type === 'armDone' ? [`${m.result.arm} ${m.result.status}`] : [])), ['ce completed', 'mse completed']);
  // Each work streamed its own job's records, and the second is what a fresh trainer streams.
  const streamed = (ms: TrainerToHost[], startedIndex: number) => {
    const from = ms.findIndex((m, i) => m.type === 'started' && ms.slice(0, i + 1).filter((x) => x.type === 'started').length === startedIndex + 1);
    const to = ms.findIndex((m, i) => i > from && m.type === 'done');
    return ms.slice(from, to).flatMap((m) => (m.type === 'metrics' ? parseBatch(m.batch.text) : []));
  };
  assert.deepEqual([...new Set(streamed(messages, 0).map((r) => r.arm))], ['ce']);
  assert.deepEqual([...new Set(streamed(messages, 1).map((r) => r.arm))], ['mse']);
  const fresh = await runTrainer({ ...start(1), runDir: mkdtempSync(join(tmpdir(), 'losslab-warm-c-')) });
  const values = (records: { time: number; values: Record<string, number> }[]) => records.map(({ values: v }) => {
    const copy = { ...v };
    delete copy.stepsPerSec;
    return copy;
  });
  assert.deepEqual(values(streamed(messages, 1)), values(streamed(fresh.messages, 0)));
});

test('forked trainer: a warm trainer reloads user loss modules for a new run folder, not within one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-reload-'));
  const module = join(dir, 'scaled.js');
  const writeScale = (k: number) =>
    writeFileSync(module, `const tf = require('@tensorflow/tfjs-core');\nmodule.exports = { loss: (p, t) => tf.mul(tf.mean(tf.square(tf.sub(p, t))), ${k}) };\n`);
  writeScale(1);
  const config = resolveConfig(tinyConfigObject({ data: { dataset: 'sine', points: 80, noise: 0.1 }, losses: [{ name: 'scaled', type: 'custom', module }] }));
  const runs = [mkdtempSync(join(tmpdir(), 'losslab-reload-a-')), mkdtempSync(join(tmpdir(), 'losslab-reload-b-'))];
  const start = (runDir: string): Start => ({ type: 'start', config, runDir, jobs: [{ arm: 'scaled', seed: 3 }], backend: 'wasm', allowUserCode: true });
  // Works: run a (×1), then after editing the module to ×2 run b, then after editing to ×3 run b again.
  const plan = [start(runs[0]), start(runs[1]), start(runs[1])];
  let works = 0;
  const firstLosses: number[] = [];
  await runTrainer(plan[0], (m, send) => {
    if (m.type === 'metrics' && firstLosses.length === works) {
      const r = parseBatch(m.batch.text).find((x) => x.kind === 'train');
      if (r) firstLosses.push(r.values.loss);
    }
    if (m.type !== 'done') return;
    works++;
    if (works === 1) writeScale(2);
    if (works === 2) writeScale(3);
    send(works < plan.length ? plan[works] : { type: 'stop' });
  });
  assert.equal(firstLosses.length, 3);
  assert.ok(Math.abs(firstLosses[1] / firstLosses[0] - 2) < 1e-5, `new run folder: edited module loaded (${firstLosses.join(', ')})`);
  assert.ok(Math.abs(firstLosses[2] / firstLosses[1] - 1) < 1e-6, `same run folder: module kept (${firstLosses.join(', ')})`);
});
