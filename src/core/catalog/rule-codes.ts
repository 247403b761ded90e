/** RT2xxx: cross-resource lint rules (one rule per file in src/core/lint/rules). Never renumbered. */
import type { CatalogEntry } from './types';

const rule = (
  code: string,
  name: string,
  severity: CatalogEntry['severity'],
  title: string,
): CatalogEntry => ({
  code,
  name,
  area: 'rule',
  severity,
  title,
  docs: `docs/codes/${code}.md`,
});

export const ruleCodes: CatalogEntry[] = [
  rule(
    'RT2000',
    'lint-rule-failed',
    'error',
    'A lint rule failed internally (a bug in riptides-cli); the other rules still ran',
  ),
  rule('RT2001', 'egress-selects-no-service', 'warning', 'An egress rule selects no Service in the set'),
  rule('RT2002', 'duplicate-service-address', 'error', 'Two Services claim the same address:port'),
  rule('RT2003', 'duplicate-resource', 'error', 'Two resources share kind, namespace and name'),
  rule(
    'RT2004',
    'duplicate-workload-id',
    'error',
    'Two WorkloadIdentities share a workloadID in overlapping scopes',
  ),
  {
    // Was `ambiguous-identity` until the reason code of that name (a tie when evaluating a
    // connection) took it: one name, one meaning. The old name still works in --disable, configs
    // and annotations.
    ...rule(
      'RT2005',
      'overlapping-selectors',
      'warning',
      'Two WorkloadIdentities can both match one process in an overlapping scope',
    ),
    formerNames: ['ambiguous-identity'],
  },
  rule(
    'RT2006',
    'foreign-trust-domain',
    'warning',
    'An allowedSPIFFEIDs entry is in another trust domain than the configured one',
  ),
  rule(
    'RT2007',
    'unknown-spiffe-id',
    'warning',
    'An allowedSPIFFEIDs entry names no WorkloadIdentity in the set',
  ),
  rule(
    'RT2008',
    'caller-rejected-by-peer',
    'error',
    "A caller's egress rule reaches a peer whose inbound or ingress list excludes the caller",
  ),
  rule(
    'RT2009',
    'peer-excluded-outbound',
    'error',
    "A caller's allowedSPIFFEIDs.outbound excludes the peer its egress rule points at",
  ),
  rule(
    'RT2010',
    'ingress-list-on-implicit-path',
    'warning',
    'ingress[].allowedSPIFFEIDs on an identity reached only over implicit mTLS, where it does not apply',
  ),
  rule(
    'RT2011',
    'permissive-inbound',
    'warning',
    'PERMISSIVE inbound mode admits plaintext (a transitional setting)',
  ),
  rule(
    'RT2012',
    'simple-egress-spiffe-ids',
    'warning',
    'An egress rule with SIMPLE TLS lists allowedSPIFFEIDs, which cannot apply',
  ),
  rule(
    'RT2013',
    'weak-process-name-selector',
    'info',
    'A selector entry identifies a workload by process:name alone',
  ),
  rule('RT2014', 'unknown-selector-type', 'warning', 'A selector key is not a known selector type'),
  rule(
    'RT2015',
    'duplicate-ingress-port',
    'error',
    'Two ingress[] rules of one WorkloadIdentity are for the same port',
  ),
  rule(
    'RT2016',
    'empty-allowed-spiffe-ids',
    'warning',
    'An allowedSPIFFEIDs list is empty: the intent (nobody or anybody?) is ambiguous',
  ),
  rule(
    'RT2017',
    'unknown-suppression-code',
    'warning',
    'A lint.riptides.io/disable annotation names a code that is not a lint rule',
  ),
  rule(
    'RT2018',
    'permissive-allow-list-bypassed',
    'warning',
    'A PERMISSIVE posture is combined with an allow-list that plaintext callers or peers bypass',
  ),
  rule(
    'RT2019',
    'mixed-trust-domains',
    'warning',
    'SPIFFE IDs of several trust domains, and nothing says which one is meant',
  ),
];
