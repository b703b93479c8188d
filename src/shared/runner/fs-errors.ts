/**
 * File-system failures around a run folder, said in one plain line (path and what failed) instead of a
 * Node error with a stack. The CLI maps `RunFolderError` to its own exit codes (docs/cli.md).
 */

/** Why a run folder cannot be used: another writer holds it, or it holds another run. Exit code 3. */
export class RunFolderRefused extends Error {}

/** A file operation failed (no space, read-only, permission, not a folder…). Exit code 4. */
export class RunFolderError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly path: string,
  ) {
    super(message);
  }
}

const PLAIN: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'already exists',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'name too long',
  EIO: 'input/output error',
};

export function errnoCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** "cannot write /x/summary.json: no space left on the device". */
export function describeFileError(e: unknown, action: string, path: string): string {
  const code = errnoCode(e);
  const what = (code && PLAIN[code]) ?? (e instanceof Error ? e.message.replace(/^[A-Z]+: /, '') : String(e));
  return `cannot ${action} ${path}: ${what}`;
}

/** Runs `fn`, turning a file-system exception into a RunFolderError with a one-line message. */
export function fileOp<T>(action: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RunFolderError || e instanceof RunFolderRefused) throw e;
    if (!errnoCode(e)) throw e;
    throw new RunFolderError(describeFileError(e, action, path), errnoCode(e), path);
  }
}

/** Out of space (the run can go on once space is back: `resume`). */
export function isNoSpace(e: unknown): boolean {
  const code = e instanceof RunFolderError ? e.code : errnoCode(e);
  return code === 'ENOSPC' || code === 'EDQUOT';
}
