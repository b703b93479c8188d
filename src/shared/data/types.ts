/** A dataset read before splitting, and the error for a user-facing problem with one. Shared so a CSV file can be checked before a run starts. */
import type { Task } from '../config/types';

/** A dataset before splitting: every row in one block, in generation (or file) order. */
export interface RawDataset {
  name: string;
  task: Task;
  featureNames: string[];
  nClasses: number;
  classNames?: string[];
  imageShape?: [number, number, number];
  /** Row-major n × featureNames.length. */
  x: Float32Array;
  y: Float32Array;
  n: number;
  info: string[];
}

/** Where in a file a data problem is; `line` and `column` are 1-based. */
export interface DataLocation {
  file: string;
  line: number;
  column: number;
}

/**
 * A user-facing problem with a dataset or its parameters. Every CSV problem names its file: when it
 * has a position the message starts with `file:line:column: ` and `location` carries the same
 * position; the rest (an unreadable file, every row dropped) name the file in the text.
 */
export class DataError extends Error {
  readonly location?: DataLocation;

  constructor(message: string, location?: DataLocation) {
    super(location ? `${location.file}:${location.line}:${location.column}: ${message}` : message);
    this.name = 'DataError';
    this.location = location;
  }
}
