/**
 * `simulate --flows` output: text (summary, disagreeing pairs with the deciding manifest line, coverage
 * gate, bad records), json (the shape in docs/flows.md) and sarif (a drift or change is a result at
 * the manifest line that decides it; with a failing coverage gate, every non-MTLS pair too).
 */
import type { FlowReport, ReportedPair } from '../core/flows';
import { FLOW_EXPLANATIONS } from '../core/flows';
import type { SourceRef } from '../core/findings';
import { resolveRef } from '../core/policy/json';
import { reasonEntry } from '../core/policy/reasons';
import { artifactUri } from './sarif';

const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : null);

function pairJson(p: ReportedPair) {
  const x = p.pair;
  return {
    source: { identity: x.sourceIdentity, spiffeID: x.sourceSpiffeID, attributes: x.sourceAttributes },
    destination: { address: x.destination, identity: x.destinationIdentity, spiffeID: x.destinationSpiffeID },
    count: x.count,
    status: x.status,
    observed: x.observed,
    predicted: x.predicted,
    ...(x.staged ? { staged: x.staged } : {}),
    firstSeen: iso(x.firstSeen),
    lastSeen: iso(x.lastSeen),
    reasons: [...x.reasons],
    explanations: [...x.explanations],
    sample: { line: x.sample.line },
    ...(p.mainReason ? { mainReason: p.mainReason } : {}),
    ...(p.decidedBy ? { decidedBy: resolveRef(p.decidedBy) } : {}),
  };
}

/** The JSON report in one string (printFlowReportJsonParts joined). */
export function printFlowReportJson(r: FlowReport, source: string): string {
  return [...printFlowReportJsonParts(r, source)].join('');
}

/** Pairs per part of the streamed JSON report. */
const PAIRS_PER_PART = 256;
const PAIRS_HOLE = '\u0000pairs\u0000';
/** What `JSON.stringify({ p: [...] }, null, 2)` puts around the elements. */
const PART_HEAD = '{\n  "p": [\n';
const PART_TAIL = '\n  ]\n}';

/**
 * The JSON report (`JSON.stringify(…, null, 2)` and a newline) in parts, the pairs a few hundred at a
 * time, so that the report of 16,000 pairs is never whole in memory (objects nor text).
 */
export function* printFlowReportJsonParts(r: FlowReport, source: string): Generator<string> {
  const s = r.summary;
  const out = {
    source,
    flows: { total: s.flows, invalid: s.invalid, evaluations: s.evaluations },
    summary: {
      status: s.status,
      observed: s.observed,
      predicted: s.predicted,
      ...(s.staged ? { staged: s.staged } : {}),
    },
    pairs: PAIRS_HOLE,
    flowsInOmittedPairs: s.overflow,
    disagreements: s.notable,
    disagreementsOmitted: s.notableOmitted,
    errors: s.errors,
    errorsOmitted: s.errorsOmitted,
    ...(r.coverage
      ? {
          coverage: {
            threshold: r.coverage.threshold,
            basis: r.coverage.basis,
            mtls: r.coverage.mtls,
            total: r.coverage.total,
            percent: Math.round(r.coverage.percent * 100) / 100,
            passed: r.coverage.passed,
            nonMtlsPairs: r.coverage.nonMtls.map(pairJson),
          },
        }
      : {}),
  };
  const text = JSON.stringify(out, null, 2) + '\n';
  const hole = text.indexOf(JSON.stringify(PAIRS_HOLE));
  yield text.slice(0, hole);
  if (r.pairs.length === 0) yield '[]';
  else {
    for (let i = 0; i < r.pairs.length; i += PAIRS_PER_PART) {
      // Stringified as the value of a top-level key, the elements get the pairs' own indentation.
      const text = JSON.stringify({ p: r.pairs.slice(i, i + PAIRS_PER_PART).map(pairJson) }, null, 2);
      yield (i === 0 ? '[\n' : ',\n') + text.slice(PART_HEAD.length, text.length - PART_TAIL.length);
    }
    yield '\n  ]';
  }
  yield text.slice(hole + JSON.stringify(PAIRS_HOLE).length);
}

const counts = (c: Partial<Record<string, number>>) =>
  Object.entries(c)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

function sourceName(p: ReportedPair): string {
  const x = p.pair;
  if (x.sourceIdentity) return x.sourceIdentity;
  const a = x.sourceAttributes ?? {};
  return `unmanaged (${Object.entries(a)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;
}

function where(ref: SourceRef): string {
  return `${ref.file}:${ref.line}:${ref.column} ${ref.path}`;
}

export function printFlowReportText(r: FlowReport, source: string): string {
  const s = r.summary;
  const lines: string[] = [];
  lines.push(
    `${s.flows} flow${s.flows === 1 ? '' : 's'} from ${source}: ${s.status.agree} agree, ${s.status.drift} drift${r.staged ? `, ${s.status.changes} changes` : ''}${s.invalid ? `; ${s.invalid} invalid record${s.invalid === 1 ? '' : 's'}` : ''}`,
  );
  lines.push(`  observed   ${counts(s.observed) || '-'}`);
  lines.push(`  predicted  ${counts(s.predicted) || '-'}`);
  if (s.staged) lines.push(`  staged     ${counts(s.staged) || '-'}`);
  lines.push(
    `  ${r.pairs.length} (source identity, destination) pair${r.pairs.length === 1 ? '' : 's'}, ${s.evaluations} evaluation${s.evaluations === 1 ? '' : 's'}`,
  );
  const disagreeing = r.pairs.filter((p) => p.pair.status.drift > 0 || p.pair.status.changes > 0);
  if (disagreeing.length > 0) {
    lines.push('', 'Disagreeing pairs');
    for (const p of disagreeing.slice(0, 100)) {
      const x = p.pair;
      lines.push(
        `  ${x.status.drift > 0 ? 'drift  ' : 'changes'}  ${sourceName(p)} → ${x.destination}  ${x.count} flow${x.count === 1 ? '' : 's'} (${counts(x.status)})`,
      );
      lines.push(
        `           observed ${counts(x.observed)} · predicted ${counts(x.predicted)}${x.staged ? ` · staged ${counts(x.staged)}` : ''} · seen ${iso(x.firstSeen)} … ${iso(x.lastSeen)}`,
      );
      if (x.reasons.length) lines.push(`           reasons: ${[...x.reasons].join(', ')}`);
      for (const e of x.explanations) lines.push(`           - ${FLOW_EXPLANATIONS[e]} [${e}]`);
      if (p.decidedBy) lines.push(`           decided by ${where(resolveRef(p.decidedBy))}`);
      lines.push(
        `           explain: riptides-cli explain connection --flow ${source}:${x.sample.line} -f …`,
      );
    }
    if (disagreeing.length > 100)
      lines.push(`  … and ${disagreeing.length - 100} more pairs (-o json lists them all)`);
  }
  if (r.coverage) {
    const c = r.coverage;
    lines.push(
      '',
      `mTLS coverage ${c.percent.toFixed(1)}% of ${c.total} flows (${c.mtls} MTLS), required ${c.threshold}%: ${c.passed ? 'passed' : 'FAILED'}`,
    );
    for (const p of c.nonMtls.slice(0, 200)) {
      const v = p.pair.staged ?? p.pair.predicted;
      lines.push(
        `  ${sourceName(p)} → ${p.pair.destination}  ${counts(v)}${p.mainReason ? `  [${p.mainReason}: ${reasonEntry(p.mainReason)?.title ?? ''}]` : ''}`,
      );
      if (p.decidedBy) lines.push(`      decided by ${where(resolveRef(p.decidedBy))}`);
    }
    if (c.nonMtls.length > 200)
      lines.push(`  … and ${c.nonMtls.length - 200} more non-MTLS pairs (-o json lists them all)`);
  }
  if (s.invalid > 0) {
    lines.push('', `Invalid records (${s.invalid})`);
    for (const e of s.errors)
      for (const p of e.problems)
        lines.push(
          `  ${source}:${e.line}${e.column ? `:${e.column}` : ''}: ${p.path || '(record)'}: ${p.message}`,
        );
    if (s.errorsOmitted > 0) lines.push(`  … and ${s.errorsOmitted} more`);
  }
  return lines.join('\n') + '\n';
}

/** Why a flow replay fails (exit 1), as data: the cli layer finds them, describeFlowFailure words them. */
export type FlowFailure =
  | { kind: 'invalid-records'; count: number }
  /** `--fail-on drift|any` and this many drifting flows. */
  | { kind: 'drift'; count: number }
  /** `--fail-on changes|any` and this many flows the staged manifests change. */
  | { kind: 'changes'; count: number }
  /** `--min-mtls-coverage`: the share of MTLS flows (percent) below the threshold. */
  | { kind: 'coverage'; percent: number; threshold: number };

/** One reason a replay fails, for stderr (the reasons are joined with `; `). */
export function describeFlowFailure(f: FlowFailure): string {
  switch (f.kind) {
    case 'invalid-records':
      return `${f.count} invalid flow record${f.count === 1 ? '' : 's'}`;
    case 'drift':
      return `${f.count} drift`;
    case 'changes':
      return `${f.count} changes`;
    case 'coverage':
      return `mTLS coverage ${f.percent.toFixed(1)}% < ${f.threshold}%`;
  }
}

const RULES = [
  { id: 'flow-drift', text: 'Observed connections differ from what the manifests predict' },
  { id: 'flow-changes', text: 'The staged manifests would change observed connections' },
  { id: 'mtls-coverage', text: 'A connection pair is not mTLS while an mTLS coverage gate is set' },
];

export function printFlowReportSarif(r: FlowReport, source: string, toolVersion: string): string {
  const results: Record<string, unknown>[] = [];
  const push = (ruleId: string, level: string, p: ReportedPair, text: string) => {
    const ref = p.decidedBy ? resolveRef(p.decidedBy) : undefined;
    results.push({
      ruleId,
      ruleIndex: RULES.findIndex((x) => x.id === ruleId),
      level,
      message: { text },
      ...(ref
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifactUri(ref.file) },
                  ...(ref.line > 0 ? { region: { startLine: ref.line, startColumn: ref.column } } : {}),
                },
              },
            ],
          }
        : {}),
      properties: {
        source: sourceName(p),
        destination: p.pair.destination,
        flows: p.pair.count,
        sampleLine: p.pair.sample.line,
      },
    });
  };
  for (const p of r.pairs) {
    const x = p.pair;
    const what = `${sourceName(p)} → ${x.destination}: observed ${counts(x.observed)}, predicted ${counts(x.predicted)}${x.staged ? `, staged ${counts(x.staged)}` : ''} (${x.count} flows, e.g. ${source}:${x.sample.line})${x.explanations.length ? `; ${[...x.explanations].join(', ')}` : ''}`;
    if (x.status.drift > 0) push('flow-drift', 'error', p, `drift: ${what}`);
    else if (x.status.changes > 0) push('flow-changes', 'warning', p, `changes: ${what}`);
  }
  if (r.coverage && !r.coverage.passed)
    for (const p of r.coverage.nonMtls)
      push(
        'mtls-coverage',
        'error',
        p,
        `not mTLS: ${sourceName(p)} → ${p.pair.destination} (${counts(p.pair.staged ?? p.pair.predicted)})${p.mainReason ? ` [${p.mainReason}]` : ''}; coverage ${r.coverage.percent.toFixed(1)}% < ${r.coverage.threshold}%`,
      );
  return (
    JSON.stringify(
      {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: {
                name: 'riptides-cli',
                version: toolVersion,
                informationUri: 'https://riptides.io',
                rules: RULES.map((x) => ({
                  id: x.id,
                  shortDescription: { text: x.text },
                  help: { text: `${x.text}. See docs/flows.md in the riptides-cli repository.` },
                })),
              },
            },
            results,
            columnKind: 'unicodeCodePoints',
          },
        ],
      },
      null,
      2,
    ) + '\n'
  );
}
