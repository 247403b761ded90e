/**
 * End-to-end: an allow-list that a connection bypasses is said in explain's result (a note reason with
 * its docs page), and validate warns about the PERMISSIVE posture behind it (RT2018).
 */
import fs from 'node:fs';
import path from 'node:path';
import { runCli, tempDir } from '../helpers/cli';

const MANIFESTS = `apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: ledger, namespace: bank}
spec:
  workloadID: bank/ledger
  selectors: [{k8s:label:app: ledger, k8s:pod:namespace: bank}]
  connection: {tls: {mode: PERMISSIVE}}
  allowedSPIFFEIDs:
    inbound: [spiffe://example.com/bank/teller]
---
apiVersion: core.riptides.io/v1alpha1
kind: WorkloadIdentity
metadata: {name: teller, namespace: bank}
spec:
  workloadID: bank/teller
  selectors: [{k8s:label:app: teller, k8s:pod:namespace: bank}]
---
apiVersion: sim.riptides.io/v1alpha1
kind: Scenario
metadata: {name: bank}
spec:
  trustDomain: example.com
  workloads:
    - name: ledger
      attributes: {k8s:label:app: ledger, k8s:pod:namespace: bank}
      listen: [{address: ledger.bank.internal, port: 8443}]
    - name: teller
      attributes: {k8s:label:app: teller, k8s:pod:namespace: bank}
    - name: script
      attributes: {k8s:label:app: batch, k8s:pod:namespace: bank}
`;

describe('bypassed allow-lists', () => {
  const dir = tempDir();
  const file = path.join(dir, 'bank.yaml');
  fs.writeFileSync(file, MANIFESTS);

  test('plain TCP into a PERMISSIVE destination says its inbound list was not checked', async () => {
    const args = [
      'explain',
      'connection',
      '-f',
      file,
      '--from',
      'script',
      '--to',
      'ledger.bank.internal:8443',
    ];
    const j = JSON.parse((await runCli([...args, '-o', 'json'])).stdout);
    expect(j.verdict).toBe('PLAINTEXT');
    expect(j.reasons).toEqual(['no-identity', 'inbound-not-checked-plaintext']);
    const step = j.steps.find((s: { reason?: string }) => s.reason === 'inbound-not-checked-plaintext');
    expect(step.stage).toBe('server-authorization');
    expect(step.refs[0].path).toBe('/spec/allowedSPIFFEIDs/inbound');
    const text = (await runCli(args)).stdout;
    expect(text).toMatch(/inbound-not-checked-plaintext .*docs\/codes\/inbound-not-checked-plaintext\.md/);
    // The listed caller over mTLS is checked as before, with no note.
    const ok = JSON.parse(
      (
        await runCli([
          'explain',
          'connection',
          '-f',
          file,
          '--from',
          'teller',
          '--to',
          'ledger.bank.internal:8443',
          '-o',
          'json',
        ])
      ).stdout,
    );
    expect(ok.verdict).toBe('MTLS');
    expect(ok.reasons).toEqual([]);
  });

  test('validate warns about the PERMISSIVE posture next to the list (RT2018)', async () => {
    const r = await runCli(['validate', '-f', file, '-o', 'json']);
    expect(r.code).toBe(0);
    const findings = JSON.parse(r.stdout).findings as { code: string; path: string }[];
    expect(findings.filter((f) => f.code === 'RT2018').map((f) => f.path)).toEqual([
      '/spec/allowedSPIFFEIDs/inbound',
    ]);
  });
});
