// The timeline of a window reload, for the screenshot test's restore check: timestamps from the
// extension host's logs (code-server writes them under the user data folder) and the chart pages'
// performance marks (`losslab:ready` from the page's boot script; `losslab:started`, `losslab:init`,
// `losslab:drawn`, `losslab:all-drawn` from webview/app.ts).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every log line under `dir` with its time (ms since the epoch), oldest first. */
export function logLines(dir) {
  const out = [];
  const walk = (d) => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.log')) {
        for (const line of readFileSync(p, 'utf8').split('\n')) {
          const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) (.*)$/.exec(line);
          if (m) out.push({ t: new Date(`${m[1]}T${m[2]}`).getTime(), file: name, text: m[3] });
        }
      }
    }
  };
  walk(dir);
  return out.sort((a, b) => a.t - b.t);
}

/** The chart pages' marks, per webview frame: { compact, origin, marks: { name: epoch ms } }. */
export async function pageMarks(page) {
  const out = [];
  const inWebview = (f) => !!f && (/\/webview\//.test(f.url()) || inWebview(f.parentFrame()));
  for (const frame of page.frames().filter(inWebview)) {
    try {
      const r = await frame.evaluate(() => {
        const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('losslab:'));
        if (!marks.length) return undefined;
        return {
          compact: document.body.dataset.compact === 'true',
          origin: performance.timeOrigin,
          marks: Object.fromEntries(marks.map((m) => [m.name.slice('losslab:'.length), performance.timeOrigin + m.startTime])),
        };
      });
      if (r) out.push(r);
    } catch {
      // A frame that went away while being read.
    }
  }
  return out;
}

/**
 * The restored panel's milestones after the workbench came back: the extension host started, Loss Lab
 * activated, the panel restored (the serializer) or reopened, the page loaded, said ready, ran its
 * bundle, got its init, drew, and drew every record. `drawn` and `activated` (Loss Lab's activation)
 * are absolute (ms since the epoch).
 */
export function restoreBreakdown({ reloaded, workbench, lines, marks }) {
  const after = lines.filter((l) => l.t >= reloaded);
  const first = (re) => after.find((l) => re.test(l.text))?.t;
  const panel = marks.find((p) => !p.compact);
  const steps = [
    ['extension host started', first(/Extension host with pid \d+ started/)],
    ['Loss Lab activated', first(/Loss Lab .* activated in/)],
    ['panel restored', first(/restoring the chart panel|reopening the chart panel/)],
    ['page loaded', panel?.origin],
    ['page said ready', panel?.marks.ready],
    ['bundle ran', panel?.marks.started],
    ['init arrived', panel?.marks.init],
    ['first draw', panel?.marks.drawn],
    ['every record drawn', panel?.marks['all-drawn']],
  ];
  const text = steps.map(([name, t]) => `${name} ${t === undefined ? '?' : `+${((t - workbench) / 1000).toFixed(1)}`}`).join(', ');
  return { drawn: panel?.marks.drawn, activated: steps[1][1], text };
}
