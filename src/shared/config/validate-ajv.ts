/**
 * The ajv set-up behind config validation: options, the annotation vocabulary and the `x-tag` keyword.
 * The CLI and the extension do not compile the schema at run time: the build turns this set-up into
 * standalone code (validate-codegen.ts), and `compileConfigValidator` is what the tests hold it against.
 */
import Ajv, { _, stringify, type AnySchemaObject, type CodeKeywordDefinition, type Options } from 'ajv';
import { CONFIG_SCHEMA } from './validate-schema';

/** Keywords that only annotate: editor hints, and `x-name-kind` (what kind of name an enum or union tag holds). */
const ANNOTATIONS = ['markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets', 'x-name-kind'];

/** The tag values of a union (`allOf` of `if {tag: const} then {$ref}`), in schema order. */
export function branchTags(schema: AnySchemaObject | undefined, tagName: string): string[] {
  const branches: AnySchemaObject[] = schema?.allOf ?? [];
  return branches.flatMap((b) => {
    const tag = b.if?.properties?.[tagName];
    return tag?.const !== undefined ? [String(tag.const)] : [];
  });
}

function kindOf(parent: AnySchemaObject | undefined, tagName: string): string {
  return typeof parent?.['x-name-kind'] === 'string' ? (parent?.['x-name-kind'] as string) : tagName;
}

/**
 * `x-tag`: the object's `tag` property, when present, must name one of the union's branches. Written as
 * generated code (not a `compile` function) so that standalone code can carry it.
 */
const TAG_KEYWORD: CodeKeywordDefinition = {
  keyword: 'x-tag',
  type: 'object',
  schemaType: 'string',
  error: {
    message: ({ schema, parentSchema }) => `unknown ${kindOf(parentSchema, schema)}`,
    params: ({ schema, parentSchema }) => _`{tag: ${schema}, kind: ${kindOf(parentSchema, schema)}, valid: ${stringify(branchTags(parentSchema, schema))}}`,
  },
  code(cxt) {
    const { gen, data, schema, parentSchema } = cxt;
    const tag = gen.const('tag', _`${data}[${schema}]`);
    cxt.fail(_`${tag} !== undefined && !${stringify(branchTags(parentSchema, schema))}.includes(${tag})`);
  },
};

/** Keywords for people and editors only; the validator is compiled without them (less code to load). */
const PROSE = new Set(['title', 'description', 'markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions', 'defaultSnippets', 'examples']);
/** Keywords whose value is data, not a schema: copied as they are. */
const DATA = new Set(['default', 'const', 'enum']);
/** Keywords whose value maps names to schemas (a property may be called `description`). */
const NAMED = new Set(['properties', 'definitions']);

function withoutProse(node: unknown, named: boolean): unknown {
  if (Array.isArray(node)) return node.map((x) => withoutProse(x, false));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => named || !PROSE.has(k))
      .map(([k, v]) => [k, !named && DATA.has(k) ? v : withoutProse(v, !named && NAMED.has(k))]),
  );
}

/** The schema the validator checks against: CONFIG_SCHEMA without its prose. */
export function validationSchema(): AnySchemaObject {
  return withoutProse(CONFIG_SCHEMA, false) as AnySchemaObject;
}

/** An ajv instance set up for the config schema (`extra` adds options, e.g. code generation). */
export function configAjv(extra: Options = {}): Ajv {
  // verbose: errors carry their schema object (the valid keys, `x-name-kind`) and the failing value.
  // inlineRefs: false makes each definition a function of its own, compiled by V8 when first called:
  // validating a config compiles the branches it takes, not every loss, dataset and optimizer.
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, verbose: true, inlineRefs: false, ...extra });
  ajv.addVocabulary(ANNOTATIONS);
  ajv.addKeyword(TAG_KEYWORD);
  return ajv;
}

/** Compiles the schema now (slow: the build generates the validator instead): for tests. */
export function compileConfigValidator(schema: AnySchemaObject = validationSchema(), extra: Options = {}) {
  return configAjv(extra).compile(schema);
}
