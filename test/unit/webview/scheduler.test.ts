import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameScheduler, type FrameEnv } from '../../../webview/model/scheduler';

/** A fake clock: `later` and `frame` callbacks run when time is advanced past them. */
function fakeEnv(): FrameEnv & { t: number; advance(ms: number): void } {
  const queue: { at: number; cb: () => void }[] = [];
  const env = {
    t: 0,
    now: () => env.t,
    frame: (cb: () => void) => queue.push({ at: env.t + 16, cb }),
    later: (cb: () => void, ms: number) => queue.push({ at: env.t + ms, cb }),
    advance(ms: number) {
      const end = env.t + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at);
        if (!queue.length || queue[0].at > end) break;
        const next = queue.shift()!;
        env.t = next.at;
        next.cb();
      }
      env.t = end;
    },
  };
  return env;
}

test('a burst of requests costs one frame; frames are at least 100 ms apart', () => {
  const env = fakeEnv();
  const at: number[] = [];
  const s = new FrameScheduler(() => at.push(env.t), env);
  for (let i = 0; i < 50; i++) s.request();
  env.advance(20);
  assert.deepEqual(at, [16]);
  for (let k = 0; k < 10; k++) {
    s.request();
    env.advance(10);
  }
  env.advance(500);
  assert.ok(at.length >= 2);
  for (let k = 1; k < at.length; k++) assert.ok(at[k] - at[k - 1] >= 100, `gap ${at[k] - at[k - 1]}`);
});

test('expensive frames push data redraws apart; a user action is not held back by that', () => {
  const env = fakeEnv();
  const at: number[] = [];
  const s = new FrameScheduler(() => {
    at.push(env.t);
    env.t += 80;
  }, env);
  s.request();
  env.advance(20);
  s.request();
  env.advance(200);
  assert.equal(at.length, 1, 'waits 4 × 80 ms after an 80 ms frame');
  env.advance(200);
  assert.equal(at.length, 2);
  assert.ok(at[1] - at[0] >= 320);
  s.request(true);
  env.advance(150);
  assert.equal(at.length, 3, 'urgent: only the 100 ms floor');
  s.request();
  env.advance(120);
  s.request(true);
  env.advance(20);
  assert.equal(at.length, 4, 'an urgent request cuts a long data wait short');
  env.advance(1000);
  assert.equal(at.length, 4, 'and the long wait then draws nothing more');
});
