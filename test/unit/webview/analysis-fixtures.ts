/** The real analysis results of test/fixtures/analysis (make-fixtures.sh), read for the webview's unit tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HessianResult, LandscapeResult } from '../../../src/shared/analysis/types';

const DIR = join(__dirname, '..', '..', 'fixtures', 'analysis');

function read<T>(name: string): T {
  return JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as T;
}

export const random2d = (): LandscapeResult => read('landscape-random-2d');
export const arms2d = (): LandscapeResult => read('landscape-arms-2d');
export const slice1d = (): LandscapeResult => read('landscape-1d');
export const hessian = (): HessianResult => read('hessian');
