/**
 * The schema as VS Code's own JSON validation reads it (`vscode-json-languageservice`, the library
 * behind the editor's JSON support): a mistyped union name (loss, dataset, model, optimizer, schedule)
 * gets no editor error of its own — Loss Lab's "unknown loss …" is the one diagnostic — while the
 * editor still checks a known branch's parameters, offers the names as completions, and accepts
 * every example. Needs the devDependency vscode-json-languageservice; skipped (saying so) without it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { CONFIG_SCHEMA, validateConfigText } from '../../../src/shared/config';
import { LOSSES } from '../../../src/shared/names';

interface Range { start: { line: number; character: number }; end: { line: number; character: number } }
interface Doc { offsetAt(p: Range['start']): number }
interface LanguageService {
  configure(settings: { validate: boolean; allowComments: boolean; schemas: { uri: string; fileMatch: string[]; schema: unknown }[] }): void;
  parseJSONDocument(doc: Doc): unknown;
  doValidation(doc: Doc, json: unknown, settings: { comments: 'ignore'; trailingCommas: 'ignore' }): Promise<{ message: string; range: Range }[]>;
  doComplete(doc: Doc, position: Range['start'], json: unknown): Promise<{ items: { label: string }[] } | null>;
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

function service(): LanguageService {
  const ls = jls!.getLanguageService({});
  ls.configure({ validate: true, allowComments: true, schemas: [{ uri: 'file:///losslab.schema.json', fileMatch: ['*.losslab.json'], schema: CONFIG_SCHEMA }] });
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

test('a mistyped loss type: no editor error, and exactly one Loss Lab diagnostic naming the valid losses', { skip }, async () => {
  for (const typo of ['focol', 'crossentropy']) {
    const text = config(`{ "type": "${typo}" }`);
    assert.deepEqual(await editorDiagnostics(text), [], typo);
    const ours = validateConfigText(text, 'x.losslab.json').problems;
    assert.deepEqual(ours.map((p) => p.message), [`unknown loss '${typo}'; valid losses: ${LOSSES.join(', ')}`]);
  }
});

test('mistyped dataset, model, optimizer and schedule names: no editor errors, one Loss Lab diagnostic each', { skip }, async () => {
  const text = config('{ "type": "ce" }', '"data": { "dataset": "irs" },\n  "model": { "type": "rnn" },\n  "train": { "optimizer": { "type": "adagrad" }, "schedule": { "type": "exp" } }');
  assert.deepEqual(await editorDiagnostics(text), []);
  assert.deepEqual(validateConfigText(text, 'x.losslab.json').problems.map((p) => p.path), ['data.dataset', 'model.type', 'train.optimizer.type', 'train.schedule.type']);
});

test('the editor still checks a known loss\'s parameters and a tag of the wrong type, with the right message', { skip }, async () => {
  assert.deepEqual(await editorDiagnostics(config('{ "type": "focal", "gama": 2 }')), ['"gama" => Property gama is not allowed.']);
  assert.deepEqual(await editorDiagnostics(config('{ "type": "focal", "gamma": -1 }')), ['-1 => Value is below the minimum of 0.']);
  assert.deepEqual(await editorDiagnostics(config('{ "type": 3 }')), ['3 => Incorrect type. Expected "string".']);
});

test('the editor completes a loss type with every loss name', { skip }, async () => {
  const text = config('{ "type": "" }');
  const ls = service();
  const doc = jls!.TextDocument.create('file:///ws/x.losslab.json', 'jsonc', 1, text);
  const items = await ls.doComplete(doc, doc.positionAt(text.indexOf('""') + 1), ls.parseJSONDocument(doc));
  const labels = new Set((items?.items ?? []).map((i) => i.label.replace(/"/g, '')));
  for (const name of LOSSES) assert.ok(labels.has(name), `completion offers '${name}'`);
});

test('every example config is valid to the editor', { skip }, async () => {
  const dir = join(__dirname, '..', '..', '..', 'examples');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.losslab.json'))) {
    assert.deepEqual(await editorDiagnostics(readFileSync(join(dir, file), 'utf8')), [], file);
  }
});
