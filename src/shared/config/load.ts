/** Reading a config file from disk (the only part of the config API that touches the file system). */
import { readFileSync, statSync } from 'node:fs';
import type { ConfigProblem } from './problem';
import { decodeUtf8 } from './utf8';
import { validateConfigText, type LoadResult } from './validate-text';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function fileProblem(message: string, at = { line: 1, column: 1, offset: 0 }): LoadResult {
  const problem: ConfigProblem = { message, path: '', ...at, length: 0, severity: 'error' };
  return { problems: [problem] };
}

/** Reads the file (UTF-8, optionally with a byte-order mark), then `validateConfigText`, also checking that a CSV dataset's file exists. */
export function loadConfigFile(path: string): LoadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    return fileProblem(`cannot read the config: ${reason}`);
  }
  const decoded = decodeUtf8(bytes);
  if ('invalid' in decoded) {
    const { byte, ...at } = decoded.invalid;
    return fileProblem(`the config is not valid UTF-8: byte 0x${byte.toString(16).padStart(2, '0')} is not part of a character; save the file as UTF-8`, at);
  }
  return validateConfigText(decoded.text, path, { fileExists: isFile });
}
