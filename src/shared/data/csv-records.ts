/** Reads a CSV file into trimmed string records, each with the 1-based line it starts on. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DataError } from './types';

export interface CsvRecord {
  cells: string[];
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
}

interface ParsedRecord {
  record: string[];
  /** Bytes of the input consumed when the record was emitted (its end, delimiter included). */
  info: { bytes: number };
}

/** Fields of csv-parse's CsvError that locate the problem. */
interface CsvParseFailure {
  message: string;
  code?: string;
  /** Line the parser had reached. */
  lines?: number;
  /** 0-based index of the field being read. */
  column?: number | string;
}

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : (e as Error).message;
    throw new DataError(`cannot read CSV file '${file}': ${why}`);
  }
}

/**
 * All records of a comma-separated file: quoted fields (with commas, quotes and newlines), CRLF or
 * LF line endings and a UTF-8 BOM are handled; blank and whitespace-only lines are skipped. Row
 * lengths are not checked here (ragged rows are reported by the caller with their position).
 */
export function readCsvRecords(file: string): CsvRecord[] {
  const bytes = readBytes(file);
  let parsed: ParsedRecord[];
  try {
    parsed = parse(bytes, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as ParsedRecord[];
  } catch (e) {
    const err = e as CsvParseFailure;
    if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new DataError('malformed CSV: a quoted field opened here is never closed', { file, ...unclosedQuote(bytes) });
    }
    const line = typeof err.lines === 'number' && err.lines > 0 ? err.lines : 1;
    const column = typeof err.column === 'number' ? err.column + 1 : 1;
    const reason = err.message.replace(/^Invalid [^:]*: /, '').replace(/,? at line \d+$/, '');
    throw new DataError(`malformed CSV: ${reason}`, { file, line, column });
  }
  // csv-parse's own line counter drifts after skipped blank lines in CRLF files, so lines are
  // counted here: a record starts at the first non-blank byte after the previous record's end.
  const out: CsvRecord[] = [];
  let pos = hasBom(bytes) ? 3 : 0;
  let line = 1;
  for (const p of parsed) {
    while (pos < bytes.length && isBlankByte(bytes[pos])) if (bytes[pos++] === NEWLINE) line++;
    const startLine = line;
    for (; pos < p.info.bytes; pos++) if (bytes[pos] === NEWLINE) line++;
    if (p.record.length === 1 && p.record[0] === '') continue;
    out.push({ cells: p.record, line: startLine });
  }
  return out;
}

const NEWLINE = 0x0a;

function hasBom(bytes: Buffer): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}
const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * Line and field (1-based) of the quote that opens the field csv-parse found unclosed at the end of
 * the file: the last quote that opened a field (at its start, after spaces) and was not closed.
 */
function unclosedQuote(bytes: Buffer): { line: number; column: number } {
  let line = 1;
  let field = 1;
  let atFieldStart = true;
  let open: { line: number; column: number } | undefined;
  for (let i = hasBom(bytes) ? 3 : 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (open) {
      if (b === QUOTE && bytes[i + 1] === QUOTE) i++;
      else if (b === QUOTE) open = undefined;
      else if (b === NEWLINE) line++;
      continue;
    }
    if (b === NEWLINE) {
      line++;
      field = 1;
      atFieldStart = true;
    } else if (b === COMMA) {
      field++;
      atFieldStart = true;
    } else if (b === QUOTE && atFieldStart) {
      open = { line, column: field };
      atFieldStart = false;
    } else if (b !== 0x20 && b !== 0x09) atFieldStart = false;
  }
  return open ?? { line, column: 1 };
}

/** Space, tab, CR or LF. */
function isBlankByte(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === NEWLINE;
}
