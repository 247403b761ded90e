/**
 * The one catalog of every code a user can see, in one id space: findings (RT1xxx–RT4xxx), connection
 * reasons, API problem types, the reasons of a refused SVID request, CLI error codes and flow explanations. Each area keeps its entries in
 * its own typed file; they all register here, with the prose and the example of their page.
 * docs/codes/<id>.md is generated from this (scripts/build-docs.js) and `riptides-cli docs` reads it.
 * Commands that only emit findings load `./index` (the findings), not this module.
 */
import { FLOW_EXPLANATIONS } from '../flows/compare';
import { REASONS } from '../policy/reasons';
import { ERROR_CODES } from './error-codes';
import { catalog as findings } from './index';
import { ISSUANCE_REASONS } from './issuance-codes';
import { PROBLEM_CODES, PROBLEM_TYPE_PREFIX } from './problem-codes';
import { PROSE } from './prose';
import { svidCodeDetails } from './svid-codes';
import type { CatalogEntry, CodeEntry, CodeKind, CodeProse } from './types';

export type { CodeEntry, CodeExample, CodeKind } from './types';

const AREA: Record<CatalogEntry['area'], string> = {
  manifest: 'manifest (`validate`, and every command that reads manifests)',
  rule: 'cross-resource lint rule (`validate`)',
  'x509-svid': 'X.509-SVID (`svid inspect`)',
  'jwt-svid': 'JWT-SVID (`svid inspect`)',
  bundle: 'trust bundle (`svid inspect`, `--bundle`)',
};

function make(
  id: string,
  kind: CodeKind,
  title: string,
  facts: string,
  prose: CodeProse,
  extra: { aliases?: readonly string[]; formerNames?: readonly string[] } = {},
): CodeEntry {
  const formerNames = extra.formerNames ?? [];
  const entry: CodeEntry = {
    id,
    kind,
    title,
    facts,
    summary: prose.summary,
    fix: prose.fix,
    aliases: [...(extra.aliases ?? []), ...formerNames],
    formerNames,
    docs: `docs/codes/${id}.md`,
  };
  if (prose.details) entry.details = prose.details;
  return entry;
}

function findingProse(f: CatalogEntry): CodeProse {
  const written = PROSE[f.code];
  if (written) return written;
  const svid = svidCodeDetails(f.code);
  return { summary: `${f.title}.`, details: `## What it means\n\n${svid.explanation}`, fix: svid.fix };
}

function findingFacts(f: CatalogEntry): string {
  const facts = [`**Severity:** ${f.severity}`, `**Area:** ${AREA[f.area]}`];
  if (f.area === 'rule')
    facts.push(
      `**Suppress:** \`--disable ${f.code}\`, \`disable: [${f.code}]\` in \`.riptides-lint.yaml\`, or the annotation \`lint.riptides.io/disable: ${f.code}\` on the resource`,
    );
  return facts.join(' · ');
}

function build(): CodeEntry[] {
  const out: CodeEntry[] = [];
  for (const f of findings)
    out.push(
      make(f.code, 'finding', f.title, findingFacts(f), findingProse(f), {
        aliases: [f.name],
        formerNames: f.formerNames,
      }),
    );
  for (const r of REASONS) {
    const prose = PROSE[r.code];
    if (!prose) throw new Error(`reason ${r.code} has no prose`);
    out.push(make(r.code, 'reason', r.title, '**Kind:** connection reason (`explain`, `simulate`)', prose));
  }
  for (const [code, p] of Object.entries(PROBLEM_CODES))
    out.push(
      make(
        code,
        'problem',
        p.title,
        `**Kind:** API problem type · **HTTP status:** ${p.status} · **title:** ${p.title} · **type:** \`${PROBLEM_TYPE_PREFIX}${code}\` · **CLI exit code:** ${problemExit(p.status)}`,
        { summary: p.summary, fix: p.fix },
      ),
    );
  for (const [code, r] of Object.entries(ISSUANCE_REASONS))
    out.push(
      make(
        code,
        'issuance-reason',
        r.title,
        `**Kind:** refused SVID request: the \`reason\` of a 422 \`invalid\` answer to \`POST /v1/svids/x509\`${code === 'invalid-ttl' ? ' or `POST /v1/svids/jwt`' : ''} · **HTTP status:** 422 · **CLI exit code:** ${problemExit(422)} (\`svid issue\`)`,
        { summary: r.summary, fix: r.fix },
      ),
    );
  for (const [code, e] of Object.entries(ERROR_CODES))
    out.push(
      make(code, 'error', e.title, `**Kind:** CLI error · **Exit code:** ${e.exit}`, {
        summary: e.summary,
        fix: e.fix,
      }),
    );
  for (const [code, title] of Object.entries(FLOW_EXPLANATIONS)) {
    const prose = FLOW_PROSE[code as keyof typeof FLOW_EXPLANATIONS];
    out.push(
      make(
        code,
        'flow-note',
        title,
        '**Kind:** flow explanation (`explain connection --flow`, `simulate --flows`)',
        prose,
      ),
    );
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The exit code of a client command that gets a problem with this status (SPEC §5). */
function problemExit(status: number): number {
  return status === 401 || status === 403 || status === 429 || status >= 500 ? 3 : 1;
}

const FLOW_PROSE: Record<keyof typeof FLOW_EXPLANATIONS, CodeProse> = {
  'silent-downgrade': {
    summary:
      'The manifests predict MTLS or TLS for the connection, but the daemon observed it as plain TCP: traffic the policy means to protect went unencrypted. This is the failure transparent mTLS must never hide.',
    fix: 'Look at the other explanations of the same flow (an identity not enrolled, a missing Service); check that the daemon on both nodes runs and has the current policy (`GET /v1/daemongroups/{id}/policy`).',
  },
  'daemon-reason': {
    summary: 'The flow record carries `observed.reason`: the daemon’s own words for the outcome.',
    fix: 'Read the reason beside the predicted trace; it usually names what the daemon saw differently.',
  },
  'source-not-enrolled': {
    summary:
      'The manifests give the source a SPIFFE ID, but the flow says it presented none: the identity was not issued (or not yet enrolled) when the connection happened.',
    fix: 'Check that the WorkloadIdentity was applied before the connection, and that the source’s node runs a daemon of the identity’s daemon group.',
  },
  'peer-not-enrolled': {
    summary:
      'The destination was not on a managed node (or not enrolled) when the flow happened, while the manifests make it a managed peer.',
    fix: 'Check that the destination’s node runs a daemon and that its WorkloadIdentity was applied before the connection.',
  },
  'source-identity-differs': {
    summary:
      'The source presented another SPIFFE ID than the manifests give it: the deployed identities differ from these manifests.',
    fix: 'Compare the manifests with the live ones (`riptides-cli ctl diff -f …`).',
  },
  'peer-identity-differs': {
    summary:
      'The destination presented another SPIFFE ID than the manifests give it: the deployed identities differ from these manifests.',
    fix: 'Compare the manifests with the live ones (`riptides-cli ctl diff -f …`).',
  },
  'peer-unknown-to-manifests': {
    summary: 'The destination presented a SPIFFE ID, but no WorkloadIdentity in the manifests selects it.',
    fix: 'Add the manifests that define the destination’s identity (or replay with `--live`).',
  },
  'missing-service': {
    summary:
      'No Service has the destination address and port, so the manifests put the connection on the implicit path (or none); the observation suggests an explicit one.',
    fix: 'Add the Service for the destination address (or replay with `--live` if it exists live).',
  },
  'staged-change': {
    summary:
      'With staged manifests (`--baseline` or `--live` plus `-f staged/`): the current manifests agree with what was observed, the staged ones predict another verdict. Applying them would change this connection.',
    fix: 'Review the change before applying: if it is meant, nothing to do; if not, fix the staged manifests.',
  },
};

let cached: CodeEntry[] | undefined;

/** Every code, sorted by id. */
export function allCodes(): readonly CodeEntry[] {
  return (cached ??= build());
}

/** The entry whose id or alias is `ref` (any case for RT codes). */
export function findCode(ref: string): CodeEntry | undefined {
  const t = ref.trim();
  const upper = t.toUpperCase();
  const lower = t.toLowerCase();
  const codes = allCodes();
  return codes.find((c) => c.id === upper || c.id === lower) ?? codes.find((c) => c.aliases.includes(lower));
}
