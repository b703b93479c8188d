/** The primitive checks of host messages: each returns the value or throws `Invalid` naming the field. */

export class Invalid extends Error {}

export type Obj = Record<string, unknown>;

export function obj(x: unknown, what: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Invalid(`${what} is not an object`);
  return x as Obj;
}

export function str(x: unknown, what: string): string {
  if (typeof x !== 'string') throw new Invalid(`${what} is not a string`);
  return x;
}

export function num(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Invalid(`${what} is not a finite number`);
  return x;
}

/** A number where the protocol allows NaN to have been sent (JSON null). */
export function numOrNaN(x: unknown, what: string): number {
  if (x === null) return NaN;
  if (typeof x !== 'number') throw new Invalid(`${what} is not a number`);
  return x;
}

export function bool(x: unknown, what: string): boolean {
  if (typeof x !== 'boolean') throw new Invalid(`${what} is not a boolean`);
  return x;
}

export function arr(x: unknown, what: string): unknown[] {
  if (!Array.isArray(x)) throw new Invalid(`${what} is not an array`);
  return x;
}

export function finiteMap(x: unknown, what: string): Record<string, number> {
  const o = obj(x, what);
  const out: Record<string, number> = {};
  for (const k in o) {
    const v = o[k];
    if (typeof v === 'number' && v - v === 0 && Object.prototype.hasOwnProperty.call(o, k)) out[k] = v;
  }
  return out;
}

export function oneOf<T extends string>(x: unknown, allowed: readonly T[], what: string): T {
  if (typeof x !== 'string' || !(allowed as readonly string[]).includes(x)) throw new Invalid(`${what} is not one of ${allowed.join(', ')}`);
  return x as T;
}

/** An optional number: absent, or null (JSON's NaN) → undefined; anything else must be a finite number. */
export function optNum(x: unknown, what: string): number | undefined {
  return x === undefined || x === null ? undefined : num(x, what);
}

export function optStr(x: unknown, what: string): string | undefined {
  return x === undefined ? undefined : str(x, what);
}

/** A vector where JSON may have turned NaN into null. */
export function numArray(x: unknown, what: string): number[] {
  return arr(x, what).map((e) => numOrNaN(e, `${what}[]`));
}

const MODES: readonly ('min' | 'max')[] = ['min', 'max'];

export function checkDirected(x: unknown, what: string): { metric: string; mode: 'min' | 'max' } {
  const o = obj(x, what);
  return { metric: str(o.metric, `${what}.metric`), mode: oneOf(o.mode, MODES, `${what}.mode`) };
}
