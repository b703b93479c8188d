import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, FIXTURES, tinyConfigObject } from '../../helpers/config';

const cli = join(DIST, 'cli.js');
const UNCLOSED = join(FIXTURES, 'data', 'unclosed-quote.csv');
const CONSTANT = join(FIXTURES, 'data', 'constant-target.csv');

function writeIn(dir: string, name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

function csvConfig(csv: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-cli-'));
  const config = tinyConfigObject({ data: { dataset: 'csv', path: csv, target: 'y' }, losses: [{ type: 'mse' }] });
  return { dir, file: writeIn(dir, 'exp.losslab.json', JSON.stringify(config, null, 2)) };
}

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
}

const NO_STACK = /^\s+at /m;

test('validate reports a bad CSV dataset at file:line:column and exits 1', () => {
  const r = run(['validate', csvConfig(UNCLOSED).file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.equal(r.stdout, `${UNCLOSED}:12:2: malformed CSV: a quoted field opened here is never closed\n`);
  const constant = run(['validate', csvConfig(CONSTANT).file]);
  assert.equal(constant.status, 1);
  assert.match(constant.stdout, new RegExp(`^${CONSTANT.replace(/[.\\/]/g, '\\$&')}:1:3: the target column 'y' has the same value \\('2\\.5'\\) in every row`));
});

test('run with a bad CSV reports it and writes no run folder, with or without --out', () => {
  const { dir, file } = csvConfig(UNCLOSED);
  const out = join(dir, 'out');
  const r = run(['run', file, '--out', out, '--quiet']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `${UNCLOSED}:12:2: malformed CSV: a quoted field opened here is never closed\n`);
  assert.equal(existsSync(out), false, 'nothing at --out');
  assert.equal(run(['run', file, '--quiet']).status, 1);
  assert.equal(existsSync(join(dir, '.losslab')), false, 'no default runs folder');
});

test('a config nested 10,000 levels deep is one positioned error, not a stack trace (JSON and YAML)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-cli-'));
  const depth = 10_000;
  const json = writeIn(dir, 'deep.losslab.json', `{\n  "name": "deep",\n  "a": ${'['.repeat(depth)}${']'.repeat(depth)}\n}\n`);
  const yaml = writeIn(dir, 'deep.losslab.yaml', `name: deep\na: ${'{k: '.repeat(depth)}1${'}'.repeat(depth)}\n`);
  for (const [file, column] of [[json, 8 + 63], [yaml, 4 + 63 * 4]] as const) {
    const r = run(['validate', file]);
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stdout + r.stderr, NO_STACK);
    assert.equal(r.stdout, `${file}:${file === json ? 3 : 2}:${column}: too deeply nested: more than 64 levels of objects and arrays\n`);
  }
});

test('a config that is not UTF-8 is an error at its first invalid byte', () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-cli-'));
  const file = writeIn(dir, 'latin1.losslab.yaml', Buffer.concat([Buffer.from('name: r'), Buffer.from([0xe9]), Buffer.from('sum\n')]));
  const r = run(['run', file, '--quiet']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `${file}:1:8: the config is not valid UTF-8: byte 0xe9 is not part of a character; save the file as UTF-8\n`);
  assert.equal(existsSync(join(dir, '.losslab')), false);
});
