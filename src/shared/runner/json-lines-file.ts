/**
 * Appends whole lines to a JSON-lines file that this process alone writes. A write that fails (no space
 * left, the folder became read-only) never leaves a torn line: the file is cut back to the end of the
 * last complete append and every later append throws the same RunFolderError.
 */
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { describeFileError, RunFolderError } from './fs-errors';

export class JsonLinesFile {
  private readonly fd: number;
  /** Bytes of complete lines in the file. */
  private length: number;
  private failure: RunFolderError | undefined;
  private closed = false;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'a');
      this.length = fstatSync(this.fd).size;
    } catch (e) {
      throw new RunFolderError(describeFileError(e, 'open', path), (e as NodeJS.ErrnoException).code, path);
    }
  }

  /** Why appending stopped, once it has. */
  get error(): RunFolderError | undefined {
    return this.failure;
  }

  /** Appends `lines` (each one JSON text, no newline) as one write. */
  appendLines(lines: readonly string[]): void {
    if (this.failure) throw this.failure;
    if (lines.length === 0) return;
    this.appendText(lines.join('\n') + '\n');
  }

  /** Appends whole lines already encoded (each ending in a newline, e.g. a trainer's batch) as one write, as they are. */
  appendText(text: string): void {
    if (this.failure) throw this.failure;
    if (text.length === 0) return;
    if (!text.endsWith('\n')) throw new Error('appendText: the text must end with a newline (whole lines only)');
    const bytes = Buffer.from(text);
    try {
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
    } catch (e) {
      try {
        ftruncateSync(this.fd, this.length);
      } catch {
        // Cannot even truncate: readers and `resume` ignore an incomplete last line.
      }
      this.failure = new RunFolderError(describeFileError(e, 'write', this.path), (e as NodeJS.ErrnoException).code, this.path);
      throw this.failure;
    }
    this.length += bytes.length;
  }

  append(values: readonly unknown[]): void {
    this.appendLines(values.map((v) => JSON.stringify(v)));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** One append to a file, opened and closed around it. */
export function appendJsonLine(path: string, value: unknown): void {
  const file = new JsonLinesFile(path);
  try {
    file.append([value]);
  } finally {
    file.close();
  }
}
