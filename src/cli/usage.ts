/** Command-line parsing for `loss-lab`; a UsageError means exit code 2. */
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export const USAGE = `Usage:
  loss-lab run <config> [--arm NAME]... [--out DIR] [--backend auto|wasm|cpu|tensorflow] [--parallel N] [--quiet]
  loss-lab validate <config>

Exit codes: 0 every arm completed (or the config is valid), 1 invalid config or an arm that did not
complete (crashed, diverged), 2 usage error, 130 stopped with Ctrl-C.`;

export type Command =
  | { name: 'run'; config: string; arms?: string[]; out?: string; backend?: string; parallel?: number; quiet: boolean }
  | { name: 'validate'; config: string }
  | { name: 'help' };

const BACKENDS = ['auto', 'wasm', 'cpu', 'tensorflow'];

export function parseCommand(argv: string[]): Command {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') return { name: 'help' };
  if (name !== 'run' && name !== 'validate') throw new UsageError(`unknown command '${name}'; commands: run, validate`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options:
        name === 'run'
          ? {
              arm: { type: 'string', multiple: true },
              out: { type: 'string' },
              backend: { type: 'string' },
              parallel: { type: 'string' },
              quiet: { type: 'boolean', default: false },
            }
          : {},
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`'${name}' takes exactly one config file, got ${positionals.length}`);
  const config = positionals[0];
  if (name === 'validate') return { name, config };
  const backend = values.backend as string | undefined;
  if (backend !== undefined && !BACKENDS.includes(backend)) throw new UsageError(`unknown backend '${backend}'; valid backends: ${BACKENDS.join(', ')}`);
  let parallel: number | undefined;
  if (values.parallel !== undefined) {
    parallel = Number(values.parallel);
    if (!Number.isInteger(parallel) || parallel < 1) throw new UsageError(`--parallel must be a positive integer, got '${values.parallel}'`);
  }
  return { name, config, arms: values.arm as string[] | undefined, out: values.out as string | undefined, backend, parallel, quiet: values.quiet === true };
}
