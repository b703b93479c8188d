/**
 * Checks every message the host posts before the page uses it, and returns a clean copy. A malformed
 * message (wrong type tag, missing or mistyped field) is refused whole. Inside metric maps, values that
 * are not finite numbers are dropped (JSON turns NaN and Infinity into null), so one diverged value
 * does not cost the rest of the record.
 */
import type { ArmResult, MetricKind, MetricRecord, RunSummary } from '../../src/shared/metrics';
import type { HostToWebview, RunView } from '../../src/shared/protocol/webview';

class Invalid extends Error {}

type Obj = Record<string, unknown>;

function obj(x: unknown, what: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Invalid(`${what} is not an object`);
  return x as Obj;
}

function str(x: unknown, what: string): string {
  if (typeof x !== 'string') throw new Invalid(`${what} is not a string`);
  return x;
}

function num(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Invalid(`${what} is not a finite number`);
  return x;
}

/** A number where the protocol allows NaN to have been sent (JSON null). */
function numOrNaN(x: unknown, what: string): number {
  if (x === null) return NaN;
  if (typeof x !== 'number') throw new Invalid(`${what} is not a number`);
  return x;
}

function bool(x: unknown, what: string): boolean {
  if (typeof x !== 'boolean') throw new Invalid(`${what} is not a boolean`);
  return x;
}

function arr(x: unknown, what: string): unknown[] {
  if (!Array.isArray(x)) throw new Invalid(`${what} is not an array`);
  return x;
}

function finiteMap(x: unknown, what: string): Record<string, number> {
  const o = obj(x, what);
  const out: Record<string, number> = {};
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'number' && v - v === 0 && Object.prototype.hasOwnProperty.call(o, k)) out[k] = v;
  }
  return out;
}

const KINDS: readonly MetricKind[] = ['train', 'eval', 'probe', 'trace', 'final'];
const ARM_STATUSES: readonly ArmResult['status'][] = ['completed', 'stopped', 'diverged', 'crashed'];
const RUN_STATUSES: readonly RunSummary['status'][] = ['running', 'completed', 'stopped', 'failed'];

function oneOf<T extends string>(x: unknown, allowed: readonly T[], what: string): T {
  if (typeof x !== 'string' || !(allowed as readonly string[]).includes(x)) throw new Invalid(`${what} is not one of ${allowed.join(', ')}`);
  return x as T;
}

export function checkRecord(x: unknown): MetricRecord {
  const r = obj(x, 'record');
  const rec: MetricRecord = {
    arm: str(r.arm, 'record.arm'),
    seed: num(r.seed, 'record.seed'),
    step: num(r.step, 'record.step'),
    epoch: num(r.epoch, 'record.epoch'),
    time: num(r.time, 'record.time'),
    kind: oneOf(r.kind, KINDS, 'record.kind'),
    values: finiteMap(r.values, 'record.values'),
  };
  if (r.series !== undefined) {
    const series: Record<string, number[]> = {};
    for (const [k, v] of Object.entries(obj(r.series, 'record.series'))) {
      series[k] = arr(v, `record.series.${k}`).map((e) => (typeof e === 'number' ? e : e === null ? NaN : num(e, `record.series.${k}[]`)));
    }
    rec.series = series;
  }
  return rec;
}

function checkArm(x: unknown): ArmResult {
  const a = obj(x, 'arm result');
  const res: ArmResult = {
    arm: str(a.arm, 'arm.arm'),
    seed: num(a.seed, 'arm.seed'),
    status: oneOf(a.status, ARM_STATUSES, 'arm.status'),
    steps: numOrNaN(a.steps, 'arm.steps'),
    epochs: numOrNaN(a.epochs, 'arm.epochs'),
    wallTimeSec: numOrNaN(a.wallTimeSec, 'arm.wallTimeSec'),
    stepsPerSec: numOrNaN(a.stepsPerSec, 'arm.stepsPerSec'),
    mainMetric: str(a.mainMetric, 'arm.mainMetric'),
    best: finiteMap(a.best, 'arm.best'),
    final: finiteMap(a.final, 'arm.final'),
  };
  if (a.reason !== undefined) res.reason = str(a.reason, 'arm.reason');
  if (a.timings !== undefined) res.timings = finiteMap(a.timings, 'arm.timings');
  return res;
}

export function checkSummary(x: unknown): RunSummary {
  const s = obj(x, 'summary');
  const out: RunSummary = {
    name: str(s.name, 'summary.name'),
    startedAt: str(s.startedAt, 'summary.startedAt'),
    status: oneOf(s.status, RUN_STATUSES, 'summary.status'),
    backend: str(s.backend, 'summary.backend'),
    seed: num(s.seed, 'summary.seed'),
    repeats: num(s.repeats, 'summary.repeats'),
    versions: {},
    arms: arr(s.arms, 'summary.arms').map(checkArm),
  };
  for (const [k, v] of Object.entries(obj(s.versions ?? {}, 'summary.versions'))) if (typeof v === 'string') out.versions[k] = v;
  if (s.configPath !== undefined) out.configPath = str(s.configPath, 'summary.configPath');
  if (s.finishedAt !== undefined) out.finishedAt = str(s.finishedAt, 'summary.finishedAt');
  return out;
}

export function checkRunView(x: unknown): RunView {
  const r = obj(x, 'run');
  const view: RunView = {
    key: str(r.key, 'run.key'),
    name: str(r.name, 'run.name'),
    runDir: str(r.runDir, 'run.runDir'),
    arms: arr(r.arms, 'run.arms').map((a) => str(a, 'run.arms[]')),
    repeats: Math.max(1, Math.round(num(r.repeats, 'run.repeats'))),
    live: bool(r.live, 'run.live'),
    records: arr(r.records, 'run.records').map(checkRecord),
  };
  if (r.summary !== undefined && r.summary !== null) view.summary = checkSummary(r.summary);
  return view;
}

function check(x: unknown): HostToWebview {
  const m = obj(x, 'message');
  switch (m.type) {
    case 'init': {
      const options = obj(m.options, 'options');
      return {
        type: 'init',
        run: checkRunView(m.run),
        overlays: arr(m.overlays, 'overlays').map(checkRunView),
        options: { compact: bool(options.compact, 'options.compact') },
      };
    }
    case 'metrics':
      return { type: 'metrics', key: str(m.key, 'key'), records: arr(m.records, 'records').map(checkRecord) };
    case 'summary':
      return { type: 'summary', key: str(m.key, 'key'), summary: checkSummary(m.summary), live: bool(m.live, 'live') };
    case 'overlay':
      return { type: 'overlay', run: checkRunView(m.run) };
    case 'removeOverlay':
      return { type: 'removeOverlay', key: str(m.key, 'key') };
    default:
      throw new Invalid(`unknown message type ${JSON.stringify(m.type) ?? 'undefined'}`);
  }
}

export type Checked = { ok: true; message: HostToWebview } | { ok: false; error: string };

export function checkHostMessage(x: unknown): Checked {
  try {
    return { ok: true, message: check(x) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}
