/**
 * Buffers metric records and delivers them in batches (at most every `intervalMs`, and at each flush):
 * handed to a listener (the IPC channel; the host writes the run folder's metrics.jsonl) and, when a
 * file is given (a cluster job's own file), appended to it first, one write per batch. A batch that
 * cannot be written is not passed on either: what the listener saw is what the file holds.
 */
import type { MetricRecord } from '../shared/metrics';
import { JsonLinesFile } from '../shared/runner/json-lines-file';

export class MetricSink {
  private buffer: MetricRecord[] = [];
  private lastFlush = performance.now();
  private readonly file: JsonLinesFile | undefined;

  constructor(
    filePath: string | undefined,
    private readonly onBatch: (records: MetricRecord[]) => void = () => {},
    private readonly intervalMs = 100,
  ) {
    this.file = filePath === undefined ? undefined : new JsonLinesFile(filePath);
  }

  push(record: MetricRecord): void {
    this.buffer.push(record);
    if (performance.now() - this.lastFlush >= this.intervalMs) this.flush();
  }

  /** Delivers the buffered batch; throws a RunFolderError once the file cannot be written. */
  flush(): void {
    this.lastFlush = performance.now();
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    this.file?.append(batch);
    this.onBatch(batch);
  }

  /** Flushes what is left (unless writing failed) and closes the file. */
  close(): void {
    try {
      if (!this.file?.error) this.flush();
    } finally {
      this.file?.close();
    }
  }
}
