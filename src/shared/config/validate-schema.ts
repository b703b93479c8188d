/** The config schema: the one file behind editor completion (jsonValidation) and validation. */
import type { AnySchemaObject } from 'ajv';
import schemaJson from '../../../schemas/losslab.schema.json';

export const CONFIG_SCHEMA: AnySchemaObject = schemaJson as AnySchemaObject;
