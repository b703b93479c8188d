/** Reading what another machine's process appends to a file on a shared file system, from where the last read stopped. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export class FileTail {
  private offset = 0;

  constructor(readonly path: string) {}

  /** The bytes appended since the last read (nothing while the file does not exist). */
  readText(): string {
    return this.read(false);
  }

  /** The complete lines appended since the last read; a line still being written waits for the next read. */
  readLines(): string[] {
    return this.read(true).split('\n').filter((l) => l.trim());
  }

  private read(wholeLines: boolean): string {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return '';
    }
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return '';
      const buf = Buffer.alloc(size - this.offset);
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      const end = wholeLines ? buf.lastIndexOf(0x0a, n - 1) + 1 : n;
      this.offset += end;
      return buf.subarray(0, end).toString('utf8');
    } finally {
      closeSync(fd);
    }
  }
}
