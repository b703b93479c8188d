/**
 * `loss-lab gradcheck`: checks every arm's autodiff gradients against finite differences, in this
 * process (the trainer code is loaded only for this command). Prints a table per parameter tensor,
 * or with --json the whole report (parameters, batch, loss values, gradients).
 */
import { resolve } from 'node:path';
import { formatProblem, loadConfigFile } from '../../shared/config';
import type { GradcheckReport } from '../../trainer/gradcheck/run';
import { renderTable } from '../format';
import type { Command } from '../usage';

function formatError(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return v === 0 ? '0' : v.toExponential(1);
}

/** The human-readable report: one row per arm × objective × tensor, then the verdict. */
export function formatGradcheck(report: GradcheckReport & { backend: string }): string {
  const rows = [['arm', 'objective', 'tensor', 'rel. error', 'result']];
  const failed: string[] = [];
  for (const arm of report.arms) {
    if (arm.error) {
      rows.push([arm.arm, '-', '-', '-', 'ERROR']);
      failed.push(`${arm.arm}: ${arm.error.split('\n')[0]}`);
      continue;
    }
    const bad: string[] = [];
    for (const o of arm.objectives) {
      for (const t of o.tensors) {
        rows.push([arm.arm, o.objective, t.tensor, formatError(t.relError), t.pass ? 'pass' : 'FAIL']);
        if (!t.pass) bad.push(arm.objectives.length > 1 ? `${o.objective}/${t.tensor}` : t.tensor);
      }
      if (!Number.isFinite(o.value)) bad.push(`${o.objective} = ${o.value}`);
    }
    if (bad.length) failed.push(`${arm.arm}: ${bad.join(', ')}`);
  }
  const head =
    `gradcheck ${report.name} — backend ${report.backend}, ${report.rows} training rows, step ${report.step}` +
    (report.perturb > 0 ? `, parameters perturbed by ${report.perturb}` : ', initial parameters') +
    `, tolerance ${report.tolerance}`;
  const nFailed = report.arms.filter((a) => !a.pass).length;
  const verdict = nFailed === 0 ? `all ${report.arms.length} arm(s) pass` : `FAIL: ${nFailed} of ${report.arms.length} arm(s)\n${failed.map((f) => `  ${f}`).join('\n')}`;
  return [head, '', renderTable(rows), '', verdict].join('\n');
}

export async function gradcheckCommand(cmd: Extract<Command, { name: 'gradcheck' }>): Promise<number> {
  const { config, problems } = loadConfigFile(resolve(cmd.config));
  for (const p of problems) process.stderr.write(formatProblem(cmd.config, p) + '\n');
  if (!config) return 1;
  const names = config.losses.map((l) => l.name);
  const unknown = (cmd.arms ?? []).filter((a) => !names.includes(a));
  if (unknown.length) {
    process.stderr.write(`loss-lab: unknown arm '${unknown[0]}'; arms in ${cmd.config}: ${names.join(', ')}\n`);
    return 2;
  }
  const { runGradcheck } = await import('../../trainer/gradcheck/run');
  let report: GradcheckReport & { backend: string };
  try {
    report = await runGradcheck(config, {
      arms: cmd.arms, backend: cmd.backend, rows: cmd.rows, step: cmd.step, perturb: cmd.perturb, tolerance: cmd.tolerance, allowUserCode: true,
    });
  } catch (e) {
    process.stderr.write(`loss-lab: ${(e as Error).message}\n`);
    return 1;
  }
  process.stdout.write(cmd.json ? JSON.stringify(report) + '\n' : formatGradcheck(report) + '\n');
  return report.pass ? 0 : 1;
}
