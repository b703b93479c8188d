/**
 * Text → plain value plus a locator of source ranges: JSONC (comments and trailing commas allowed)
 * for .json/.jsonc and anything else, YAML for .yaml/.yml. Syntax errors carry their positions.
 */
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
import { LineIndex, type Segment, type SourceLocator, type SourceRange, toProblem } from './positions';
import type { ConfigProblem } from './problem';

export type ConfigFormat = 'json' | 'yaml';

export interface ParsedText {
  /** The parsed value; undefined when the text has syntax errors. */
  value?: unknown;
  locator: SourceLocator;
  /** Syntax errors, and warnings such as duplicate JSON keys. */
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

function parseJsonc(text: string): ParsedText {
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

/** JSON.parse keeps the last of duplicate keys silently; say so. */
function duplicateKeys(node: Node, path: Segment[], index: LineIndex): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const seen = new Set<string>();
  (node.children ?? []).forEach((child, i) => {
    if (child.type === 'property' && child.children) {
      const [key, value] = child.children;
      const name = String(key.value);
      if (seen.has(name)) {
        out.push(toProblem(index, rangeOf(key), { path: [...path, name], message: `duplicate key '${name}'; the last one wins`, severity: 'warning' }));
      }
      seen.add(name);
      if (value) out.push(...duplicateKeys(value, [...path, name], index));
    } else if (node.type === 'array') {
      out.push(...duplicateKeys(child, [...path, i], index));
    }
  });
  return out;
}

function nodeRange(node: unknown): SourceRange | undefined {
  if (!isNode(node) || !node.range) return undefined;
  const [start, valueEnd] = node.range;
  return { offset: start, length: valueEnd - start };
}

function yamlNodeAt(doc: Document, path: readonly Segment[]): unknown {
  return path.length === 0 ? doc.contents : doc.getIn(path as Segment[], true);
}

function parseYaml(text: string): ParsedText {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const locator: SourceLocator = {
    value: (path) => nodeRange(yamlNodeAt(doc, path)),
    key: (path) => {
      const parent = yamlNodeAt(doc, path.slice(0, -1));
      const name = path[path.length - 1];
      if (!isMap(parent)) return undefined;
      const pair = parent.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === name);
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
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }), locator, problems };
  } catch (e) {
    problems.push(toProblem(index, { offset: 0, length: 0 }, { path: [], message: `syntax error: ${(e as Error).message}`, severity: 'error' }));
    return { locator, problems };
  }
}
