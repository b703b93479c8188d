/**
 * ajv reports a failed `oneOf`/`anyOf` with every branch's errors: for `alpha: [0.2, -1]` against
 * "a number, or an array of numbers ≥ 0", both "must be a number" and "must be >= 0". The value's type
 * picks the branch the user meant, so the branches of another type are dropped (with the union's own
 * "must match exactly one schema"); a value of no branch's type gets one merged type error ("must be
 * a number or an array").
 */
import type { ErrorObject } from 'ajv';

const BRANCH_TYPE = /^\d+\/type$/;

export function unionErrors(errors: ErrorObject[]): ErrorObject[] {
  const unions = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  if (unions.length === 0) return errors;
  const drop = new Set<ErrorObject>();
  const merged: ErrorObject[] = [];
  for (const u of unions) {
    const prefix = `${u.schemaPath}/`;
    const branchTypes = errors.filter((e) => e.keyword === 'type' && e.instancePath === u.instancePath && e.schemaPath.startsWith(prefix) && BRANCH_TYPE.test(e.schemaPath.slice(prefix.length)));
    if (branchTypes.length === 0) continue;
    drop.add(u);
    for (const e of branchTypes) drop.add(e);
    const branches = ((u.parentSchema as Record<string, unknown> | undefined)?.[u.keyword] as unknown[] | undefined)?.length ?? Infinity;
    if (branchTypes.length >= branches) {
      const types = [...new Set(branchTypes.flatMap((e) => String(e.params.type).split(',')))];
      merged.push({ ...branchTypes[0], schemaPath: u.schemaPath, params: { type: types.join(',') } });
    }
  }
  return [...errors.filter((e) => !drop.has(e)), ...merged];
}
