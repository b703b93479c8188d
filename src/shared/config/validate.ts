/**
 * Checks a parsed config against `schemas/losslab.schema.json` with ajv, filling the schema's defaults
 * in place, and turns ajv's errors into short, positioned issues: one error per discriminated union
 * (the chosen branch's), unknown names listed with the valid ones, unknown keys with the valid keys.
 *
 * A union is written for VS Code's own JSON validation too: its tag (`x-tag`, e.g. a loss's `type`)
 * picks a branch through `allOf` of `if {tag: const} then {$ref}`, and the tag's names are `examples`
 * (completion) rather than an `enum` or `oneOf`, which would make the editor add a second, misleading
 * error ("Value must be \"mse\"") to ours for a mistyped name. The `x-tag` keyword reports that name here.
 */
import Ajv, { type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import schemaJson from '../../../schemas/losslab.schema.json';
import { unknownNameMessage } from '../names';
import { formatPath, type Issue, type Segment } from './positions';

/** The config schema: the one file behind editor completion (jsonValidation) and run-time validation. */
export const CONFIG_SCHEMA: AnySchemaObject = schemaJson as AnySchemaObject;

/** Keywords that only annotate: editor hints, and `x-name-kind` (what kind of name an enum or union tag holds). */
const ANNOTATIONS = ['markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets', 'x-name-kind'];

/** `x-tag`: the object's `tag` property, when present, must name one of the union's branches. */
function tagKeyword(tagName: string, parent: AnySchemaObject): (data: unknown) => boolean {
  const valid = branchTags(parent, tagName);
  const kind = typeof parent['x-name-kind'] === 'string' ? (parent['x-name-kind'] as string) : tagName;
  const check = (data: unknown): boolean => {
    const tag = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[tagName] : undefined;
    if (tag === undefined || valid.includes(tag as string)) return true;
    check.errors = [{ keyword: 'x-tag', params: { tag: tagName, kind, valid }, message: `unknown ${kind}` }];
    return false;
  };
  check.errors = [] as Partial<ErrorObject>[];
  return check;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: true });
    ajv.addVocabulary(ANNOTATIONS);
    ajv.addKeyword({ keyword: 'x-tag', type: 'object', schemaType: 'string', errors: true, compile: tagKeyword });
    compiled = ajv.compile(CONFIG_SCHEMA);
  }
  return compiled;
}

/** Validates `value` against the schema, filling defaults in place (so pass a fresh object). */
export function schemaIssues(value: unknown): Issue[] {
  const validate = validator();
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
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

/** The tag values of a union (`allOf` of `if {tag: const} then {$ref}`), in schema order. */
export function branchTags(schema: AnySchemaObject, tagName: string): string[] {
  const branches: AnySchemaObject[] = schema.allOf ?? [];
  return branches.flatMap((b) => {
    const tag = b.if?.properties?.[tagName];
    return tag?.const !== undefined ? [String(tag.const)] : [];
  });
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
      return issue(unknownNameMessage(String(p.kind), String(tag), p.valid as string[]), [...path, tagName]);
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(String);
      if (kind) return issue(unknownNameMessage(kind, String(e.data), allowed));
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
