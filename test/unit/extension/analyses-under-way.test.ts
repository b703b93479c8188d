/** The window's analyses by run folder: progress reaches the pages showing the run, one analysis per run, stopAll waits for the end. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnalysesUnderWay } from '../../../src/extension/analysis/analyses-under-way';
import type { ChartSession } from '../../../src/extension/panel/chart-session';
import type { AnalysisEntry, AnalysisProgress } from '../../../src/shared/protocol/webview';

function fakeSessions() {
  const seen: string[] = [];
  const session = {
    showAnalysisProgress: (runDir: string, p: AnalysisProgress | undefined) => seen.push(`${runDir} progress ${p ? `${p.label} ${p.done}/${p.total ?? '?'}` : 'end'}`),
    showAnalyses: (runDir: string, entries: AnalysisEntry[]) => seen.push(`${runDir} analyses ${entries.map((e) => e.file).join(',')}`),
  } as unknown as ChartSession;
  return { seen, sessions: (runDir: string) => (runDir === '/r' ? [session] : []) };
}

test('progress reaches the pages of the run, then its end; a second analysis of the run is refused meanwhile', async () => {
  const { seen, sessions } = fakeSessions();
  const underWay = new AnalysesUnderWay(sessions);
  let release = () => {};
  const work = underWay.track('/r', async (report) => {
    report({ label: 'landscape', done: 3, total: 10 });
    await new Promise<void>((r) => (release = r));
    return 'done';
  });
  assert.equal(underWay.has('/r'), true);
  assert.deepEqual(underWay.progress('/r'), { label: 'landscape', done: 3, total: 10 });
  await assert.rejects(underWay.track('/r', async () => 'again'), /already under way/);
  release();
  assert.equal(await work, 'done');
  assert.equal(underWay.has('/r'), false);
  assert.equal(underWay.progress('/r'), undefined);
  underWay.publish('/r', [{ file: 'landscape/a.json', result: {} as AnalysisEntry['result'] }]);
  underWay.publish('/other', []);
  assert.deepEqual(seen, ['/r progress landscape 3/10', '/r progress end', '/r analyses landscape/a.json']);
});

test('a failing analysis ends too (the pages hear the end, the run is free again)', async () => {
  const { seen, sessions } = fakeSessions();
  const underWay = new AnalysesUnderWay(sessions);
  await assert.rejects(underWay.track('/r', async () => { throw new Error('boom'); }), /boom/);
  assert.equal(underWay.has('/r'), false);
  assert.deepEqual(seen, ['/r progress end']);
});

test('stopAll stops every analysis and resolves only once each has ended', async () => {
  const underWay = new AnalysesUnderWay(() => []);
  const order: string[] = [];
  const make = (runDir: string) =>
    underWay.track(runDir, (_report, onStop) => new Promise<void>((resolve) => onStop(() => {
      order.push(`stop ${runDir}`);
      setTimeout(() => {
        order.push(`ended ${runDir}`);
        resolve();
      }, 20);
    })));
  const a = make('/a');
  const b = make('/b');
  await underWay.stopAll();
  order.push('stopAll returned');
  assert.deepEqual(order, ['stop /a', 'stop /b', 'ended /a', 'ended /b', 'stopAll returned']);
  await Promise.all([a, b]);
  await underWay.stopAll();
});
