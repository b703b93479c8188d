/**
 * Loads a user's loss module inside the trainer process. JavaScript (.js, .cjs) is compiled as
 * CommonJS; ES module syntax (.mjs, or import/export in a .js file) and TypeScript (.ts, .mts, .cts)
 * are first transpiled to CommonJS by sucrase, which keeps line numbers, so stack traces point at the
 * user's lines. Relative imports from a user module to other .js/.ts files of the workspace go through
 * the same path. `@tensorflow/tfjs-core` and `@tensorflow/tfjs` required (or imported) by these
 * modules resolve to the trainer's own tfjs-core instance, so tensors they make share its engine and
 * its second-order gradient fixes (`@tensorflow/tfjs` gives the ops of tfjs-core, not layers).
 */
import * as tf from '@tensorflow/tfjs-core';
import Module from 'node:module';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, resolve } from 'node:path';

interface InternalModule extends NodeModule {
  _compile(code: string, filename: string): void;
}

interface ModuleStatics {
  _load(request: string, parent: NodeModule | undefined, isMain: boolean): unknown;
  _nodeModulePaths(dir: string): string[];
}

const statics = Module as unknown as ModuleStatics;

/** Package names that user modules get as the trainer's tfjs-core. */
export const TFJS_ALIASES: readonly string[] = ['@tensorflow/tfjs-core', '@tensorflow/tfjs'];

const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
const ESM_SYNTAX = /^\s*(import\s[^(]|import\{|export\s|export\{)/m;

/** Files loaded by this loader (absolute paths) → their modules. */
const loaded = new Map<string, InternalModule>();

/** A problem in the user's code, with the user's stack frames. */
export class UserCodeError extends Error {
  constructor(message: string, userStack?: string) {
    super(message);
    this.name = 'UserCodeError';
    this.stack = userStack ?? '';
  }
}

/** Forgets every loaded user module: the next load reads the files again (a new run's edits). */
export function forgetUserModules(): void {
  loaded.clear();
}

export function isUserFile(file: string): boolean {
  return loaded.has(file);
}

/** Lines of `stack` that point into user files, e.g. "    at loss (/ws/my-loss.ts:12:9)". */
export function userFrames(stack: string | undefined): string[] {
  if (!stack) return [];
  const files = [...loaded.keys()];
  return stack.split('\n').filter((line) => /^\s+at\s/.test(line) && files.some((f) => line.includes(f)));
}

/** "file:line:column" of the first user frame, if any. */
export function firstUserLocation(stack: string | undefined): string | undefined {
  // A syntax error found by V8 while compiling starts its stack with "file:line".
  const head = stack && /^(.+):(\d+)$/.exec(stack.split('\n')[0]);
  if (head && loaded.has(head[1])) return `${head[1]}:${head[2]}`;
  const frame = userFrames(stack)[0];
  const m = frame && /\(?((?:[A-Za-z]:)?[^():]+):(\d+):(\d+)\)?\s*$/.exec(frame.trim());
  return m ? `${m[1]}:${m[2]}:${m[3]}` : undefined;
}

function transpile(file: string, source: string): string {
  const ext = extname(file).toLowerCase();
  const transforms: ('typescript' | 'imports')[] | undefined = TYPESCRIPT.has(ext)
    ? ['typescript', 'imports']
    : ext === '.mjs' || (ext === '.js' && ESM_SYNTAX.test(source))
      ? ['imports']
      : undefined;
  if (!transforms) return source;
  // Loaded on first use: the trainer starts without initialising the transpiler.
  const { transform } = require('sucrase') as typeof import('sucrase');
  try {
    return transform(source, { transforms, filePath: file }).code;
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    const where = loc ? `${file}:${loc.line}:${loc.column}` : file;
    throw new UserCodeError(`syntax error in ${where}: ${(e as Error).message.replace(/^Error transforming [^:]*: /, '')}`, `    at ${where}`);
  }
}

/** A relative or absolute request from a user module to another JS/TS source file, or undefined. */
function userSourceFile(request: string, parent: NodeModule): string | undefined {
  if (!request.startsWith('./') && !request.startsWith('../') && !isAbsolute(request)) return undefined;
  const base = resolve(dirname(parent.filename), request);
  const candidates = SOURCE_EXTENSIONS.includes(extname(base).toLowerCase()) ? [base] : SOURCE_EXTENSIONS.map((e) => base + e);
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function compile(file: string, parent: NodeModule | undefined): unknown {
  const cached = loaded.get(file);
  if (cached) return cached.exports;
  const code = transpile(file, readFileSync(file, 'utf8'));
  const mod = new Module(file, parent) as InternalModule;
  mod.filename = file;
  mod.paths = statics._nodeModulePaths(dirname(file));
  loaded.set(file, mod);
  try {
    mod._compile(code, file);
  } catch (e) {
    loaded.delete(file);
    throw e;
  }
  mod.loaded = true;
  return mod.exports;
}

let hookInstalled = false;

/**
 * Routes requires made by user modules (and only by them): tfjs to the trainer's instance, relative
 * JS/TS sources to `compile`; everything else to Node as usual.
 */
function installRequireHook(): void {
  if (hookInstalled) return;
  hookInstalled = true;
  const original = statics._load;
  statics._load = function load(this: unknown, request: string, parent: NodeModule | undefined, isMain: boolean): unknown {
    if (parent && loaded.has(parent.filename)) {
      if (TFJS_ALIASES.includes(request)) return tf;
      const file = userSourceFile(request, parent);
      if (file) return compile(file, parent);
    }
    return original.call(this, request, parent, isMain);
  };
}

/** Loads (once per process) the module at absolute path `file` and returns its exports. */
export function loadUserModule(file: string): unknown {
  if (!existsSync(file)) throw new UserCodeError(`custom loss module not found: ${file}`);
  installRequireHook();
  return compile(file, undefined);
}

/** The loss function among `exports`: the named export, else `loss`, else the default export. */
export function pickExport(exports: unknown, name: string | undefined, file: string): (...args: unknown[]) => unknown {
  const ex = exports as Record<string, unknown> | ((...args: unknown[]) => unknown) | undefined;
  const names = ex && (typeof ex === 'object' || typeof ex === 'function') ? Object.keys(ex).filter((k) => k !== '__esModule') : [];
  const list = names.length ? names.join(', ') : 'none';
  if (name !== undefined) {
    const f = (ex as Record<string, unknown> | undefined)?.[name];
    if (typeof f !== 'function') throw new UserCodeError(`custom loss module ${file} has no function export '${name}'; its exports: ${list}`);
    return f as (...args: unknown[]) => unknown;
  }
  const obj = ex as Record<string, unknown> | undefined;
  if (typeof obj?.loss === 'function') return obj.loss as (...args: unknown[]) => unknown;
  if (typeof ex === 'function') return ex;
  if (typeof obj?.default === 'function') return obj.default as (...args: unknown[]) => unknown;
  throw new UserCodeError(`custom loss module ${file} exports no function named 'loss' and no default function; its exports: ${list} (set 'export' to choose one)`);
}
