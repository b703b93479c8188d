/**
 * The editor's copy of the schema (schemas/losslab.editor.schema.json, what package.json gives VS
 * Code's JSON validation) as VS Code reads it (`vscode-json-languageservice`, the library behind the
 * editor's JSON support): every mistake — a mistyped name, key or value, a value out of range or of the
 * wrong type, a missing key — gets exactly one diagnostic, Loss Lab's, and none from the editor, while
 * the editor still completes names, keys and values and shows descriptions on hover. Needs the
 * devDependency vscode-json-languageservice; skipped (saying so) without it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { validateConfigText } from '../../../src/shared/config';
import { EDITOR_SCHEMA_FILE, renderEditorSchema } from '../../../scripts/editor-schema';
import { LOSSES } from '../../../src/shared/names';

interface Range { start: { line: number; character: number }; end: { line: number; character: number } }
interface Doc { offsetAt(p: Range['start']): number }
interface LanguageService {
  configure(settings: { validate: boolean; allowComments: boolean; schemas: { uri: string; fileMatch: string[]; schema: unknown }[] }): void;
  parseJSONDocument(doc: Doc): unknown;
  doValidation(doc: Doc, json: unknown, settings: { comments: 'ignore'; trailingCommas: 'ignore' }): Promise<{ message: string; range: Range }[]>;
  doComplete(doc: Doc, position: Range['start'], json: unknown): Promise<{ items: { label: string }[] } | null>;
  doHover(doc: Doc, position: Range['start'], json: unknown): Promise<{ contents: unknown } | null>;
}
interface Jls {
  getLanguageService(params: object): LanguageService;
  TextDocument: { create(uri: string, languageId: string, version: number, text: string): Doc & { positionAt(offset: number): Range['start'] } };
}

function load(): Jls | undefined {
  try {
    return createRequire(__filename)('vscode-json-languageservice') as Jls;
  } catch {
    return undefined;
  }
}
const jls = load();
const skip = jls ? false : 'vscode-json-languageservice is not installed (a devDependency)';

const EDITOR_SCHEMA = JSON.parse(readFileSync(EDITOR_SCHEMA_FILE, 'utf8'));

function service(): LanguageService {
  const ls = jls!.getLanguageService({});
  ls.configure({ validate: true, allowComments: true, schemas: [{ uri: 'file:///losslab.schema.json', fileMatch: ['*.losslab.json'], schema: EDITOR_SCHEMA }] });
  return ls;
}

/** The editor's diagnostics as "text under the squiggle => message". */
async function editorDiagnostics(text: string): Promise<string[]> {
  const ls = service();
  const doc = jls!.TextDocument.create('file:///ws/x.losslab.json', 'jsonc', 1, text);
  const found = await ls.doValidation(doc, ls.parseJSONDocument(doc), { comments: 'ignore', trailingCommas: 'ignore' });
  return found.map((d) => `${text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end))} => ${d.message}`);
}

const config = (losses: string, rest = '"data": { "dataset": "iris" }') => `{\n  "name": "x",\n  ${rest},\n  "losses": [${losses}]\n}\n`;

test('the editor schema is generated from the config schema (npm run docs:config) and is current', () => {
  assert.equal(readFileSync(EDITOR_SCHEMA_FILE, 'utf8'), renderEditorSchema());
});

test('package.json points VS Code (JSON and YAML) at the editor schema', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
  for (const v of [...pkg.contributes.jsonValidation, ...pkg.contributes.yamlValidation]) assert.equal(v.url, './schemas/losslab.editor.schema.json');
});

/** Each mistake: [config text, the one Loss Lab problem's path]. */
const MISTAKES: [string, string, string][] = [
  ['loss type typo', config('{ "type": "focol" }'), 'losses[0].type'],
  ['loss type of the wrong type', config('{ "type": 3 }'), 'losses[0].type'],
  ['loss parameter typo', config('{ "type": "focal", "gama": 2 }'), 'losses[0].gama'],
  ['loss parameter out of range', config('{ "type": "focal", "gamma": -1 }'), 'losses[0].gamma'],
  ['dataset typo', config('{ "type": "ce" }', '"data": { "dataset": "irs" }'), 'data.dataset'],
  ['dataset key typo', config('{ "type": "ce" }', '"data": { "dataset": "iris", "standardise": true }'), 'data.standardise'],
  ['top-level key typo', config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "trian": {}'), 'trian'],
  ['model type typo', config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "model": { "type": "rnn" }'), 'model.type'],
  ['activation typo', config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "model": { "type": "mlp", "activation": "rellu" }'), 'model.activation'],
  ['epochs as a string', config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "train": { "epochs": "5" }'), 'train.epochs'],
  ['epochs not an integer', config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "train": { "epochs": 2.5 }'), 'train.epochs'],
  ['a boolean as a word', config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "train": { "dropLast": "yes" }'), 'train.dropLast'],
  ['optimizer typo', config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "train": { "optimizer": { "type": "adagrad" } }'), 'train.optimizer.type'],
  ['optimizer parameter typo', config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "train": { "optimizer": { "type": "adam", "lr": 0.01, "betas": 2 } }'), 'train.optimizer.betas'],
  ['enum value typo', config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "metrics": { "gradNorm": "perlayer" }'), 'metrics.gradNorm'],
  ['missing losses', '{\n  "name": "x",\n  "data": { "dataset": "iris" }\n}\n', 'losses'],
];

test('every mistake gets exactly one diagnostic, Loss Lab\'s, and none from the editor', { skip }, async () => {
  for (const [what, text, path] of MISTAKES) {
    assert.deepEqual(await editorDiagnostics(text), [], `${what}: editor`);
    assert.deepEqual(validateConfigText(text, 'x.losslab.json').problems.map((p) => p.path), [path], `${what}: Loss Lab`);
  }
  const ours = validateConfigText(config('{ "type": "focol" }'), 'x.losslab.json').problems;
  assert.deepEqual(ours.map((p) => p.message), [`unknown loss 'focol'; valid losses: ${LOSSES.join(', ')}`]);
});

/** Completions at `at`'s first occurrence plus `shift` characters. */
async function completions(text: string, at: string, shift = 1): Promise<Set<string>> {
  const ls = service();
  const doc = jls!.TextDocument.create('file:///ws/x.losslab.json', 'jsonc', 1, text);
  const items = await ls.doComplete(doc, doc.positionAt(text.indexOf(at) + shift), ls.parseJSONDocument(doc));
  return new Set((items?.items ?? []).map((i) => i.label.replace(/"/g, '')));
}

test('the editor completes loss names, a loss\'s own parameters, enum values and booleans', { skip }, async () => {
  const types = await completions(config('{ "type": "" }'), '""');
  for (const name of LOSSES) assert.ok(types.has(name), `completion offers loss '${name}'`);
  const focal = await completions(config('{ "type": "focal", "" }'), ', ""');
  for (const key of ['gamma', 'alpha', 'name']) assert.ok(focal.has(key), `a focal arm offers '${key}' (got ${[...focal].join(', ')})`);
  assert.ok(!focal.has('delta'), "a focal arm does not offer huber's 'delta'");
  const norms = await completions(config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "metrics": { "gradNorm": "" }'), '""');
  for (const v of ['off', 'global', 'perLayer']) assert.ok(norms.has(v), `gradNorm offers '${v}'`);
  const acts = await completions(config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "model": { "type": "mlp", "activation": "" }'), '""');
  for (const v of ['relu', 'tanh', 'gelu']) assert.ok(acts.has(v), `activation offers '${v}'`);
  const text = config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "train": { "dropLast":  }');
  const bools = await completions(text, '"dropLast": ', '"dropLast": '.length);
  assert.ok(bools.has('true') && bools.has('false'), `dropLast offers true/false (got ${[...bools].join(', ')})`);
});

test('hover shows a key\'s description', { skip }, async () => {
  const text = config('{ "type": "ce" }', '"data": { "dataset": "iris" },\n  "train": { "epochs": 5 }');
  const ls = service();
  const doc = jls!.TextDocument.create('file:///ws/x.losslab.json', 'jsonc', 1, text);
  const hover = await ls.doHover(doc, doc.positionAt(text.indexOf('epochs') + 2), ls.parseJSONDocument(doc));
  assert.match(JSON.stringify(hover?.contents ?? ''), /passes over the training split/);
});

test('every example config is valid to the editor', { skip }, async () => {
  const dir = join(__dirname, '..', '..', '..', 'examples');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.losslab.json'))) {
    assert.deepEqual(await editorDiagnostics(readFileSync(join(dir, file), 'utf8')), [], file);
  }
});
