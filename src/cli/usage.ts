/** Command-line parsing for `loss-lab`; a UsageError means exit code 2. */
import { parseArgs } from 'node:util';
import type { ExecutorType } from '../shared/runner/executor-choice';
import { ANALYSIS_HELP, ANALYSIS_USAGE, parseAnalysis, type AnalysisCommand } from './usage-analysis';
import { numberOption, UsageError } from './usage-error';

export { UsageError } from './usage-error';

export const USAGE = `Usage:
  loss-lab run <config> [--arm NAME]... [--out DIR [--force]] [--backend auto|wasm|cpu|tensorflow] [--parallel N]
               [--executor local|slurm] [--quiet]
  loss-lab resume <run folder> [--retry-failed] [--backend auto|wasm|cpu|tensorflow] [--parallel N] [--executor local|slurm] [--quiet]
  loss-lab attach <run folder> [--quiet]
  loss-lab validate <config>
  loss-lab compare <run folder> [<run folder B>] [--baseline ARM] [--metric M]... [--split val|test] [--json]
  loss-lab gradcheck <config> [--arm NAME]... [--json] [--backend auto|wasm|cpu|tensorflow]
                     [--rows N] [--step N] [--perturb S] [--tolerance T]
${ANALYSIS_USAGE}

run trains every arm × seed; a config with a 'sweep' section trains every trial × seed (and writes
trials.jsonl), one with an 'evolve' section evolves a TaylorGLO loss with CMA-ES and then retrains the
best against the other arms. --out DIR refuses a folder that holds another run (--force replaces it).
resume finishes a stopped experiment, sweep or evolution in its run folder, keeping the jobs that
completed (and, unless --retry-failed, those that crashed or diverged).

compare prints paired verdicts between arms of a finished or stopped run (repeats ≥ 2): each arm
against the baseline (default compare.baseline, else the first arm) on the main metric, or on
--metric (a name such as accuracy or ce is read on --split, default val). With two run folders it
compares every arm of B with the baseline of A, paired by seed when both used the same data and
model, unpaired otherwise.

--executor slurm submits the jobs to Slurm with sbatch (the config's 'executor' section sets the
partition, time limit and so on; --executor overrides its type); --parallel N then caps how many run at
once. attach follows a Slurm run whose host was stopped or killed: it waits for the jobs still queued or
running, reads what they wrote, and finishes the summary; resume follows the jobs still queued or
running and submits the other unfinished ones again.

gradcheck compares each arm's autodiff gradients with finite differences on a small batch (default
8 rows, parameters perturbed by 0.1, at the middle step of training); --json prints the parameters,
the batch, the loss values and the gradients.

${ANALYSIS_HELP}

Exit codes: 0 every arm completed (or the config is valid, or every gradient check passed, or the
verdicts were printed), 1 invalid config or data, an arm that did not complete (crashed, diverged), a
failed gradient check or a run with too few seeds to compare, 2 usage error, 3 the run folder is being
written by another process or holds another run, 4 a file error (no space left, read-only file
system, permission denied, not a folder), 130 stopped with Ctrl-C, 143 stopped with SIGTERM (resume
either with 'loss-lab resume <run folder>').`;

export type Command =
  | { name: 'run'; config: string; arms?: string[]; out?: string; force: boolean; backend?: string; parallel?: number; executor?: ExecutorType; quiet: boolean }
  | { name: 'resume'; runDir: string; retryFailed: boolean; backend?: string; parallel?: number; executor?: ExecutorType; quiet: boolean }
  | { name: 'attach'; runDir: string; quiet: boolean }
  | { name: 'validate'; config: string }
  | { name: 'compare'; runDirs: string[]; baseline?: string; metrics?: string[]; split?: 'val' | 'test'; json: boolean }
  | {
      name: 'gradcheck';
      config: string;
      arms?: string[];
      json: boolean;
      backend?: string;
      rows?: number;
      step?: number;
      perturb?: number;
      tolerance?: number;
    }
  | AnalysisCommand
  | { name: 'help' };


const BACKENDS = ['auto', 'wasm', 'cpu', 'tensorflow'];
const EXECUTORS: ExecutorType[] = ['local', 'slurm'];

export function parseCommand(argv: string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') return { name: 'help' };
  if (name === 'compare') return parseCompare(rest);
  if (name === 'hessian' || name === 'landscape') return parseAnalysis(name, rest);
  if (name !== 'run' && name !== 'resume' && name !== 'attach' && name !== 'validate' && name !== 'gradcheck') {
    throw new UsageError(`unknown command '${name}'; commands: run, resume, attach, validate, compare, gradcheck, hessian, landscape`);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options:
        name === 'run' || name === 'resume'
          ? {
              arm: { type: 'string', multiple: true },
              out: { type: 'string' },
              force: { type: 'boolean', default: false },
              'retry-failed': { type: 'boolean', default: false },
              backend: { type: 'string' },
              parallel: { type: 'string' },
              executor: { type: 'string' },
              quiet: { type: 'boolean', default: false },
            }
          : name === 'attach'
            ? { quiet: { type: 'boolean', default: false } }
          : name === 'gradcheck'
            ? {
                arm: { type: 'string', multiple: true },
                json: { type: 'boolean', default: false },
                backend: { type: 'string' },
                rows: { type: 'string' },
                step: { type: 'string' },
                perturb: { type: 'string' },
                tolerance: { type: 'string' },
              }
            : {},
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`'${name}' takes exactly one ${name === 'resume' || name === 'attach' ? 'run folder' : 'config file'}, got ${positionals.length}`);
  const config = positionals[0];
  if (name === 'validate') return { name, config };
  if (name === 'attach') return { name, runDir: config, quiet: values.quiet === true };
  const backend = values.backend as string | undefined;
  if (backend !== undefined && !BACKENDS.includes(backend)) throw new UsageError(`unknown backend '${backend}'; valid backends: ${BACKENDS.join(', ')}`);
  if (name === 'gradcheck') {
    const v = values as Record<string, string | undefined>;
    return {
      name, config, arms: values.arm as string[] | undefined, json: values.json === true, backend,
      rows: numberOption('rows', v.rows, (n) => Number.isInteger(n) && n >= 1, 'a positive integer'),
      step: numberOption('step', v.step, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer'),
      perturb: numberOption('perturb', v.perturb, (n) => n >= 0, 'a number ≥ 0'),
      tolerance: numberOption('tolerance', v.tolerance, (n) => n > 0, 'a number > 0'),
    };
  }
  let parallel: number | undefined;
  if (values.parallel !== undefined) {
    parallel = Number(values.parallel);
    if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`--parallel must be a positive integer, got '${values.parallel}'`);
  }
  const executor = values.executor as ExecutorType | undefined;
  if (executor !== undefined && !EXECUTORS.includes(executor)) throw new UsageError(`unknown executor '${executor}'; valid executors: ${EXECUTORS.join(', ')}`);
  if (name === 'resume') {
    if (values.arm !== undefined || values.out !== undefined || values.force === true) {
      throw new UsageError(`'resume' continues the run folder as it was started: --arm, --out and --force do not apply`);
    }
    return { name, runDir: config, retryFailed: values['retry-failed'] === true, backend, parallel, executor, quiet: values.quiet === true };
  }
  if (values['retry-failed'] === true) throw new UsageError(`--retry-failed applies to 'resume'`);
  if (values.force === true && values.out === undefined) throw new UsageError(`--force replaces the folder given with --out; without --out every run gets a new folder`);
  return {
    name, config, arms: values.arm as string[] | undefined, out: values.out as string | undefined, force: values.force === true, backend, parallel, executor,
    quiet: values.quiet === true,
  };
}

function parseCompare(args: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { baseline: { type: 'string' }, metric: { type: 'string', multiple: true }, split: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError(`'compare' takes one or two run folders, got ${positionals.length}`);
  const split = values.split;
  if (split !== undefined && split !== 'val' && split !== 'test') throw new UsageError(`--split must be val or test, got '${split}'`);
  return { name: 'compare', runDirs: positionals, baseline: values.baseline, metrics: values.metric, split, json: values.json === true };
}
