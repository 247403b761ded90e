/**
 * `simulate -o table`: a matrix (rows = source workloads, columns = endpoints) with one glyph per
 * verdict and a legend, the non-MTLS pairs with their main reason, failed expectations, coverage and
 * the change impact against a baseline.
 */
import { mainReason } from '../core/policy/reasons';
import { resolveRef } from '../core/policy/json';
import { countRegressions, type Simulation, type VerdictChange } from '../core/policy/simulate';
import type { Verdict } from '../core/manifest/types';
import { verdictColor } from './explain-text';
import { escapeRenderedText } from '../core/text/terminal';

export const VERDICT_GLYPH: Record<Verdict, string> = { MTLS: 'M', TLS: 'T', PLAINTEXT: 'P', REJECTED: 'X' };

export interface SimulateTextOptions {
  color: boolean;
  changes?: VerdictChange[];
  /** Rows × columns above this only list the pairs (a matrix would not be readable). */
  maxMatrixCells?: number;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function printSimulateTable(sim: Simulation, options: SimulateTextOptions): string {
  const lines: string[] = [];
  const bold = (s: string) => (options.color ? `\u001b[1m${s}\u001b[0m` : s);
  const complete = sim.pairs.length === sim.total;
  const byCell = new Map<string, (typeof sim.pairs)[number]>();
  const usedColumns = new Set<string>();
  const usedRows = new Set<string>();
  for (const p of sim.pairs) {
    byCell.set(`${p.from}\0${p.toText}`, p);
    usedColumns.add(p.toText);
    usedRows.add(p.from);
  }
  const columns = sim.endpoints.filter((e) => usedColumns.has(e));
  const rows = sim.workloads.filter((w) => usedRows.has(w));
  if (complete && rows.length * columns.length <= (options.maxMatrixCells ?? 2500)) {
    const nameWidth = Math.max(6, ...rows.map((r) => r.length));
    const colWidth = Math.max(3, String(columns.length).length + 1);
    lines.push(bold('Reachability'));
    lines.push(
      `  ${''.padEnd(nameWidth)}  ${columns.map((_, i) => String(i + 1).padStart(colWidth)).join('')}`,
    );
    for (const row of rows) {
      const cells = columns.map((col) => {
        const p = byCell.get(`${row}\0${col}`);
        if (!p) return '·'.padStart(colWidth);
        const g = VERDICT_GLYPH[p.result.verdict] + (p.expectation === 'failed' ? '!' : '');
        return verdictColor(p.result.verdict, options.color)(g.padStart(colWidth));
      });
      lines.push(`  ${row.padEnd(nameWidth)}  ${cells.join('')}`);
    }
    lines.push('');
    columns.forEach((col, i) => lines.push(`  ${String(i + 1).padStart(colWidth)}  ${col}`));
    lines.push(
      '',
      `  Legend: M = MTLS, T = TLS, P = PLAINTEXT, X = REJECTED, · = not evaluated, ! = expectation failed`,
    );
  } else {
    lines.push(
      `${sim.workloads.length} workloads × ${sim.endpoints.length} endpoints: too many for a matrix; -o json lists every pair.`,
    );
  }
  const s = sim.summary;
  lines.push(
    '',
    `${bold('Summary')}  ${sim.total} connections: ${s.MTLS} MTLS, ${s.TLS} TLS, ${s.PLAINTEXT} PLAINTEXT, ${s.REJECTED} REJECTED`,
  );

  const notMtls = sim.pairs.filter((p) => p.result.verdict !== 'MTLS');
  if (notMtls.length) {
    lines.push('', bold('Not mTLS'));
    const shown = notMtls.slice(0, 200);
    for (const p of shown) {
      lines.push(
        `  ${p.from} → ${p.toText}  ${verdictColor(p.result.verdict, options.color)(p.result.verdict)}  ${mainReason(p.result.verdict, p.result.reasons) ?? ''}`,
      );
    }
    const more = notMtls.length - shown.length + sim.omitted;
    if (more > 0) lines.push(`  … and ${more} more (-o json lists every pair)`);
  }
  const failed = sim.pairs.filter((p) => p.expectation === 'failed');
  lines.push('', `${bold('Expectations')}  ${s.expectations.passed} passed, ${s.expectations.failed} failed`);
  for (const p of failed) {
    const where = p.ref ? resolveRef(p.ref) : undefined;
    lines.push(
      `  ✗ ${p.from} → ${p.toText}: expected ${p.expect}, got ${p.result.verdict} (${mainReason(p.result.verdict, p.result.reasons) ?? 'no reason'})${where && where.line ? `  ${where.file}:${where.line}:${where.column}` : ''}`,
    );
    lines.push(`    see: riptides-cli explain connection --from ${p.from} --to ${shellWord(p.toText)} …`);
  }
  const cov = sim.coverage;
  lines.push(
    `${bold('Coverage')}  endpoints ${cov.endpoints.withExpectation}/${cov.endpoints.total} (${pct(cov.endpoints.share)}), identity pairs ${cov.identityPairs.withExpectation}/${cov.identityPairs.total} (${pct(cov.identityPairs.share)}) have an expectation`,
  );
  if (options.changes) lines.push(...printChanges(options.changes, bold));
  // Workload names and addresses come from scenario files or a control plane (--live).
  return escapeRenderedText(lines.join('\n') + '\n', options.color);
}

const CHANGE_GROUPS = [
  { kind: 'security', title: 'Security regressions (newly admitted or less protected)', mark: '✗' },
  { kind: 'availability', title: 'Availability regressions (newly refused)', mark: '✗' },
  { kind: 'improvement', title: 'Improvements', mark: '•' },
] as const;

/** The change impact against a baseline: a count per kind, then the pairs grouped by kind. */
function printChanges(changes: readonly VerdictChange[], bold: (s: string) => string): string[] {
  const n = countRegressions(changes);
  const regressions = n.security + n.availability;
  const lines = [
    '',
    `${bold('Changes against the baseline')}  ${changes.length} changed, ${regressions} regression${regressions === 1 ? '' : 's'} (${n.security} security, ${n.availability} availability)`,
  ];
  for (const group of CHANGE_GROUPS) {
    const list = changes.filter((c) => c.kind === group.kind);
    if (list.length === 0) continue;
    lines.push(`  ${group.title}`);
    for (const c of list)
      lines.push(
        `    ${group.mark} ${c.from} → ${c.to}: ${c.before} → ${c.after}${c.reason ? ` (${c.reason})` : ''}`,
      );
  }
  return lines;
}

/** `[fd00::1]:443` is a glob pattern to a shell: quote it in the command a user copies. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9._:/-]+$/.test(s) ? s : `'${s}'`;
}
