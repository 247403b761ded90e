/** Test helpers for observed flows: quickstart snapshots and flow records. */
import fs from 'node:fs';
import path from 'node:path';
import { sampleRecord, type FlowRecord, type ReplaySummary } from '../../src/core/flows';
import { checkDocuments } from '../../src/core/manifest/check';
import { buildSnapshot, type Snapshot } from '../../src/core/policy';
import { loadManifests } from '../../src/io/read-inputs';
import { loadValidators } from '../../src/io/validators';
import { REPO_ROOT, tempDir } from './cli';

export const QUICKSTART = path.join(REPO_ROOT, 'examples', 'quickstart');
export const DG = 'riptides/daemongroup/dev-eu-west-1/on-demand-workers';

/**
 * A replay summary with every pair's sample as a parsed record (the fast path keeps a sample's text,
 * a replay of records the record), for comparing replays that read the same flows differently.
 */
export function withSampleRecords(s: ReplaySummary): ReplaySummary {
  return {
    ...s,
    pairs: s.pairs.map((p) => ({ ...p, sample: { line: p.sample.line, flow: sampleRecord(p.sample) } })),
  };
}

/** The WorkloadIdentities and Services of `paths` (scenarios ignored) as a snapshot with no workloads. */
export async function manifestSnapshot(paths: string[], trustDomain = 'example.com'): Promise<Snapshot> {
  const loaded = await loadManifests(paths);
  const checked = checkDocuments(loaded.documents, { validators: loadValidators() });
  return buildSnapshot(checked.resources, { trustDomain, workloads: [], external: [] });
}

/** A copy of the quickstart with the backend's inbound mode set to `mode` (a "staged" change). */
export function stagedQuickstart(mode: 'PERMISSIVE' | 'SIMPLE' | 'MUTUAL'): string {
  const dir = tempDir('riptides-staged-');
  for (const f of fs.readdirSync(QUICKSTART)) {
    let text = fs.readFileSync(path.join(QUICKSTART, f), 'utf8');
    if (f === 'backend-api-workloadidentity.yaml') text = text.replace('mode: MUTUAL', `mode: ${mode}`);
    fs.writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

export const ATTRS = {
  frontend: { 'k8s:label:app': 'frontend', 'k8s:pod:namespace': 'myapp', 'process:name': 'node' },
  backend: { 'k8s:label:app': 'backend-api', 'k8s:pod:namespace': 'myapp', 'process:name': 'node' },
  legacy: { 'k8s:label:app': 'legacy-client', 'k8s:pod:namespace': 'myapp', 'process:name': 'curl' },
};
export const BACKEND = { address: 'backend-api.myapp.svc.cluster.local', port: 3000 };
export const FRONTEND = { address: 'frontend.myapp.svc.cluster.local', port: 8080 };

/** A quickstart flow record. */
export function flow(
  from: keyof typeof ATTRS,
  to: 'backend' | 'frontend',
  verdict: FlowRecord['observed']['verdict'],
  extra: { reason?: string; time?: string; srcId?: string | null; dstId?: string | null } = {},
): FlowRecord {
  const dst = to === 'backend' ? BACKEND : FRONTEND;
  return {
    time: extra.time ?? '2026-11-30T10:00:00.123Z',
    daemon: 'node-7',
    daemonGroup: DG,
    source: {
      attributes: { ...ATTRS[from] },
      address: '10.0.0.5',
      spiffeID: extra.srcId === undefined ? null : extra.srcId,
    },
    destination: {
      ...dst,
      attributes: { ...(to === 'backend' ? ATTRS.backend : ATTRS.frontend) },
      spiffeID: extra.dstId === undefined ? null : extra.dstId,
    },
    observed: {
      verdict,
      tlsVersion: verdict === 'MTLS' || verdict === 'TLS' ? '1.3' : null,
      reason: extra.reason ?? null,
    },
  };
}

/** The three flows of the quickstart tests, as NDJSON lines. */
export function quickstartFlowsNdjson(): string {
  return (
    [
      flow('frontend', 'backend', 'PLAINTEXT', { reason: 'peer did not answer the TLS handshake' }),
      flow('legacy', 'frontend', 'PLAINTEXT'),
      flow('legacy', 'backend', 'REJECTED'),
      flow('frontend', 'backend', 'MTLS', {
        srcId: 'spiffe://example.com/myapp/app/frontend',
        dstId: 'spiffe://example.com/myapp/app/backend-api',
      }),
    ]
      .map((f) => JSON.stringify(f))
      .join('\n') + '\n'
  );
}
