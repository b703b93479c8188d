/** Fixtures and hand-counted positions for the config tests. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigProblem } from '../../../src/shared/config';

export const CONFIG_FIXTURES = join(__dirname, '..', '..', 'fixtures', 'config');

export function fixture(name: string): { file: string; text: string } {
  const file = join(CONFIG_FIXTURES, name);
  return { file, text: readFileSync(file, 'utf8') };
}

/** Offset and 1-based line/column of the `nth` occurrence of `needle`, counted from the raw text. */
export function positionOf(text: string, needle: string, nth = 0): { offset: number; line: number; column: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `fixture contains ${JSON.stringify(needle)} (occurrence ${nth})`);
  }
  const before = text.slice(0, offset).split('\n');
  return { offset, line: before.length, column: before[before.length - 1].length + 1 };
}

/** The single problem at `path`; fails when there are none or several. */
export function problemAt(problems: readonly ConfigProblem[], path: string): ConfigProblem {
  const found = problems.filter((p) => p.path === path);
  assert.equal(found.length, 1, `exactly one problem at '${path}'; all: ${JSON.stringify(problems.map((p) => `${p.path}: ${p.message}`))}`);
  return found[0];
}

/** Asserts a problem at `path`, positioned at the `nth` occurrence of `needle`, spanning it, with the message. */
export function assertProblem(
  problems: readonly ConfigProblem[],
  text: string,
  path: string,
  at: { needle: string; nth?: number; length?: number },
  message: string | RegExp,
  severity: ConfigProblem['severity'] = 'error',
): ConfigProblem {
  const p = problemAt(problems, path);
  const pos = positionOf(text, at.needle, at.nth ?? 0);
  assert.deepEqual({ line: p.line, column: p.column, offset: p.offset }, pos, `position of '${path}'`);
  assert.equal(p.length, at.length ?? at.needle.length, `length of '${path}'`);
  if (typeof message === 'string') assert.equal(p.message, message);
  else assert.match(p.message, message);
  assert.equal(p.severity, severity);
  return p;
}
