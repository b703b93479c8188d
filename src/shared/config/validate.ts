/**
 * Checks a parsed config against `schemas/losslab.schema.json` with ajv, filling the schema's defaults
 * in place, and turns ajv's errors into short, positioned issues: one error per discriminated union
 * (the chosen branch's), unknown names listed with the valid ones, unknown keys with the valid keys.
 *
 * A union is written for VS Code's own JSON validation too: its tag (`x-tag`, e.g. a loss's `type`)
 * picks a branch through `allOf` of `if {tag: const} then {$ref}`, and the tag's names are `examples`
 * (completion) rather than an `enum` or `oneOf`, which would make the editor add a second, misleading
 * error ("Value must be \"mse\"") to ours for a mistyped name. The `x-tag` keyword reports that name here.
 *
 * The validator is not compiled at run time (slower than all the rest of `loss-lab validate`): the
 * build generates it as standalone code (validate-codegen.ts) from the ajv set-up in validate-ajv.ts.
 */
import type { AnySchemaObject, ErrorObject } from 'ajv';
import { unknownNameMessage } from '../names';
import { formatPath, type Issue, type Segment } from './positions';
import { unionErrors } from './union-errors';

/** A validate function as ajv compiles it (at run time in tests, at build time for everyone else). */
export type SchemaValidator = { (data: unknown): boolean; errors?: ErrorObject[] | null };

let precompiled: SchemaValidator | undefined;

/** Validates `value` against the schema, filling defaults in place (so pass a fresh object). */
export function schemaIssues(value: unknown): Issue[] {
  // Required on first use: a process that validates nothing (`loss-lab help`, a trainer) never loads it.
  precompiled ??= (require('./generated/config-validator.js') as typeof import('./generated/config-validator.js')).default;
  return schemaIssuesWith(precompiled, value);
}

/** `schemaIssues` with the given validator (the tests hold the precompiled one against a fresh compile). */
export function schemaIssuesWith(validate: SchemaValidator, value: unknown): Issue[] {
  if (validate(value)) return [];
  const errors = unionErrors(validate.errors ?? []);
  // A value of the wrong type also fails its other keywords; the type error says it all. A
  // union tag of the wrong type is reported as an unknown name, which lists the valid ones.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const tags = new Set(errors.filter((e) => e.keyword === 'x-tag').map((e) => `${e.instancePath}/${String(e.params.tag)}`));
  const seen = new Set<string>();
  const out: Issue[] = [];
  for (const e of errors) {
    if (e.keyword === 'type' ? tags.has(e.instancePath) : wrongType.has(e.instancePath)) continue;
    const issue = describe(e, pointerPath(e.instancePath, value));
    const key = issue && `${formatPath(issue.path)}\n${issue.message}`;
    if (issue && key && !seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  }
  return out;
}

/** "/losses/1/type" → ['losses', 1, 'type'] (numbers where the data is an array). */
function pointerPath(pointer: string, root: unknown): Segment[] {
  if (!pointer) return [];
  const out: Segment[] = [];
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out.push(Array.isArray(node) ? Number(key) : key);
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return out;
}

const ARTICLE: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function where(path: Segment[]): string {
  return path.length > 0 ? ` in ${formatPath(path)}` : '';
}

/** Any parsed value as text: strings as they are, the rest as JSON (parsed objects have no prototype, so String() throws on them). */
function text(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
}

function quote(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function describe(e: ErrorObject, path: Segment[]): Issue | undefined {
  const p = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as AnySchemaObject;
  const kind = typeof parent['x-name-kind'] === 'string' ? (parent['x-name-kind'] as string) : undefined;
  const issue = (message: string, at: Segment[] = path, target: Issue['target'] = 'value'): Issue => ({ path: at, message, severity: 'error', target });
  switch (e.keyword) {
    case 'required':
      return issue(`missing required property '${p.missingProperty}'${where(path)}`, [...path, String(p.missingProperty)], 'parent');
    case 'additionalProperties': {
      const valid = Object.keys(parent.properties ?? {}).filter((k) => k !== '$schema');
      const key = String(p.additionalProperty);
      return issue(`unknown property '${key}'${where(path)}; valid: ${valid.join(', ')}`, [...path, key], 'key');
    }
    case 'x-tag': {
      const tagName = String(p.tag);
      const tag = (e.data as Record<string, unknown> | undefined)?.[tagName];
      return issue(unknownNameMessage(String(p.kind), text(tag), p.valid as string[]), [...path, tagName]);
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      if (kind) return issue(unknownNameMessage(kind, text(e.data), allowed));
      return issue(`must be one of: ${allowed.join(', ')} (got ${quote(e.data)})`);
    }
    case 'type': {
      const types = String(p.type).split(',');
      return issue(`must be ${types.map((t) => ARTICLE[t] ?? t).join(' or ')}`);
    }
    case 'const':
      return issue(`must be ${quote(p.allowedValue)}`);
    case 'minItems':
      return issue(`must have at least ${plural(Number(p.limit), 'item')}`);
    case 'maxItems':
      return issue(`must have at most ${plural(Number(p.limit), 'item')}`);
    case 'minLength':
      return issue(Number(p.limit) === 1 ? 'must not be empty' : `must have at least ${plural(Number(p.limit), 'character')}`);
    case 'uniqueItems':
      return issue(`must not contain duplicates (items ${p.j} and ${p.i} are equal)`);
    case 'if':
      // The failing then/else branch reports the actual problem.
      return undefined;
    default:
      return issue(e.message ?? `fails '${e.keyword}'`);
  }
}
