// The docs point at things that exist: in README.md, docs/**/*.md and every other Markdown file of
// the repository (tracked or new, outside node_modules), each relative link or image resolves to a
// file or folder, each `#anchor` into a Markdown file names one of its headings (GitHub's slugs), and
// each `examples/….losslab.*` path or `loss-lab run <config>` mentioned, code included, exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { anchorsOf, linksOf, markdownFiles, slug } from './markdown';

const ROOT = path.resolve(__dirname, '../../..');
const DOCS = markdownFiles(ROOT);
const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

const anchorCache = new Map<string, Set<string>>();
function anchors(file: string): Set<string> {
  if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(text(file)));
  return anchorCache.get(file)!;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');
const lineOf = (source: string, index: number) => source.slice(0, index).split('\n').length;

/** Why a link of `file` is broken, or undefined when it is not (external links are not followed). */
function brokenLink(file: string, target: string): string | undefined {
  if (isExternal(target)) return undefined;
  const hash = target.indexOf('#');
  const rawPath = (hash < 0 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
  const anchor = hash < 0 ? '' : decodeURIComponent(target.slice(hash + 1));
  const rel = rawPath === '' ? file : path.posix.normalize(rawPath.startsWith('/') ? rawPath.slice(1) : path.posix.join(path.posix.dirname(file), decodeURIComponent(rawPath)));
  if (rel.startsWith('../')) return 'points outside the repository';
  if (!existsSync(path.join(ROOT, rel))) return `${rel} does not exist`;
  if (anchor === '' || !rel.endsWith('.md') || statSync(path.join(ROOT, rel)).isDirectory()) return undefined;
  const known = anchors(rel);
  return known.has(anchor) || known.has(anchor.toLowerCase()) ? undefined : `no heading of ${rel} has the anchor #${anchor}`;
}

/** A repository-root or doc-relative path that exists. */
const existsFrom = (file: string, p: string) => existsSync(path.join(ROOT, p)) || existsSync(path.join(ROOT, path.dirname(file), p));

test('the checker finds the docs', () => {
  assert.ok(DOCS.includes('README.md'), DOCS.join(', '));
  assert.ok(DOCS.length > 5, DOCS.join(', '));
  assert.ok(DOCS.every((f) => !f.includes('node_modules/')));
});

test('every relative link and image in the docs resolves, anchors included', () => {
  const bad = DOCS.flatMap((file) =>
    linksOf(text(file)).flatMap(({ target, line }) => {
      const why = brokenLink(file, target);
      return why ? [`${file}:${line} (${target}): ${why}`] : [];
    }),
  );
  assert.deepEqual(bad, []);
});

test('every examples/*.losslab.* path the docs mention exists', () => {
  const bad = DOCS.flatMap((file) => {
    const source = text(file);
    return [...source.matchAll(/(?<![\w./-])examples\/[\w./-]*?\.losslab\.(?:json|ya?ml)\b/g)]
      .filter((m) => !existsFrom(file, m[0]))
      .map((m) => `${file}:${lineOf(source, m.index ?? 0)} ${m[0]}`);
  });
  assert.deepEqual(bad, []);
});

test('every config given to `loss-lab run` in the docs exists', () => {
  const bad = DOCS.flatMap((file) => {
    const source = text(file);
    return [...source.matchAll(/\bloss-lab run\b([^`\n#|]*)/g)].flatMap((m) => {
      const config = m[1]
        .trim()
        .split(/\s+/)
        .map((t) => t.replace(/^["']|["']$/g, ''))
        .find((t) => /\.(json|ya?ml)$/.test(t) && !/[<*]/.test(t));
      return config && !existsFrom(file, config) ? [`${file}:${lineOf(source, m.index ?? 0)} loss-lab run ${config}`] : [];
    });
  });
  assert.deepEqual(bad, []);
});

test('links are read from inline links, images, reference definitions and HTML, never from code', () => {
  const md = [
    'See [the guide](docs/guide.md#set-up "title") and ![a chart](media/a.png).',
    '[ref]: <docs/with space.md>',
    '<img src="media/b.png" alt="">',
    'Not `[code](nowhere.md)`.',
    '```',
    '[fenced](nowhere.md)',
    '```',
    '[paren](docs/a_(b).md)',
  ].join('\n');
  assert.deepEqual(
    linksOf(md).map((l) => `${l.line}:${l.target}`),
    ['1:docs/guide.md#set-up', '1:media/a.png', '2:docs/with space.md', '3:media/b.png', '8:docs/a_(b).md'],
  );
});

test("anchors follow GitHub's slugs: lowercase, punctuation but - and _ dropped, spaces to -, repeats numbered", () => {
  assert.equal(slug('Where trials run: the executor seam'), 'where-trials-run-the-executor-seam');
  assert.equal(slug('`loss-lab run` options'), 'loss-lab-run-options');
  assert.equal(slug('Lai (λ < 1) vs. MSE — 2×'), 'lai-λ--1-vs-mse--2');
  assert.equal(slug('snake_case and **bold** [link](x.md)'), 'snake_case-and-bold-link');
  const anchors = anchorsOf(['# Usage', 'text', '## Usage', 'Setext', '------', '```', '# not a heading', '```', '<a id="custom"></a>'].join('\n'));
  assert.deepEqual([...anchors].sort(), ['custom', 'setext', 'usage', 'usage-1']);
});
