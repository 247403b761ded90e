/**
 * Output of `ctl get`: aligned columns like kubectl (table, wide), JSON, YAML (a multi-document
 * stream that `ctl apply -f` reads back), or `kind/name` lines.
 */
import { stringify } from 'yaml';
import { joinHostPort } from '../core/policy/endpoint';
import { objectRef } from '../core/wire/resources';
import { renderJsonDocument } from './envelope';
import type { StoredResource } from '../core/wire/types';
import { escapeTerminal } from '../core/text/terminal';

export const GET_FORMATS = ['table', 'wide', 'json', 'yaml', 'name'] as const;
export type GetFormat = (typeof GET_FORMATS)[number];

export interface GetPrintOptions {
  format: GetFormat;
  /** Show the NAMESPACE column (with -A). */
  showNamespace: boolean;
  /** For AGE. */
  now: number;
  /** `ctl get KIND NAME`: print the object itself in json/yaml, not a list. */
  single: boolean;
  /** Name objects `workloadidentity/frontend` (several kinds in one output, like `kubectl get all`). */
  prefixKind?: boolean;
}

/** kubectl-style short duration: 45s, 5m, 3h, 12d, 2y. */
export function formatAge(created: string | undefined, now: number): string {
  if (!created) return '<unknown>';
  const t = Date.parse(created);
  if (Number.isNaN(t)) return '<unknown>';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

/** Columns padded to the widest cell, three spaces apart (kubectl's tabwriter look). */
export function alignColumns(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map(escapeTerminal) // names, labels and values come from the control plane
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

function labelsText(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

type Row = { header: string; wide?: boolean; value: (r: StoredResource, o: GetPrintOptions) => string };

const WI_COLUMNS: Row[] = [
  { header: 'WORKLOADID', value: (r) => String((r.spec as { workloadID?: string }).workloadID ?? '') },
  {
    header: 'TLS',
    value: (r) =>
      (r.spec as { connection?: { tls?: { mode?: string } } }).connection?.tls?.mode ?? '<default>',
  },
  { header: 'EGRESS', value: (r) => String(((r.spec as { egress?: unknown[] }).egress ?? []).length) },
  {
    header: 'SCOPE',
    wide: true,
    value: (r) => {
      const scope = (r.spec as { scope?: { daemonGroup?: { id: string }; daemon?: { id: string } } }).scope;
      return scope?.daemonGroup
        ? `daemonGroup:${scope.daemonGroup.id}`
        : scope?.daemon
          ? `daemon:${scope.daemon.id}`
          : '<all>';
    },
  },
  {
    header: 'SELECTORS',
    wide: true,
    value: (r) =>
      ((r.spec as { selectors?: Record<string, string>[] }).selectors ?? [])
        .map((e) =>
          Object.entries(e)
            .map(([k, v]) => `${k}=${v}`)
            .join(','),
        )
        .join(' | '),
  },
];

const SVC_COLUMNS: Row[] = [
  {
    header: 'ADDRESSES',
    value: (r) =>
      ((r.spec as { addresses?: { address: string; port: number }[] }).addresses ?? [])
        // An IPv6 address in brackets, as in a URL: [fd00::1]:443 (a colon in an address means IPv6).
        .map((a) => joinHostPort(a.address, a.port))
        .join(','),
  },
  {
    header: 'LABELS',
    wide: true,
    value: (r) => labelsText((r.spec as { labels?: Record<string, string> }).labels),
  },
];

function tableFor(kind: string, items: StoredResource[], o: GetPrintOptions): string {
  const specific = (kind === 'WorkloadIdentity' ? WI_COLUMNS : SVC_COLUMNS).filter(
    (c) => !c.wide || o.format === 'wide',
  );
  const columns: Row[] = [
    ...(o.showNamespace ? [{ header: 'NAMESPACE', value: (r: StoredResource) => r.metadata.namespace }] : []),
    { header: 'NAME', value: (r) => (o.prefixKind ? objectRef(r.kind, r.metadata.name) : r.metadata.name) },
    ...specific,
    { header: 'AGE', value: (r, opts) => formatAge(r.metadata.creationTimestamp, opts.now) },
    ...(o.format === 'wide'
      ? [{ header: 'VERSION', value: (r: StoredResource) => r.metadata.resourceVersion }]
      : []),
  ];
  return alignColumns([columns.map((c) => c.header), ...items.map((r) => columns.map((c) => c.value(r, o)))]);
}

/** Render resources (already sorted) in one of the `-o` formats. */
export function printResources(items: StoredResource[], o: GetPrintOptions): string {
  switch (o.format) {
    case 'json':
      // One named resource prints as itself (versioned by its own apiVersion, re-appliable), as kubectl does.
      return o.single ? JSON.stringify(items[0], null, 2) : renderJsonDocument('ResourceList', { items });
    case 'yaml':
      // yaml double-quotes strings with control characters but leaves C1 ones (U+0080–U+009F) raw:
      // written as YAML's own \xNN escape they read back the same and never reach the terminal raw.
      return items
        .map((r) => stringify(r, { lineWidth: 0 }))
        .join('---\n')
        .replace(/[\u0080-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16)}`);
    case 'name':
      return items.map((r) => escapeTerminal(objectRef(r.kind, r.metadata.name))).join('\n');
    default: {
      // One table per kind (their columns differ), like `kubectl get all`.
      const kinds = [...new Set(items.map((r) => r.kind))];
      return kinds
        .map((k) =>
          tableFor(
            k,
            items.filter((r) => r.kind === k),
            o,
          ),
        )
        .join('\n\n');
    }
  }
}
