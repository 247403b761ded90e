/**
 * `explain connection -o text`: the verdict in one line, then every stage with ✓/✗, the manifest
 * lines that decided it (file:line:col and the line itself), nearest misses, reasons and fixes.
 */
import { formatEndpoint } from '../core/policy/endpoint';
import { reasonEntry } from '../core/policy/reasons';
import { resolveRef } from '../core/policy/json';
import type { ConnectionResult, LazyRef, NearMiss, StepOutcome } from '../core/policy/types';
import { escapeRenderedText } from '../core/text/terminal';
import { toYamlSnippet } from './yaml-snippet';
import { describeHint, describeHintResource } from './hint-text';
import { describeStep, scopeMissWords } from './trace-text';

export interface ExplainTextOptions {
  color: boolean;
  /** Show the source text of each referenced line (default true). */
  sourceLines?: boolean;
}

const GLYPH: Record<StepOutcome, string> = { pass: '✓', fail: '✗', skip: '–', info: 'i' };

function paint(color: boolean) {
  const wrap = (code: string) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return {
    green: wrap('32'),
    red: wrap('31'),
    yellow: wrap('33'),
    blue: wrap('34'),
    dim: wrap('2'),
    bold: wrap('1'),
  };
}

export function verdictColor(verdict: string, color: boolean): (s: string) => string {
  const c = paint(color);
  return verdict === 'MTLS'
    ? c.green
    : verdict === 'TLS'
      ? c.blue
      : verdict === 'PLAINTEXT'
        ? c.yellow
        : c.red;
}

function formatRef(r: LazyRef, withLine: boolean, indent: string, dim: (s: string) => string): string[] {
  const pos = resolveRef(r);
  if (pos.line === 0) return [`${indent}${dim(`${pos.file} ${pos.path || '/'}`)}`];
  const out = [`${indent}${dim(`${pos.file}:${pos.line}:${pos.column}  ${pos.path || '/'}`)}`];
  if (withLine) {
    const text = r.origin.sourceLine(pos.line);
    if (text !== undefined && text.trim() !== '')
      out.push(`${indent}${dim(`${String(pos.line).padStart(4)} | `)}${text.trimEnd()}`);
  }
  return out;
}

function describeMiss(m: NearMiss): string {
  const parts: string[] = [];
  if (m.matched.length) parts.push(`matched ${m.matched.join(', ')}`);
  for (const x of m.mismatched) parts.push(`${x.key}: expected "${x.expected}", got "${x.actual}"`);
  for (const x of m.missing) parts.push(`${x.key}: expected "${x.expected}", not set`);
  if (m.scope) {
    const scope = scopeMissWords(m.scope);
    parts.push(`scope ${scope.expected}, workload is on ${scope.actual}`);
  }
  return `${m.identity} (selector entry ${m.entry}, ${m.distance} off): ${parts.join('; ')}`;
}

export function printExplainText(r: ConnectionResult, options: ExplainTextOptions): string {
  const c = paint(options.color);
  const withLines = options.sourceLines !== false;
  const lines: string[] = [];
  const from = r.source.name ?? r.source.identity ?? 'source';
  const vc = verdictColor(r.verdict, options.color);
  lines.push(c.bold(`${from} → ${formatEndpoint(r.destination.address, r.destination.port)}`));
  const tls = r.tls.version
    ? `${r.tls.mode ?? ''} · TLS ${r.tls.version}`
    : r.tls.mode
      ? `${r.tls.mode} (no TLS)`
      : 'no TLS';
  lines.push(`${vc(c.bold(r.verdict))}  ${r.path} path · ${tls}`);
  lines.push(
    `  source       ${r.source.identity ? `${r.source.identity}  ${r.source.spiffeID}` : 'not Riptides-managed'}`,
  );
  lines.push(
    `  destination  ${r.destination.identity ? `${r.destination.identity}  ${r.destination.spiffeID}` : 'not Riptides-managed'}${r.destination.service ? `  (Service ${r.destination.service})` : ''}`,
  );
  lines.push('', c.bold('Trace'));
  for (const s of r.steps) {
    const g =
      s.outcome === 'pass'
        ? c.green(GLYPH.pass)
        : s.outcome === 'fail'
          ? c.red(GLYPH.fail)
          : c.dim(GLYPH[s.outcome]);
    lines.push(
      `  ${g} ${s.stage.padEnd(21)} ${describeStep(s)}${s.reason && s.outcome !== 'pass' ? c.dim(`  [${s.reason}]`) : ''}`,
    );
    for (const ref of s.refs) lines.push(...formatRef(ref, withLines, '        ', c.dim));
    if (s.nearestMisses) {
      if (s.nearestMisses.length === 0)
        lines.push('        no WorkloadIdentity comes close (none shares a selector key=value)');
      else {
        lines.push('        nearest misses:');
        for (const m of s.nearestMisses) {
          lines.push(`          - ${describeMiss(m)}`);
          lines.push(...formatRef(m.ref, false, '            ', c.dim));
        }
      }
    }
  }
  if (r.reasons.length) {
    lines.push('', c.bold('Why'));
    for (const code of r.reasons)
      lines.push(
        `  ${code.padEnd(28)} ${reasonEntry(code)?.title ?? ''}  ${c.dim(`(docs/codes/${code}.md)`)}`,
      );
  }
  if (r.hints.length) {
    lines.push('', c.bold(r.verdict === 'MTLS' || r.verdict === 'TLS' ? 'Notes' : 'How to fix'));
    r.hints.forEach((h, i) => {
      lines.push(`  ${i + 1}. ${describeHint(h)}`);
      if (h.resource) lines.push(`     ${c.dim(`in ${describeHintResource(h.resource)}`)}`);
      if (h.ref) lines.push(...formatRef(h.ref, false, '     ', c.dim));
      if (h.snippet !== undefined)
        for (const y of toYamlSnippet(h.snippet).trimEnd().split('\n')) lines.push(`       ${y}`);
    });
  }
  // Names, values and source lines come from manifests or a control plane (--live).
  return escapeRenderedText(lines.join('\n') + '\n', options.color);
}
