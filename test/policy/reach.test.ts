/** The API for `svid inspect --explain`: identity by SPIFFE ID, and what it may reach. */
import path from 'node:path';
import { findIdentitiesBySpiffeId, summarizeIdentityReach } from '../../src/core/policy';
import { loadCaseFile, snapshotOf } from './helpers';

const c = loadCaseFile(path.join(__dirname, 'cases', 'seed-quickstart.yaml'));
const snapshot = snapshotOf(c);

describe('identity reach', () => {
  test('finds the WorkloadIdentity of a SPIFFE ID, with its origin', () => {
    const found = findIdentitiesBySpiffeId(snapshot, 'spiffe://example.com/myapp/app/frontend');
    expect(found.map((f) => f.resource)).toEqual(['WorkloadIdentity riptides-system/frontend']);
    expect(found[0].ref.origin.locate(found[0].ref.path).line).toBeGreaterThan(0);
    expect(findIdentitiesBySpiffeId(snapshot, 'spiffe://other.org/myapp/app/frontend')).toEqual([]);
    expect(findIdentitiesBySpiffeId(snapshot, 'spiffe://example.com/nobody')).toEqual([]);
  });

  test('summarises egress rules → Services, lists and implicit mTLS', () => {
    const [frontend] = findIdentitiesBySpiffeId(snapshot, 'spiffe://example.com/myapp/app/frontend');
    const reach = summarizeIdentityReach(snapshot, frontend.identity);
    expect(reach.spiffeID).toBe('spiffe://example.com/myapp/app/frontend');
    expect(reach.egress).toHaveLength(1);
    expect(reach.egress[0]).toMatchObject({
      mode: 'MUTUAL',
      allowedSPIFFEIDs: ['spiffe://example.com/myapp/app/backend-api'],
      services: [
        {
          service: 'riptides-system/backend-api-svc',
          addresses: ['backend-api.myapp.svc.cluster.local:3000'],
        },
      ],
    });
    expect(reach.outbound).toEqual(['spiffe://example.com/myapp/app/backend-api']);
    expect(reach.inboundMode).toBe('PERMISSIVE');
    // Data only: src/printers/svid-sections.ts writes the note (describeImplicitMtls).
    expect(reach.implicitMtls).toEqual({ applies: true, trustDomain: 'example.com' });
  });
});
