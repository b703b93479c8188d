import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunSummary } from '../../../src/shared/metrics';
import { verdictModel } from '../../../webview/model/verdict-rows';
import { checkHostMessage } from '../../../webview/model/validate';
import { CLASSIFICATION, summaryOf } from '../../browser/synthetic';

const done = summaryOf(CLASSIFICATION, true);

test('one row per comparison, grouped by metric, interval bars on a scale shared by the group around 0', () => {
  const m = verdictModel({ repeats: 2, live: false, summary: done })!;
  assert.equal(m.note, undefined);
  assert.deepEqual(m.groups.map((g) => g.title), ['best val/accuracy']);
  const rows = m.groups[0].rows;
  assert.equal(rows.length, 2);
  for (const r of rows) {
    assert.ok(r.bar.lo >= 0 && r.bar.hi <= 1 && r.bar.lo <= r.bar.mean && r.bar.mean <= r.bar.hi, JSON.stringify(r.bar));
    assert.equal(r.bar.zero, 0.5);
    assert.match(r.hover, /^seed 0: [+−]\d/);
    assert.match(r.hover, /seed 1: /);
    assert.match(r.label, /^95% CI /);
  }
  assert.ok(Math.min(rows[0].bar.lo, rows[1].bar.lo) === 0 || Math.max(rows[0].bar.hi, rows[1].bar.hi) === 1, 'the widest extent fills the track');
  assert.deepEqual(rows.map((r) => r.direction), done.comparisons!.map((c) => (!c.significant ? 'none' : c.meanDiff > 0 ? 'better' : 'worse')));
});

test('notes: one seed needs more; a live run waits for its end; an old summary has none; sweeps have no section', () => {
  assert.match(verdictModel({ repeats: 1, live: false, summary: { ...done, repeats: 1, comparisons: undefined } })!.note!, /needs ≥ 2 seeds/);
  assert.match(verdictModel({ repeats: 2, live: true, summary: summaryOf(CLASSIFICATION, false) })!.note!, /appear when the run ends \(2 seeds\)/);
  assert.match(verdictModel({ repeats: 2, live: false, summary: { ...done, comparisons: undefined } })!.note!, /loss-lab compare/);
  assert.equal(verdictModel({ repeats: 2, live: false, summary: done, sweep: {} }), undefined);
});

test('comparisons pass the host-message check intact; a malformed one refuses the message', () => {
  const msg = (summary: unknown) => ({ type: 'summary', key: 'k', summary, live: false });
  const ok = checkHostMessage(JSON.parse(JSON.stringify(msg(done))));
  assert.ok(ok.ok && ok.message.type === 'summary');
  if (ok.ok && ok.message.type === 'summary') assert.deepEqual(ok.message.summary.comparisons, JSON.parse(JSON.stringify(done.comparisons)));
  const broken = (patch: Record<string, unknown>) => ({ ...done, comparisons: [{ ...done.comparisons![0], ...patch }] }) as RunSummary;
  assert.equal(checkHostMessage(msg(broken({ ci: [1] }))).ok, false);
  assert.equal(checkHostMessage(msg(broken({ ciMethod: 'magic' }))).ok, false);
  assert.equal(checkHostMessage(msg(broken({ verdict: 3 }))).ok, false);
});

test('a finished one-seed run offers a re-run with 5 seeds; a live one or an evolution does not', () => {
  const one = { ...done, repeats: 1, comparisons: undefined };
  assert.equal(verdictModel({ repeats: 1, live: false, summary: one })!.rerunSeeds, 5);
  assert.equal(verdictModel({ repeats: 1, live: true, summary: one })!.rerunSeeds, undefined);
  assert.equal(verdictModel({ repeats: 1, live: false, summary: one, evolution: {} })!.rerunSeeds, undefined);
  assert.equal(verdictModel({ repeats: 2, live: false, summary: done })!.rerunSeeds, undefined);
});
