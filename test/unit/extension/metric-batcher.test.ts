import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MetricRecord } from '../../../src/shared/metrics';
import { MetricBatcher, type Timers } from '../../../src/extension/panel/metric-batcher';

class FakeTimers implements Timers {
  t = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.queue = this.queue.filter((q) => q.id !== h);
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const due = this.queue[0];
      if (!due || due.at > end) break;
      this.queue.shift();
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}

const rec = (step: number): MetricRecord => ({ arm: 'a', seed: 0, step, epoch: step / 10, time: step / 100, kind: 'train', values: { loss: 1 / (step + 1) } });

test('a burst becomes one batch, in order', () => {
  const timers = new FakeTimers();
  const batches: MetricRecord[][] = [];
  const b = new MetricBatcher((r) => batches.push(r), 100, timers);
  for (let i = 0; i < 50; i++) b.push([rec(i)]);
  assert.equal(batches.length, 0);
  timers.advance(0);
  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0].map((r) => r.step), [...Array(50).keys()]);
});

test('a steady stream is sent at most 10 times per second', () => {
  const timers = new FakeTimers();
  const batches: MetricRecord[][] = [];
  const b = new MetricBatcher((r) => batches.push(r), 100, timers);
  let step = 0;
  for (let ms = 0; ms < 2000; ms += 5) {
    b.push([rec(step++)]);
    timers.advance(5);
  }
  timers.advance(200);
  assert.ok(batches.length <= 21, `${batches.length} batches in 2 s`);
  assert.ok(batches.length >= 15, `${batches.length} batches: should not hold records back`);
  assert.equal(batches.flat().length, step, 'every record is delivered exactly once');
  assert.deepEqual(batches.flat().map((r) => r.step), [...Array(step).keys()]);
});

test('flush sends pending records now; clear and dispose drop them', () => {
  const timers = new FakeTimers();
  const batches: MetricRecord[][] = [];
  const b = new MetricBatcher((r) => batches.push(r), 100, timers);
  b.flush();
  assert.equal(batches.length, 0, 'nothing pending, nothing sent');
  b.push([rec(1), rec(2)]);
  b.flush();
  assert.equal(batches.length, 1);
  timers.advance(500);
  assert.equal(batches.length, 1, 'the cancelled timer does not send again');
  b.push([rec(3)]);
  b.clear();
  timers.advance(500);
  assert.equal(batches.length, 1);
  b.push([rec(4)]);
  b.dispose();
  b.push([rec(5)]);
  timers.advance(500);
  assert.equal(batches.length, 1);
  assert.equal(b.pendingCount, 0);
});
