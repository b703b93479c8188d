/** Reading a config file from disk (the only part of the config API that touches the file system). */
import { readFileSync, statSync } from 'node:fs';
import { validateConfigText, type LoadResult } from './validate-text';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Reads the file, then `validateConfigText`, also checking that a CSV dataset's file exists. */
export function loadConfigFile(path: string): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    return { problems: [{ message: `cannot read the config: ${reason}`, path: '', line: 1, column: 1, offset: 0, length: 0, severity: 'error' }] };
  }
  return validateConfigText(text.replace(/^\uFEFF/, ''), path, { fileExists: isFile });
}
