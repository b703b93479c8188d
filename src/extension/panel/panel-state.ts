/** Reading a restored chart page's saved state. vscode-free. */

/** The run folder a restored page's state names (`{ runDir }`, or `{ run: { runDir } }`). */
export function runDirOf(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as { runDir?: unknown; run?: { runDir?: unknown } };
  const dir = typeof s.runDir === 'string' ? s.runDir : typeof s.run?.runDir === 'string' ? s.run.runDir : undefined;
  return dir || undefined;
}
