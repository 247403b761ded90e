/**
 * The shape of the compiled JSON Schema validators the core is given (ajv standalone code or an ajv
 * instance, loaded by src/io/validators.ts). The core never compiles a schema itself.
 */

/** One schema error, as ajv reports it with `allErrors` and `verbose` on. */
export interface SchemaError {
  /** JSON pointer of the value that failed. */
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  /** Set on errors raised while checking a key against `propertyNames`. */
  propertyName?: string;
  /** The schema object holding the failing keyword (ajv `verbose`). */
  parentSchema?: Record<string, unknown>;
  /** The value that failed (ajv `verbose`). */
  data?: unknown;
}

export type SchemaValidateFunction = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** The document kinds that have a schema; the keys are the `kind` values. */
export const SCHEMA_KINDS = ['WorkloadIdentity', 'Service', 'Scenario'] as const;
export type SchemaKind = (typeof SCHEMA_KINDS)[number];

export type SchemaValidators = Record<SchemaKind, SchemaValidateFunction>;
