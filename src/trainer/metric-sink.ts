/**
 * Encodes metric records as they are made (one JSON line each, the run folder's format) and delivers
 * them in batches, at most every `intervalMs` and at each flush: handed to a listener (the IPC channel;
 * the host appends the text to the run folder's metrics.jsonl as it is) and, when a file is given (a
 * cluster job's own file), appended to it first, one write per batch. A batch that cannot be written is
 * not passed on either: what the listener saw is what the file holds.
 */
import { BatchEncoder, type MetricBatch } from '../shared/metric-batch';
import type { MetricRecord } from '../shared/metrics';
import { JsonLinesFile } from '../shared/runner/json-lines-file';

export class MetricSink {
  private readonly encoder = new BatchEncoder();
  private lastFlush = performance.now();
  private readonly file: JsonLinesFile | undefined;

  constructor(
    filePath: string | undefined,
    private readonly onBatch: (batch: MetricBatch) => void = () => {},
    private readonly intervalMs = 100,
  ) {
    this.file = filePath === undefined ? undefined : new JsonLinesFile(filePath);
  }

  push(record: MetricRecord): void {
    this.encoder.add(record);
    if (performance.now() - this.lastFlush >= this.intervalMs) this.flush();
  }

  /** Delivers the buffered batch; throws a RunFolderError once the file cannot be written. */
  flush(): void {
    this.lastFlush = performance.now();
    const batch = this.encoder.take();
    if (!batch) return;
    this.file?.appendText(batch.text);
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
