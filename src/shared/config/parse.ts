/**
 * Text → plain value plus a locator of source ranges: JSONC (comments and trailing commas allowed)
 * for .json/.jsonc and anything else, YAML for .yaml/.yml. Syntax errors, nesting past the limit and
 * duplicate keys are errors with their positions.
 */
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type * as Yaml from 'yaml';
import { yaml } from './yaml-lazy';
import { jsonTooDeep, TOO_DEEP_MESSAGE, valueTooDeep, yamlTooDeep } from './nesting';
import { LineIndex, locate, type Segment, type SourceLocator, type SourceRange, toProblem } from './positions';
import type { ConfigProblem } from './problem';

export type ConfigFormat = 'json' | 'yaml';

export interface ParsedText {
  /** The parsed value; undefined when the text has syntax errors. */
  value?: unknown;
  locator: SourceLocator;
  /** Syntax errors, duplicate keys, too deep nesting, and YAML's warnings. */
  problems: ConfigProblem[];
}

export function configFormatOf(fileName: string): ConfigFormat {
  return /\.ya?ml$/i.test(fileName) ? 'yaml' : 'json';
}

export function parseConfigText(text: string, fileName: string): ParsedText {
  return configFormatOf(fileName) === 'yaml' ? parseYaml(text) : parseJsonc(text);
}

const JSON_SYNTAX: Record<string, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

function rangeOf(node: Node): SourceRange {
  return { offset: node.offset, length: node.length };
}

const NO_NODES: SourceLocator = { value: () => undefined, key: () => undefined };

function tooDeep(text: string, offset: number): ParsedText {
  const problem = toProblem(new LineIndex(text), { offset, length: 1 }, { path: [], message: TOO_DEEP_MESSAGE, severity: 'error' });
  return { locator: NO_NODES, problems: [problem] };
}

/** The same words for both formats; the problem points at the second key. */
function duplicateKey(index: LineIndex, name: string, first: SourceRange, second: SourceRange, path: Segment[]): ConfigProblem {
  const message = `duplicate key '${name}' (first at line ${index.position(first.offset).line})`;
  return toProblem(index, second, { path, message, severity: 'error' });
}

function parseJsonc(text: string): ParsedText {
  const deep = jsonTooDeep(text);
  if (deep !== undefined) return tooDeep(text, deep);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const locator: SourceLocator = {
    value: (path) => {
      const node = root && findNodeAtLocation(root, path as Segment[]);
      return node && rangeOf(node);
    },
    key: (path) => {
      const node = root && findNodeAtLocation(root, path as Segment[]);
      const key = node?.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return key && rangeOf(key);
    },
  };
  const index = new LineIndex(text);
  if (errors.length > 0) {
    const problems = errors.map((e) => {
      const code = printParseErrorCode(e.error);
      return toProblem(index, e, { path: [], message: `syntax error: ${JSON_SYNTAX[code] ?? code}`, severity: 'error' });
    });
    return { locator, problems };
  }
  if (!root) return { locator, problems: [toProblem(index, { offset: 0, length: 0 }, { path: [], message: 'the config is empty', severity: 'error' })] };
  return { value: getNodeValue(root), locator, problems: duplicateKeys(root, [], index) };
}

/** JSON.parse would keep the last of duplicate keys silently. */
function duplicateKeys(node: Node, path: Segment[], index: LineIndex): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const seen = new Map<string, Node>();
  (node.children ?? []).forEach((child, i) => {
    if (child.type === 'property' && child.children) {
      const [key, value] = child.children;
      const name = String(key.value);
      const first = seen.get(name);
      if (first) out.push(duplicateKey(index, name, rangeOf(first), rangeOf(key), [...path, name]));
      else seen.set(name, key);
      if (value) out.push(...duplicateKeys(value, [...path, name], index));
    } else if (node.type === 'array') {
      out.push(...duplicateKeys(child, [...path, i], index));
    }
  });
  return out;
}

function nodeRange(node: unknown): SourceRange | undefined {
  if (!yaml().isNode(node) || !node.range) return undefined;
  const [start, valueEnd] = node.range;
  return { offset: start, length: valueEnd - start };
}

function yamlNodeAt(doc: Yaml.Document, path: readonly Segment[]): unknown {
  return path.length === 0 ? doc.contents : doc.getIn(path as Segment[], true);
}

/** Duplicate keys of a YAML map, found here rather than by the yaml package so both formats say the same. */
function yamlDuplicateKeys(node: unknown, path: Segment[], index: LineIndex): ConfigProblem[] {
  if (yaml().isSeq(node)) return node.items.flatMap((item, i) => yamlDuplicateKeys(item, [...path, i], index));
  if (!yaml().isMap(node)) return [];
  const out: ConfigProblem[] = [];
  const seen = new Map<unknown, SourceRange | undefined>();
  for (const pair of node.items) {
    const name = yaml().isScalar(pair.key) ? pair.key.value : pair.key;
    const second = nodeRange(pair.key);
    if (seen.has(name) && second) out.push(duplicateKey(index, String(name), seen.get(name) ?? second, second, [...path, String(name)]));
    else seen.set(name, second);
    out.push(...yamlDuplicateKeys(pair.value, [...path, String(name)], index));
  }
  return out;
}

function parseYaml(text: string): ParsedText {
  const deep = yamlTooDeep(text);
  if (deep !== undefined) return tooDeep(text, deep);
  const doc = yaml().parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const locator: SourceLocator = {
    value: (path) => nodeRange(yamlNodeAt(doc, path)),
    key: (path) => {
      const parent = yamlNodeAt(doc, path.slice(0, -1));
      const name = path[path.length - 1];
      if (!yaml().isMap(parent)) return undefined;
      const pair = parent.items.find((p) => (yaml().isScalar(p.key) ? p.key.value : p.key) === name);
      return pair ? nodeRange(pair.key) : undefined;
    },
  };
  const index = new LineIndex(text);
  const at = (e: { pos: [number, number] }): SourceRange => ({ offset: e.pos[0], length: Math.max(0, e.pos[1] - e.pos[0]) });
  const problems = [
    ...doc.errors.map((e) => toProblem(index, at(e), { path: [], message: `syntax error: ${e.message}`, severity: 'error' })),
    ...doc.warnings.map((e) => toProblem(index, at(e), { path: [], message: e.message, severity: 'warning' })),
  ];
  if (doc.errors.length > 0) return { locator, problems };
  problems.push(...yamlDuplicateKeys(doc.contents, [], index));
  try {
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    const deepPath = valueTooDeep(value);
    if (deepPath) {
      const issue = { path: deepPath, message: `${TOO_DEEP_MESSAGE} (through aliases)`, severity: 'error' as const, target: 'value' as const };
      return { locator: NO_NODES, problems: [...problems, toProblem(index, locate(locator, issue), issue)] };
    }
    return { value, locator, problems };
  } catch (e) {
    problems.push(toProblem(index, { offset: 0, length: 0 }, { path: [], message: `syntax error: ${(e as Error).message}`, severity: 'error' }));
    return { locator, problems };
  }
}
