/**
 * Where each loss arm sits in a config's text, for the "Run this arm" CodeLens. Reads the document as
 * written (JSON with comments, or YAML) — it works on configs that do not validate yet. vscode-free.
 */
import { parseTree, findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser/lib/esm/main.js';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { jsonTooDeep, yamlTooDeep } from '../../shared/config/nesting';

export type ConfigFormat = 'json' | 'yaml';

export interface ArmLocation {
  /** Position in the `losses` list. */
  index: number;
  /** The arm's `name` as written, when it is a string. */
  name?: string;
  /** 0-based character range of the arm's entry. */
  offset: number;
  length: number;
}

export interface ConfigOutline {
  arms: ArmLocation[];
  /** Character range of the `losses` key, when present. */
  lossesKey?: { offset: number; length: number };
}

const CONFIG_FILE = /\.losslab\.(json|ya?ml)$/i;

/** The format of a Loss Lab config file by its name, or undefined for any other file. */
export function configFormat(fileName: string): ConfigFormat | undefined {
  const m = CONFIG_FILE.exec(fileName);
  if (!m) return undefined;
  return m[1].toLowerCase() === 'json' ? 'json' : 'yaml';
}

export function outlineConfig(text: string, format: ConfigFormat): ConfigOutline {
  // The parsers recurse, so a text nested past the limit gets no lenses (the diagnostics report it).
  if ((format === 'json' ? jsonTooDeep : yamlTooDeep)(text) !== undefined) return { arms: [] };
  return format === 'json' ? outlineJson(text) : outlineYaml(text);
}

function outlineJson(text: string): ConfigOutline {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return { arms: [] };
  const losses = findNodeAtLocation(root, ['losses']);
  if (!losses || losses.type !== 'array') return { arms: [] };
  const key = losses.parent?.children?.[0];
  const arms = (losses.children ?? []).map((item, index): ArmLocation => {
    const nameNode = item.type === 'object' ? findNodeAtLocation(item, ['name']) : undefined;
    return { index, name: stringValue(nameNode), offset: item.offset, length: item.length };
  });
  return { arms, lossesKey: key ? { offset: key.offset, length: key.length } : undefined };
}

function stringValue(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

function outlineYaml(text: string): ConfigOutline {
  const doc = parseDocument(text, { keepSourceTokens: false });
  const root = doc.contents;
  if (!isMap(root)) return { arms: [] };
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'losses');
  const seq = pair?.value;
  if (!isSeq(seq)) return { arms: [] };
  const arms: ArmLocation[] = [];
  seq.items.forEach((item, index) => {
    const range = (item as { range?: [number, number, number] } | null)?.range;
    if (!range) return;
    const nameNode = isMap(item) ? item.items.find((p) => isScalar(p.key) && p.key.value === 'name')?.value : undefined;
    const name = isScalar(nameNode) && typeof nameNode.value === 'string' ? nameNode.value : undefined;
    let end = range[1];
    while (end > range[0] && /\s/.test(text[end - 1])) end--;
    arms.push({ index, name, offset: range[0], length: end - range[0] });
  });
  const keyRange = isScalar(pair?.key) ? pair.key.range : undefined;
  return { arms, lossesKey: keyRange ? { offset: keyRange[0], length: keyRange[1] - keyRange[0] } : undefined };
}
