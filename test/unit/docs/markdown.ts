// The parts of Markdown the docs checker needs: links and images (inline, reference definitions,
// HTML `src`/`href`), the anchors a file's headings get on GitHub, and the code-free text to find
// them in. Not a Markdown parser: enough for this repository's docs, with its limits stated here.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** A link or image target as written, and the line it is on. */
export interface Link {
  target: string;
  line: number;
}

/** Fenced code blocks (``` or ~~~) blanked out, lines kept so line numbers stay right. */
export function withoutCodeBlocks(text: string): string {
  let fence: string | undefined;
  return text
    .split('\n')
    .map((line) => {
      const m = /^ {0,3}(`{3,}|~{3,})/.exec(line);
      if (fence === undefined) {
        if (m) fence = m[1];
        return m ? '' : line;
      }
      if (m && m[1][0] === fence[0] && m[1].length >= fence.length && line.trim() === m[1]) fence = undefined;
      return '';
    })
    .join('\n');
}

/** Inline code spans blanked out (same length), so a link written as code is not checked. */
function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (m) => m.replace(/[^\n]/g, ' '));
}

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

const INLINE = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)/gm;
const HTML = /<(?:a|img|source)\b[^>]*?\b(?:href|src)\s*=\s*["']([^"']+)["']/gi;

/** Every link and image target of a Markdown text, outside code. */
export function linksOf(markdown: string): Link[] {
  const text = withoutCodeSpans(withoutCodeBlocks(markdown));
  const links: Link[] = [];
  for (const pattern of [INLINE, DEFINITION, HTML]) {
    for (const m of text.matchAll(pattern)) {
      const target = m[1].replace(/^<(.*)>$/, '$1');
      if (target !== '') links.push({ target, line: lineAt(text, m.index ?? 0) });
    }
  }
  return links.sort((a, b) => a.line - b.line);
}

/** A heading's rendered text: code, links, images, HTML and emphasis reduced to their words. */
function headingText(raw: string): string {
  return raw
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/`+/g, '')
    .replace(/[*~]+/g, '')
    .replace(/(^|[^\p{L}\p{N}])_+([^_]+?)_+(?=[^\p{L}\p{N}]|$)/gu, '$1$2');
}

/** GitHub's anchor for a heading: lowercase, punctuation other than `-` and `_` dropped, spaces to `-`. */
export function slug(heading: string): string {
  return headingText(heading)
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown text: its headings' slugs (repeats get `-1`, `-2`, …) and explicit `id`/`name` anchors. */
export function anchorsOf(markdown: string): Set<string> {
  const lines = withoutCodeBlocks(markdown).split('\n');
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  const add = (heading: string) => {
    const base = slug(heading);
    const n = counts.get(base) ?? 0;
    counts.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  };
  lines.forEach((line, i) => {
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) add(atx[1] ?? '');
    else if (/^ {0,3}(=+|-+)[ \t]*$/.test(line) && i > 0 && lines[i - 1].trim() !== '' && !/^ {0,3}(#|[-*+] |\d+[.)] |>|\|)/.test(lines[i - 1])) add(lines[i - 1].trim());
    for (const m of line.matchAll(/<[a-z]+\b[^>]*?\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(m[1]);
  });
  return anchors;
}

/** Markdown files to check, repository-relative: tracked or new (not ignored) ones, never under node_modules. */
export function markdownFiles(root: string): string[] {
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '*.md'], { cwd: root, encoding: 'utf8' }).split('\0');
  } catch {
    listed = walk(root, '');
  }
  return [...new Set(listed)]
    .filter((f) => f.endsWith('.md') && !f.split('/').includes('node_modules') && existsSync(path.join(root, f)))
    .sort();
}

function walk(root: string, rel: string): string[] {
  return readdirSync(path.join(root, rel)).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    const child = rel ? `${rel}/${name}` : name;
    return statSync(path.join(root, child)).isDirectory() ? walk(root, child) : [child];
  });
}
