/**
 * The JSON Schema validators the CLI passes to the core: the standalone module that the build
 * precompiled into dist/generated (loads in a few ms, no ajv compiler), else compiled from schemas/.
 */
import path from 'node:path';
import type { SchemaValidators } from '../core/manifest/schema-validators';

/** Where scripts/build-validators.js writes the precompiled validators, relative to dist/io. */
export const PRECOMPILED_VALIDATORS = path.join(__dirname, '..', 'generated', 'schema-validators.js');

let cached: SchemaValidators | undefined;

export function loadValidators(): SchemaValidators {
  if (cached) return cached;
  try {
    cached = require(PRECOMPILED_VALIDATORS) as SchemaValidators;
  } catch (err) {
    if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
    // Running from src/ (tests, ts-node) or an unbuilt tree: compile now.
    cached = (require('./schema-compiler') as typeof import('./schema-compiler')).compileValidators();
  }
  return cached;
}
