/**
 * Server-side validation of one resource document before it is stored. Returns field problems as
 * JSON pointers into the document; empty means valid. This is the one place the server decides
 * validity, so switching to the CLI's JSON Schemas (src/core/manifest/check.ts) is a change here.
 */
import type { ProblemFieldError } from '../api/types';
import { CORE_API_VERSION } from '../core/manifest/types';
import { checkWorkloadPath } from '../core/spiffe/id';

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkStringMap(value: unknown, pointer: string, out: ProblemFieldError[]): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    out.push({ pointer, message: 'must be a map of strings' });
    return;
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      out.push({ pointer: `${pointer}/${escapePointer(k)}`, message: 'must be a string' });
  }
}

function checkKeys(
  value: Record<string, unknown>,
  allowed: string[],
  pointer: string,
  out: ProblemFieldError[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      out.push({ pointer: `${pointer}/${escapePointer(key)}`, message: `unknown field "${key}"` });
    }
  }
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Validate a WorkloadIdentity or Service manifest; metadata fields the server sets are allowed. */
export function validateResourceDocument(doc: unknown): ProblemFieldError[] {
  const out: ProblemFieldError[] = [];
  if (!isObject(doc)) return [{ pointer: '', message: 'a resource must be a JSON object' }];
  checkKeys(doc, ['apiVersion', 'kind', 'metadata', 'spec'], '', out);
  if (doc.apiVersion !== CORE_API_VERSION) {
    out.push({ pointer: '/apiVersion', message: `must be "${CORE_API_VERSION}"` });
  }
  if (doc.kind !== 'WorkloadIdentity' && doc.kind !== 'Service') {
    out.push({ pointer: '/kind', message: 'must be "WorkloadIdentity" or "Service"' });
  }
  const meta = doc.metadata;
  if (!isObject(meta)) {
    out.push({ pointer: '/metadata', message: 'is required and must be an object' });
  } else {
    checkKeys(
      meta,
      [
        'name',
        'namespace',
        'labels',
        'annotations',
        'uid',
        'resourceVersion',
        'generation',
        'creationTimestamp',
      ],
      '/metadata',
      out,
    );
    if (typeof meta.name !== 'string' || meta.name.length > 253 || !NAME.test(meta.name)) {
      out.push({
        pointer: '/metadata/name',
        message: 'is required: a lowercase RFC 1123 subdomain (a-z, 0-9, "-", "."), at most 253 characters',
      });
    }
    if (
      meta.namespace !== undefined &&
      (typeof meta.namespace !== 'string' || meta.namespace.length > 63 || !LABEL_NAME.test(meta.namespace))
    ) {
      out.push({
        pointer: '/metadata/namespace',
        message: 'must be a lowercase RFC 1123 label (≤ 63 characters)',
      });
    }
    checkStringMap(meta.labels, '/metadata/labels', out);
    checkStringMap(meta.annotations, '/metadata/annotations', out);
    if (meta.resourceVersion !== undefined && typeof meta.resourceVersion !== 'string') {
      out.push({ pointer: '/metadata/resourceVersion', message: 'must be a string' });
    }
  }
  const spec = doc.spec;
  if (!isObject(spec)) {
    out.push({ pointer: '/spec', message: 'is required and must be an object' });
    return out;
  }
  if (doc.kind === 'WorkloadIdentity') checkWorkloadIdentitySpec(spec, out);
  else if (doc.kind === 'Service') checkServiceSpec(spec, out);
  return out;
}

function checkWorkloadIdentitySpec(spec: Record<string, unknown>, out: ProblemFieldError[]): void {
  checkKeys(
    spec,
    ['workloadID', 'selectors', 'scope', 'connection', 'allowedSPIFFEIDs', 'egress', 'ingress'],
    '/spec',
    out,
  );
  const id = spec.workloadID;
  if (typeof id !== 'string') {
    out.push({ pointer: '/spec/workloadID', message: 'is required: a SPIFFE path without the leading "/"' });
  } else {
    for (const p of checkWorkloadPath(id)) out.push({ pointer: '/spec/workloadID', message: p.message });
  }
  if (!Array.isArray(spec.selectors) || spec.selectors.length === 0) {
    out.push({ pointer: '/spec/selectors', message: 'is required: a list of at least one selector map' });
  } else {
    spec.selectors.forEach((entry, i) => {
      if (!isObject(entry) || Object.keys(entry).length === 0) {
        out.push({
          pointer: `/spec/selectors/${i}`,
          message: 'must be a non-empty map of selector to value',
        });
      } else checkStringMap(entry, `/spec/selectors/${i}`, out);
    });
  }
  for (const key of ['scope', 'connection', 'allowedSPIFFEIDs'] as const) {
    if (spec[key] !== undefined && !isObject(spec[key]))
      out.push({ pointer: `/spec/${key}`, message: 'must be an object' });
  }
  for (const key of ['egress', 'ingress'] as const) {
    if (spec[key] !== undefined && !Array.isArray(spec[key]))
      out.push({ pointer: `/spec/${key}`, message: 'must be a list' });
  }
}

function checkServiceSpec(spec: Record<string, unknown>, out: ProblemFieldError[]): void {
  checkKeys(spec, ['addresses', 'labels'], '/spec', out);
  if (!Array.isArray(spec.addresses) || spec.addresses.length === 0) {
    out.push({ pointer: '/spec/addresses', message: 'is required: a list of at least one {address, port}' });
  } else {
    spec.addresses.forEach((a, i) => {
      if (!isObject(a)) {
        out.push({ pointer: `/spec/addresses/${i}`, message: 'must be an object {address, port}' });
        return;
      }
      checkKeys(a, ['address', 'port'], `/spec/addresses/${i}`, out);
      if (typeof a.address !== 'string' || a.address === '') {
        out.push({
          pointer: `/spec/addresses/${i}/address`,
          message: 'is required: a DNS name or IP address',
        });
      }
      if (typeof a.port !== 'number' || !Number.isInteger(a.port) || a.port < 1 || a.port > 65535) {
        out.push({ pointer: `/spec/addresses/${i}/port`, message: 'is required: an integer 1–65535' });
      }
    });
  }
  checkStringMap(spec.labels, '/spec/labels', out);
}
