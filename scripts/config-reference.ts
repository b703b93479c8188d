/**
 * Renders the config reference (docs/config.md, between its markers) from the JSON Schema, so the
 * schema stays the one source of the docs. `--write` updates the file; without it the section is
 * printed. A unit test checks the file is up to date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Schema = {
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
  required?: string[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  type?: string | string[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  oneOf?: Schema[];
  title?: string;
};

export const START = '<!-- config-reference:start (generated from schemas/losslab.schema.json by `npm run docs:config`) -->';
export const END = '<!-- config-reference:end -->';

const root = join(__dirname, '..');

function deref(schema: Schema, s: Schema): Schema {
  if (!s.$ref) return s;
  const name = s.$ref.replace('#/definitions/', '');
  return { ...deref(schema, schema.definitions![name]), ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$ref')) };
}

function text(s: Schema): string {
  return (s.markdownDescription ?? s.description ?? '').replace(/\n+/g, ' ').replace(/\|/g, '\\|');
}

function range(s: Schema): string {
  const parts: string[] = [];
  if (s.enum) parts.push(s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', '));
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) parts.push(`< ${s.exclusiveMaximum}`);
  return parts.join(', ');
}

function defaultOf(s: Schema, required: boolean): string {
  if (required) return 'required';
  if (s.default === undefined) return '';
  return `\`${JSON.stringify(s.default)}\``;
}

function table(schema: Schema, obj: Schema, skip: string[] = []): string {
  const rows = ['| key | default | allowed | meaning |', '|---|---|---|---|'];
  for (const [key, raw] of Object.entries(obj.properties ?? {})) {
    if (skip.includes(key)) continue;
    const s = deref(schema, raw);
    rows.push(`| \`${key}\` | ${defaultOf(s, obj.required?.includes(key) ?? false)} | ${range(s)} | ${text(s)} |`);
  }
  return rows.join('\n');
}

/** One sub-table per definition named `<prefix>.<variant>`, keyed by its discriminator. */
function variants(schema: Schema, prefix: string, discriminator: string, heading: string): string {
  const out: string[] = [];
  for (const [name, def] of Object.entries(schema.definitions ?? {})) {
    if (!name.startsWith(`${prefix}.`)) continue;
    const variant = name.slice(prefix.length + 1);
    const common = [discriminator, 'name', 'split', 'standardize', 'scale'];
    const params = Object.keys(def.properties ?? {}).filter((k) => !common.includes(k));
    out.push(`${heading} \`${discriminator}: "${variant}"\`\n\n${text(def)}`);
    if (params.length) out.push(table(schema, def, common));
  }
  return out.join('\n\n');
}

export function renderReference(schema: Schema): string {
  const top = schema.properties ?? {};
  const section = (key: string) => deref(schema, top[key]);
  return [
    START,
    '',
    '### Top level',
    '',
    table(schema, schema, ['$schema', 'data', 'model', 'train', 'metrics', 'losses']),
    '',
    '### `data`',
    '',
    text(section('data')),
    '',
    table(schema, { properties: { split: { $ref: '#/definitions/split' }, standardize: { $ref: '#/definitions/standardize' }, scale: { $ref: '#/definitions/scale' } } }),
    '',
    variants(schema, 'dataset', 'dataset', '####'),
    '',
    '### `model`',
    '',
    variants(schema, 'model', 'type', '####'),
    '',
    '### `train`',
    '',
    table(schema, section('train'), ['optimizer', 'schedule']),
    '',
    '#### `train.optimizer`',
    '',
    variants(schema, 'optimizer', 'type', '#####'),
    '',
    '#### `train.schedule`',
    '',
    variants(schema, 'schedule', 'type', '#####'),
    '',
    '### `metrics`',
    '',
    table(schema, section('metrics')),
    '',
    '### `losses`',
    '',
    text(section('losses')),
    'Every arm has an optional `name` (default: its type; names must be unique) and a `type`:',
    '',
    variants(schema, 'loss', 'type', '####'),
    '',
    END,
  ].join('\n');
}

export function readmeWithReference(readme: string, reference: string): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < 0) throw new Error('docs/config.md lacks the config-reference markers');
  return readme.slice(0, a) + reference + readme.slice(b + END.length);
}

if (require.main === module) {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'losslab.schema.json'), 'utf8')) as Schema;
  const reference = renderReference(schema);
  if (process.argv.includes('--write')) {
    const path = join(root, 'docs', 'config.md');
    writeFileSync(path, readmeWithReference(readFileSync(path, 'utf8'), reference));
  } else {
    process.stdout.write(reference + '\n');
  }
}
