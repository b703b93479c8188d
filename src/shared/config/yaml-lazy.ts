/**
 * The yaml package, required when the first YAML text is parsed: the CLI builds it as a file of its
 * own (esbuild.mjs), which `loss-lab validate` of a JSON config never reads.
 */
import type * as Yaml from 'yaml';

export const yaml = (): typeof Yaml => require('yaml');
