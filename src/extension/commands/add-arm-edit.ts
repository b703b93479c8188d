/**
 * Appends a loss arm to a config's `losses` list as text, keeping the user's comments and layout:
 * jsonc-parser's `modify` for JSON with comments, the `yaml` document model for YAML. vscode-free.
 */
import { applyEdits, findNodeAtLocation, modify, parse, parseTree, type Node } from 'jsonc-parser/lib/esm/main.js';
import { isMap, isSeq, parseDocument } from 'yaml';
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
    const losses = findNodeAtLocation(parseTree(text, [], { allowTrailingComma: true }) ?? ({} as Node), ['losses']);
    if (losses?.type !== 'array') throw new Error(`could not add the arm: the config has no 'losses' list`);
    const last = losses.children?.at(-1);
    if (!last) return applyEdits(text, modify(text, ['losses', -1], arm, { formattingOptions: { insertSpaces: true, tabSize: 2, eol } }));
    // Written by hand after the last arm: jsonc-parser's `modify` would reformat that arm and put every number of `params` on its own line.
    const lineStart = text.lastIndexOf('\n', last.offset) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
    const at = last.offset + last.length;
    return `${text.slice(0, at)},${eol}${indent}${oneLineJson(arm)}${text.slice(at)}`;
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

/**
 * Sets `evolve.arm` when the config has an `evolve` section without one: once a second `taylorglo`
 * arm is added, the default ("the only taylorglo arm") no longer applies and the config would be
 * invalid. Text without an `evolve` section, or with `evolve.arm` set, comes back unchanged.
 */
export function pinEvolveArm(text: string, format: ConfigFormat, arm: string): string {
  if (format === 'json') {
    const evolve = (parse(text, [], { allowTrailingComma: true }) as { evolve?: unknown } | undefined)?.evolve;
    if (!evolve || typeof evolve !== 'object' || Array.isArray(evolve) || 'arm' in evolve) return text;
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return applyEdits(text, modify(text, ['evolve', 'arm'], arm, { formattingOptions: { insertSpaces: true, tabSize: 2, eol }, getInsertionIndex: () => 0 }));
  }
  const doc = parseDocument(text);
  const evolve = doc.get('evolve');
  if (!isMap(evolve) || evolve.has('arm')) return text;
  evolve.items.unshift(doc.createPair('arm', arm));
  return doc.toString();
}

/** `{ "name": "a", "params": [1, 2] }`: JSON on one line with a space after each separator. */
function oneLineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLineJson).join(', ')}]`;
  if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${oneLineJson(v)}`).join(', ')} }`;
  return JSON.stringify(value);
}

/** Parameters rounded to 6 significant digits: readable in the config, far below the evolution's noise. */
export function roundParams(params: readonly number[]): number[] {
  return params.map((v) => Number(v.toPrecision(6)));
}
