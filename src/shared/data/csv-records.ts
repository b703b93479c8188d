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
  lines?: number;
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
    const line = typeof err.lines === 'number' && err.lines > 0 ? err.lines : 1;
    const reason = err.message.replace(/^Invalid [^:]*: /, '').replace(/,? at line \d+$/, '');
    throw new DataError(`malformed CSV: ${reason}`, { file, line, column: 1 });
  }
  // csv-parse's own line counter drifts after skipped blank lines in CRLF files, so lines are
  // counted here: a record starts at the first non-blank byte after the previous record's end.
  const out: CsvRecord[] = [];
  let pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
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

/** Space, tab, CR or LF. */
function isBlankByte(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === NEWLINE;
}
