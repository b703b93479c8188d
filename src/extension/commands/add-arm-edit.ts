/**
 * Appends a loss arm to a config's `losses` list as text, keeping the user's comments and layout:
 * jsonc-parser's `modify` for JSON with comments, the `yaml` document model for YAML. vscode-free.
 */
import { applyEdits, modify, parse } from 'jsonc-parser/lib/esm/main.js';
import { isSeq, parseDocument } from 'yaml';
import type { ConfigFormat } from '../codelens/arm-ranges';

export type ArmToAdd = Record<string, unknown> & { name: string; type: string };

/** Arm names already in the config text (for picking a unique name). */
export function armNamesIn(text: string, format: ConfigFormat): string[] {
  const value = format === 'json' ? parse(text, [], { allowTrailingComma: true }) : parseDocument(text).toJS();
  const losses = (value as { losses?: unknown } | undefined)?.losses;
  if (!Array.isArray(losses)) return [];
  return losses.map((a: unknown) => (a && typeof a === 'object' ? (a as { name?: unknown; type?: unknown }).name ?? (a as { type?: unknown }).type : undefined)).filter((n): n is string => typeof n === 'string');
}

/** `base`, or `base 2`, `base 3`, … whichever is not taken. */
export function uniqueName(base: string, taken: readonly string[]): string {
  let name = base;
  for (let i = 2; taken.includes(name); i++) name = `${base} ${i}`;
  return name;
}

export function addArmToConfigText(text: string, format: ConfigFormat, arm: ArmToAdd): string {
  if (format === 'json') {
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const edits = modify(text, ['losses', -1], arm, { formattingOptions: { insertSpaces: true, tabSize: 2, eol } });
    if (!edits.length) throw new Error(`could not add the arm: the config has no 'losses' list`);
    return applyEdits(text, edits);
  }
  const doc = parseDocument(text);
  if (doc.errors.length) throw new Error(`could not add the arm: the YAML does not parse (${doc.errors[0].message})`);
  const losses = doc.get('losses');
  if (!isSeq(losses)) throw new Error(`could not add the arm: the config has no 'losses' list`);
  const node = doc.createNode(arm);
  if (losses.flow || losses.items.some((item) => (item as { flow?: boolean }).flow)) (node as { flow?: boolean }).flow = true;
  losses.items.push(node);
  return doc.toString();
}

/** Parameters rounded to 6 significant digits: readable in the config, far below the evolution's noise. */
export function roundParams(params: readonly number[]): number[] {
  return params.map((v) => Number(v.toPrecision(6)));
}
