/**
 * The experiment config API: parse (JSONC or YAML) with source positions, validate against
 * `schemas/losslab.schema.json` plus semantic rules, fill defaults, resolve paths.
 * Everything except `loadConfigFile` is pure, so the extension can validate an unsaved buffer.
 */
export { formatProblem, type ConfigProblem, type Severity } from './problem';
export { validateConfigText, type LoadResult, type ValidateOptions } from './validate-text';
export { loadConfigFile } from './load';
export { CONFIG_SCHEMA } from './validate-schema';
export { configFormatOf, type ConfigFormat } from './parse';
export { DEFAULT_EPOCHS, defaultEarlyStoppingMode } from './resolve';
export type * from './types';
