/** `loss-lab` exit codes (docs/cli.md lists them). */
export const EXIT = {
  ok: 0,
  /** An invalid config or data file, or an arm that crashed or diverged. */
  failed: 1,
  usage: 2,
  /** The run folder is being written by another process, or holds another run (without --force). */
  folderRefused: 3,
  /** A file could not be written or read: no space left, read-only file system, permission denied, not a folder. */
  fileError: 4,
  /** Stopped with Ctrl-C (SIGINT). */
  interrupted: 130,
  /** Stopped with SIGTERM. */
  terminated: 143,
} as const;
