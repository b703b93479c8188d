/**
 * The nesting limit of a config. The parsers, ajv and the checks all recurse, so a text nested
 * thousands of levels deep would overflow the stack; these checks find the first collection past the
 * limit without recursing, before anything else looks at the text.
 */
import { createScanner } from 'jsonc-parser';
import type { CST } from 'yaml';
import { yaml } from './yaml-lazy';
import type { Segment } from './positions';

/** Levels of objects and arrays a config may have (the root is level 1; real configs stay under 10). */
export const MAX_NESTING = 64;

export const TOO_DEEP_MESSAGE = `too deeply nested: more than ${MAX_NESTING} levels of objects and arrays`;

/** Offset of the first '{' or '[' that opens level MAX_NESTING + 1 of a JSON(C) text, or undefined. */
export function jsonTooDeep(text: string): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (;;) {
    scanner.scan();
    const at = scanner.getTokenOffset();
    if (at >= text.length) return undefined;
    // Only punctuation tokens start with a bracket: strings start with a quote, comments with a slash.
    const c = text[at];
    if (c === '{' || c === '[') {
      if (++depth > MAX_NESTING) return at;
    } else if (c === '}' || c === ']') depth--;
  }
}

/** Offset of the first collection at level MAX_NESTING + 1 of a YAML text (any document), or undefined. */
export function yamlTooDeep(text: string): number | undefined {
  const stack: Array<{ token: CST.Token; depth: number }> = [];
  for (const token of new (yaml().Parser)().parse(text)) {
    if (token.type === 'document' && token.value) stack.unshift({ token: token.value, depth: 1 });
  }
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    if (!yaml().CST.isCollection(token)) continue;
    if (depth > MAX_NESTING) return token.offset;
    // Pushed in reverse, so the first one in the text is found first.
    for (const item of [...token.items].reverse()) {
      if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      if (item.key) stack.push({ token: item.key, depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * Path of the first object or array deeper than MAX_NESTING in a parsed value, or undefined. YAML
 * aliases can make a shallow text a deep (even cyclic) value. Each object is explored again only at
 * a greater depth than before, so shared aliases cost at most MAX_NESTING visits each.
 */
export function valueTooDeep(root: unknown): Segment[] | undefined {
  const deepestVisit = new Map<object, number>();
  const stack: Array<{ value: unknown; path: Segment[] }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: Segment[] };
    if (value === null || typeof value !== 'object') continue;
    const depth = path.length + 1;
    if (depth > MAX_NESTING) return path;
    if ((deepestVisit.get(value) ?? 0) >= depth) continue;
    deepestVisit.set(value, depth);
    const entries = Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      stack.push({ value: child, path: [...path, Array.isArray(value) ? Number(key) : key] });
    }
  }
  return undefined;
}
