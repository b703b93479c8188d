/** Naming helpers for copying an example into the workspace. vscode-free. */

/** The first comment line of an example, as its one-line description. */
export function exampleSummary(text: string): string {
  const m = /^\s*(?:\/\/|#)\s*(.+)$/m.exec(text);
  return m ? m[1].trim() : '';
}

/** `name.losslab.json` → `name-2.losslab.json` until `exists` says no. */
export function freeName(file: string, exists: (name: string) => boolean): string {
  if (!exists(file)) return file;
  const m = /^(.*?)(\.losslab\.(?:json|ya?ml))$/i.exec(file);
  const [stem, ext] = m ? [m[1], m[2]] : [file, ''];
  for (let i = 2; ; i++) if (!exists(`${stem}-${i}${ext}`)) return `${stem}-${i}${ext}`;
}
