/** A parsed config value read as an object, for checks that meet any shape (the schema may have refused it). */
export type Obj = Record<string, unknown>;

/** `x` as an object (not null, not an array), or undefined. */
export function obj(x: unknown): Obj | undefined {
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Obj) : undefined;
}
