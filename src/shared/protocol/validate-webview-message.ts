/**
 * Checks a message that claims to come from a chart webview before the host acts on it. A webview is a
 * web page: anything it posts is untrusted input, so every field is checked and unknown keys are refused.
 */
import type { WebviewToHost } from './webview';

/** Largest `save` payload accepted (a PNG data URL of a big chart, or a CSV of a long run). */
export const MAX_SAVE_BYTES = 64 * 1024 * 1024;
const MAX_NAME_CHARS = 200;
const MAX_PATH_CHARS = 4096;

export type Validated = { ok: true; message: WebviewToHost } | { ok: false; error: string };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function onlyKeys(m: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  const extra = Object.keys(m).filter((k) => !allowed.includes(k));
  return extra.length ? `unexpected field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}` : undefined;
}

/** A file name without folders, control characters or reserved characters. */
function isPlainFileName(s: string): boolean {
  return s.length > 0 && s.length <= MAX_NAME_CHARS && !/[\\/:*?"<>|\u0000-\u001f]/.test(s) && s !== '.' && s !== '..';
}

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]*={0,2}$/;

function checkSave(m: Record<string, unknown>): string | undefined {
  const extra = onlyKeys(m, ['type', 'format', 'suggestedName', 'data']);
  if (extra) return extra;
  if (m.format !== 'png' && m.format !== 'csv') return `'format' must be 'png' or 'csv'`;
  if (typeof m.suggestedName !== 'string' || !isPlainFileName(m.suggestedName)) return `'suggestedName' must be a plain file name`;
  if (typeof m.data !== 'string') return `'data' must be a string`;
  if (m.data.length > MAX_SAVE_BYTES) return `'data' is larger than ${MAX_SAVE_BYTES} characters`;
  if (m.format === 'png' && !PNG_DATA_URL.test(m.data)) return `'data' must be a base64 PNG data URL`;
  return undefined;
}

function isPath(x: unknown): x is string {
  return typeof x === 'string' && x.length > 0 && x.length <= MAX_PATH_CHARS && !x.includes('\u0000');
}

function checkPathField(m: Record<string, unknown>, field: 'runDir' | 'key'): string | undefined {
  const extra = onlyKeys(m, ['type', field]);
  if (extra) return extra;
  return isPath(m[field]) ? undefined : `'${field}' must be a non-empty path`;
}

/** The most seeds a re-run from the panel may ask for. */
export const MAX_RERUN_REPEATS = 100;

function checkRerun(m: Record<string, unknown>): string | undefined {
  const extra = onlyKeys(m, ['type', 'runDir', 'repeats']);
  if (extra) return extra;
  if (!isPath(m.runDir)) return `'runDir' must be a non-empty path`;
  const n = m.repeats;
  return typeof n === 'number' && Number.isInteger(n) && n >= 2 && n <= MAX_RERUN_REPEATS ? undefined : `'repeats' must be a whole number from 2 to ${MAX_RERUN_REPEATS}`;
}

/** Returns the message typed, or why it was refused. */
export function validateWebviewMessage(raw: unknown): Validated {
  if (!isRecord(raw)) return { ok: false, error: 'message is not an object' };
  const type = raw.type;
  let error: string | undefined;
  switch (type) {
    case 'ready':
    case 'pickOverlay':
    case 'stop':
      error = onlyKeys(raw, ['type']);
      break;
    case 'save':
      error = checkSave(raw);
      break;
    case 'openRun':
    case 'resume':
    case 'adoptEvolved':
    case 'analyse':
      error = checkPathField(raw, 'runDir');
      break;
    case 'removeOverlay':
      error = checkPathField(raw, 'key');
      break;
    case 'rerunWithSeeds':
      error = checkRerun(raw);
      break;
    default:
      return { ok: false, error: `unknown message type ${JSON.stringify(type)?.slice(0, 40) ?? 'undefined'}` };
  }
  return error ? { ok: false, error: `'${type}' message refused: ${error}` } : { ok: true, message: raw as unknown as WebviewToHost };
}
