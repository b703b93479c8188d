/** A command line that cannot be run as given: main prints it with the usage and exits 2. */
export class UsageError extends Error {}

/** A numeric option's value, or a UsageError saying what it must be. */
export function numberOption(flag: string, raw: string | undefined, ok: (n: number) => boolean, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new UsageError(`--${flag} must be ${what}, got '${raw}'`);
  return n;
}
