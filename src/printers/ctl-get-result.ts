/**
 * `ctl get`'s result → output: the listed resources (table, wide, JSON, YAML or names), "No
 * resources found" on stderr for an empty list; with --watch, the events are printed as they come
 * (the result carries the stream, the base command follows it after printing).
 */
import type { StoredResource } from '../core/wire/types';
import { printResources, type GetFormat } from './ctl-get';
import { renderJsonDocument } from './envelope';
import { toStderr, toStdout, type Printed } from './printed';

export interface CtlGetList {
  kind: 'list';
  items: StoredResource[];
  /** The namespace listed; undefined with -A. */
  namespace?: string;
  /** `ctl get KIND NAME`: one object, printed as itself in JSON/YAML. */
  single: boolean;
  /** Several kinds (`all`): names are `kind/name`. */
  prefixKind: boolean;
  /** The clock for AGE. */
  now: number;
}

/** `--watch`: the list and then every change, written through `write` until Ctrl-C. */
export interface CtlGetWatch {
  kind: 'watch';
  follow(write: (printed: Printed) => void): Promise<void>;
}

export type CtlGetResult = CtlGetList | CtlGetWatch;

export function printCtlGet(r: CtlGetResult, options: { output: string }): Printed {
  if (r.kind === 'watch') return [];
  if (r.items.length === 0)
    return [
      toStderr(
        r.namespace === undefined ? 'No resources found.' : `No resources found in ${r.namespace} namespace.`,
      ),
      ...(options.output === 'json' ? [toStdout(renderJsonDocument('ResourceList', { items: [] }))] : []),
    ];
  return [
    toStdout(
      printResources(r.items, {
        format: options.output as GetFormat,
        showNamespace: r.namespace === undefined,
        now: r.now,
        single: r.single,
        prefixKind: r.prefixKind,
      }),
    ),
  ];
}
