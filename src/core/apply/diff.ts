/**
 * `ctl diff`: a unified diff of the live object against the local one, per resource, on the
 * user-owned fields only (server-set metadata is ignored).
 */
import { createTwoFilesPatch } from 'diff';
import { stringify } from 'yaml';
import { jsonEqual, normalizeResource } from './normalize';

export interface ResourceDiff {
  /** `workloadidentity/frontend` style name of the object. */
  ref: string;
  namespace: string;
  /** `created`: not live yet; `deleted`: live but not local; `changed`; `same`. */
  change: 'created' | 'changed' | 'same';
  /** Unified diff text ('' when same). */
  patch: string;
}

function yamlOf(resource: unknown | undefined, template: unknown): string {
  return resource === undefined ? '' : stringify(normalizeResource(resource, template), { lineWidth: 0 });
}

/** Diff one object: `live` undefined when it does not exist on the control plane. */
export function diffResource(
  ref: string,
  namespace: string,
  live: unknown | undefined,
  local: unknown,
): ResourceDiff {
  // The common case first: equal objects need no text at all.
  if (live !== undefined && jsonEqual(normalizeResource(live), normalizeResource(local)))
    return { ref, namespace, change: 'same', patch: '' };
  // Both in the local manifest's field order, so the diff reads like the file.
  const before = yamlOf(live, local);
  const after = yamlOf(local, local);
  if (before === after) return { ref, namespace, change: 'same', patch: '' };
  const label = `${namespace}/${ref}`;
  const patch = createTwoFilesPatch(
    live === undefined ? '/dev/null' : `live/${label}`,
    `local/${label}`,
    before,
    after,
    undefined,
    undefined,
    { context: 3 },
  );
  return { ref, namespace, change: live === undefined ? 'created' : 'changed', patch: stripIndexLine(patch) };
}

/** jsdiff starts with `Index:` / `====` lines; unified diff readers (and kubectl diff) do not. */
function stripIndexLine(patch: string): string {
  const lines = patch.split('\n');
  while (lines.length > 0 && (lines[0].startsWith('Index:') || /^=+$/.test(lines[0]))) lines.shift();
  return lines.join('\n');
}
