import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, loadDataset } from '../../../src/trainer/data';
import { readCsvDataset } from '../../../src/shared/data/csv';
import type { CsvOptions } from '../../../src/shared/data/csv';
import { allRows, counts } from './helpers';

const DIR = join(__dirname, '..', '..', 'fixtures', 'data');
const fixture = (name: string): string => join(DIR, name);
const tmp = mkdtempSync(join(tmpdir(), 'losslab-csv-'));

function tmpCsv(name: string, content: string): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

function csv(path: string, rest: Partial<CsvOptions> & { target: string }): ReturnType<typeof readCsvDataset> {
  return readCsvDataset({ path, ...rest });
}

/** Asserts `fn` throws a DataError whose message is exactly `message` and whose location matches. */
function throwsAt(fn: () => unknown, file: string, line: number, column: number, message: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    assert.equal(e.message, `${file}:${line}:${column}: ${message}`);
    assert.deepEqual(e.location, { file, line, column });
    return true;
  });
}

test('happy path: string target mapped to sorted class indices, other columns as features', () => {
  const path = fixture('flowers.csv');
  const d = loadDataset({ dataset: 'csv', path, target: 'species', features: ['sepal_len', 'sepal_wid'], split: { train: 0.5, val: 0.25 }, standardize: false }, 1);
  assert.equal(d.task, 'classification');
  assert.deepEqual(d.classNames, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(d.featureNames, ['sepal_len', 'sepal_wid']);
  const all = allRows(d);
  assert.equal(all.n, 8);
  assert.deepEqual(counts(all.y, 3), [3, 3, 2]);
  const raw = csv(path, { target: 'species', features: ['sepal_len', 'sepal_wid'] });
  assert.deepEqual(Array.from(raw.y), [0, 0, 1, 1, 2, 2, 0, 1]);
  assert.deepEqual(Array.from(raw.x.subarray(0, 4)), [5.1, 3.5, 4.9, 3.0].map(Math.fround));
  assert.match(raw.info[0], /8 rows, 2 features, target 'species', classification \(inferred: the target has non-numeric values\)/);
});

test('all other columns are features by default, so a text column is reported', () => {
  const path = fixture('flowers.csv');
  throwsAt(() => csv(path, { target: 'species' }), path, 2, 4, "non-numeric value 'a' in column 'note'");
});

test('task inference: fractional target → regression; ≤ 20 distinct integers → classification', () => {
  const reg = csv(fixture('regression.csv'), { target: 'y' });
  assert.equal(reg.task, 'regression');
  assert.equal(reg.nClasses, 1);
  assert.equal(reg.classNames, undefined);
  assert.ok(Math.abs(reg.y[3] - (2 * 0.3 - (21 % 13) / 13 + 0.5)) < 1e-3);
  const cls = csv(fixture('int-labels.csv'), { target: 'label' });
  assert.equal(cls.task, 'classification');
  assert.deepEqual(cls.classNames, ['1', '2', '3']);
  assert.deepEqual(Array.from(cls.y.subarray(0, 4)), [0, 1, 2, 0]);
  assert.match(cls.info[0], /inferred: 3 distinct integer target values \(≤ 20\)/);
  // 30 distinct integers (column 'a') is more than 20: regression.
  assert.equal(csv(fixture('int-labels.csv'), { target: 'a', features: ['b'] }).task, 'regression');
  // An explicit task wins.
  assert.equal(csv(fixture('int-labels.csv'), { target: 'label', task: 'regression' }).task, 'regression');
  assert.equal(csv(fixture('regression.csv'), { target: 'x1', features: ['x2'], task: 'classification' }).nClasses, 40);
});

test('feature selection keeps the listed columns in the listed order', () => {
  const d = csv(fixture('regression.csv'), { target: 'y', features: ['x2', 'x1'] });
  assert.deepEqual(d.featureNames, ['x2', 'x1']);
  assert.equal(d.x[2 * 5 + 1], Math.fround(0.5));
});

test('unknown target or feature columns list the available ones', () => {
  const path = fixture('regression.csv');
  throwsAt(() => csv(path, { target: 'z' }), path, 1, 1, "target column 'z' not found; available columns: x1, x2, y");
  throwsAt(() => csv(path, { target: 'y', features: ['x1', 'q', 'r'] }), path, 1, 1, "unknown feature columns 'q', 'r'; available columns: x1, x2, y");
  throwsAt(() => csv(path, { target: 'y', features: ['x1', 'y'] }), path, 1, 3, "target column 'y' is also listed in features");
});

test('malformed files give file:line:column', () => {
  const p = fixture;
  throwsAt(() => csv(p('missing-value.csv'), { target: 'y' }), p('missing-value.csv'), 6, 2, "missing value in column 'x2'");
  throwsAt(() => csv(p('non-numeric.csv'), { target: 'y' }), p('non-numeric.csv'), 14, 2, "non-numeric value 'abc' in column 'x2'");
  throwsAt(() => csv(p('ragged-few.csv'), { target: 'y' }), p('ragged-few.csv'), 4, 3, "row has 2 columns, expected 4 (missing column 'x3')");
  throwsAt(() => csv(p('ragged-many.csv'), { target: 'y' }), p('ragged-many.csv'), 4, 5, 'row has 5 columns, expected 4 (the header has 4)');
  throwsAt(() => csv(p('empty.csv'), { target: 'y' }), p('empty.csv'), 1, 1, 'empty file (expected a header row and data rows)');
  throwsAt(() => csv(p('header-only.csv'), { target: 'y' }), p('header-only.csv'), 2, 1, 'no data rows after the header');
  const blank = tmpCsv('blank.csv', '\n\n  \n');
  throwsAt(() => csv(blank, { target: 'y' }), blank, 1, 1, 'empty file (expected a header row and data rows)');
  const missingTarget = tmpCsv('missing-target.csv', 'x,y\n1,a\n2,\n');
  throwsAt(() => csv(missingTarget, { target: 'y' }), missingTarget, 3, 2, "missing target value in column 'y'");
  const textTarget = tmpCsv('text-target.csv', 'x,y\n1,2\n2,high\n');
  throwsAt(() => csv(textTarget, { target: 'y', task: 'regression' }), textTarget, 3, 2, "non-numeric target value 'high' in column 'y' (task is regression)");
  assert.throws(() => csv(join(DIR, 'no-such.csv'), { target: 'y' }), /cannot read CSV file '.*no-such\.csv': no such file/);
  const unclosed = tmpCsv('unclosed.csv', 'x,y\n1,"a\n2,b\n');
  throwsAt(() => csv(unclosed, { target: 'y' }), unclosed, 2, 2, 'malformed CSV: a quoted field opened here is never closed');
  const badQuote = tmpCsv('bad-quote.csv', 'x,y\n1,"a"b\n');
  assert.throws(() => csv(badQuote, { target: 'y' }), (e: unknown) => e instanceof DataError && e.message.startsWith(`${badQuote}:2:2: malformed CSV: `));
});

test('quoted fields may hold commas, doubled quotes and newlines; line numbers count them', () => {
  const path = fixture('quoted.csv');
  const d = csv(path, { target: 'y', features: ['size, cm'] });
  assert.deepEqual(d.featureNames, ['size, cm']);
  assert.deepEqual(Array.from(d.x), [1.5, 2.5, 3.5, 4.5]);
  assert.deepEqual(d.classNames, ['no', 'yes']);
  assert.deepEqual(Array.from(d.y), [1, 0, 1, 0]);
  throwsAt(() => csv(path, { target: 'y' }), path, 2, 1, "non-numeric value 'Smith, J.' in column 'name'");
  const after = tmpCsv('after-multiline.csv', 'n,x,y\n"a\nb\nc",1,p\nz,oops,q\n');
  throwsAt(() => csv(after, { target: 'y', features: ['x'] }), after, 5, 2, "non-numeric value 'oops' in column 'x'");
});

test('CRLF line endings, a UTF-8 BOM, blank lines and blank trailing lines', () => {
  const path = tmpCsv('crlf-bom.csv', '\ufeffx1,x2,y\r\n1,2,a\r\n\r\n3,4,b\r\n"5\r\n",6,a\r\n7,bad,b\r\n\r\n\r\n');
  const ok = csv(path, { target: 'y', dropInvalidRows: true });
  assert.deepEqual(ok.featureNames, ['x1', 'x2'], 'the BOM is not part of the first column name');
  assert.equal(ok.n, 3);
  assert.deepEqual(Array.from(ok.x), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(ok.classNames, ['a', 'b']);
  throwsAt(() => csv(path, { target: 'y' }), path, 7, 2, "non-numeric value 'bad' in column 'x2'");
  const trailing = csv(tmpCsv('trailing.csv', 'x,y\n1,a\n2,b\n\n\n   \n'), { target: 'y' });
  assert.equal(trailing.n, 2);
});

test('dropInvalidRows drops missing, non-numeric and ragged rows and reports the count and lines', () => {
  const path = fixture('dirty.csv');
  const d = csv(path, { target: 'y', dropInvalidRows: true });
  assert.equal(d.n, 6);
  assert.deepEqual(Array.from(d.x), [1, 2, 7, 8, 13, 14, 15, 16, 19, 20, 23, 24]);
  const note = d.info.find((l) => l.startsWith('dropped'));
  assert.equal(note, `dropped 5 of 11 rows with missing, non-numeric or ragged cells (lines 3, 5, 6, 9, 11); first: ${path}:3:1: missing value in column 'x1'`);
  const ds = loadDataset({ dataset: 'csv', path, target: 'y', dropInvalidRows: true, split: { train: 0.5, val: 0.5 }, standardize: true }, 1);
  assert.ok(ds.info.includes(note));
  throwsAt(() => csv(path, { target: 'y' }), path, 3, 1, "missing value in column 'x1'");
  const hopeless = tmpCsv('hopeless.csv', 'x,y\nq,1\n,2\n');
  assert.throws(() => csv(hopeless, { target: 'y', dropInvalidRows: true }), /every data row of '.*hopeless\.csv' is invalid \(2 dropped\); first: .*hopeless\.csv:2:1: non-numeric value 'q'/);
});

test('a target with one value in every row is rejected at its header cell, for classification and regression alike', () => {
  const message = (v: string) => `the target column 'y' has the same value ('${v}') in every row; it needs at least 2 distinct values`;
  const oneClass = tmpCsv('one-class.csv', 'x,y\n1,a\n2,a\n');
  throwsAt(() => csv(oneClass, { target: 'y' }), oneClass, 1, 2, message('a'));
  const constant = fixture('constant-target.csv');
  throwsAt(() => csv(constant, { target: 'y' }), constant, 1, 3, message('2.5'));
  throwsAt(() => csv(constant, { target: 'y', task: 'regression' }), constant, 1, 3, message('2.5'));
  // After dropping invalid rows, what is left counts.
  const leftOver = tmpCsv('left-over.csv', 'x,y\n1,3\nq,4\n2,3\n');
  throwsAt(() => csv(leftOver, { target: 'y', dropInvalidRows: true }), leftOver, 1, 2, message('3'));
});

test('an empty name in the header is an error at its column', () => {
  const path = fixture('empty-header.csv');
  throwsAt(() => csv(path, { target: 'y' }), path, 1, 2, 'column 2 has no name in the header');
  const trailing = tmpCsv('trailing-comma.csv', 'x,y,\n1,a,\n2,b,\n');
  throwsAt(() => csv(trailing, { target: 'y' }), trailing, 1, 3, 'column 3 has no name in the header');
});

test('an unclosed quote is reported where it opens, not at the end of the file', () => {
  const path = fixture('unclosed-quote.csv');
  throwsAt(() => csv(path, { target: 'y' }), path, 12, 2, 'malformed CSV: a quoted field opened here is never closed');
  const afterQuoted = tmpCsv('after-quoted.csv', '\ufeff"x",y\n"1\n2",a\n  "3,b\n4,c\n');
  throwsAt(() => csv(afterQuoted, { target: 'y' }), afterQuoted, 4, 1, 'malformed CSV: a quoted field opened here is never closed');
});

test('a CSV with one data row or none is an error that names the file', () => {
  const one = fixture('one-row.csv');
  throwsAt(() => csv(one, { target: 'y' }), one, 2, 1, 'only one data row; a train and a validation split need at least 2');
  const oneValid = tmpCsv('one-valid.csv', 'x,y\nq,a\n1,b\n');
  throwsAt(() => csv(oneValid, { target: 'y', dropInvalidRows: true }), oneValid, 3, 1, 'only one data row valid (1 dropped); a train and a validation split need at least 2');
  const headerThenBlank = tmpCsv('header-then-blank.csv', 'x,y\n\n  \n');
  throwsAt(() => csv(headerThenBlank, { target: 'y' }), headerThenBlank, 2, 1, 'no data rows after the header');
});

test('a semicolon-separated file gets a hint', () => {
  const path = tmpCsv('semicolon.csv', 'x;y\n1;a\n');
  throwsAt(() => csv(path, { target: 'y' }), path, 1, 1, "target column 'y' not found; available columns: x;y (only comma-separated files are supported)");
});
