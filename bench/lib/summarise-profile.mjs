// Self time by function (top 30) and by script of a .cpuprofile written by `node --cpu-prof`.
import { readFileSync } from 'node:fs';

const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const byFn = new Map();
const byFile = new Map();
let total = 0;
for (const n of prof.nodes) {
  const t = (dt.get(n.id) ?? 0) / 1000;
  total += t;
  const f = n.callFrame;
  const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`;
  byFn.set(key, (byFn.get(key) ?? 0) + t);
  const file = f.url.split('node_modules/').pop() || f.functionName;
  byFile.set(file, (byFile.get(file) ?? 0) + t);
}
const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`total ${total.toFixed(0)} ms\n-- by function --\n${top(byFn, 30)}\n-- by file --\n${top(byFile, 15)}`);
