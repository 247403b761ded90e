/** The one list of lint rules, sorted by code. A rule file that is not listed here does not run (a meta-test checks). */
import { overlappingSelectors } from './rules/overlapping-selectors';
import { callerRejectedByPeer } from './rules/caller-rejected-by-peer';
import { duplicateIngressPort } from './rules/duplicate-ingress-port';
import { duplicateResource } from './rules/duplicate-resource';
import { duplicateServiceAddress } from './rules/duplicate-service-address';
import { duplicateWorkloadId } from './rules/duplicate-workload-id';
import { egressSelectsNoService } from './rules/egress-selects-no-service';
import { emptyAllowedSpiffeIds } from './rules/empty-allowed-spiffe-ids';
import { foreignTrustDomain } from './rules/foreign-trust-domain';
import { mixedTrustDomains } from './rules/mixed-trust-domains';
import { ingressListOnImplicitPath } from './rules/ingress-list-on-implicit-path';
import { peerExcludedOutbound } from './rules/peer-excluded-outbound';
import { permissiveAllowListBypassed } from './rules/permissive-allow-list-bypassed';
import { permissiveInbound } from './rules/permissive-inbound';
import { simpleEgressSpiffeIds } from './rules/simple-egress-spiffe-ids';
import { unknownSelectorType } from './rules/unknown-selector-type';
import { unknownSpiffeId } from './rules/unknown-spiffe-id';
import { unknownSuppressionCode } from './rules/unknown-suppression-code';
import { weakProcessNameSelector } from './rules/weak-process-name-selector';
import type { LintRule } from './types';

export const lintRules: readonly LintRule[] = [
  egressSelectsNoService, // RT2001
  duplicateServiceAddress, // RT2002
  duplicateResource, // RT2003
  duplicateWorkloadId, // RT2004
  overlappingSelectors, // RT2005
  foreignTrustDomain, // RT2006
  unknownSpiffeId, // RT2007
  callerRejectedByPeer, // RT2008
  peerExcludedOutbound, // RT2009
  ingressListOnImplicitPath, // RT2010
  permissiveInbound, // RT2011
  simpleEgressSpiffeIds, // RT2012
  weakProcessNameSelector, // RT2013
  unknownSelectorType, // RT2014
  duplicateIngressPort, // RT2015
  emptyAllowedSpiffeIds, // RT2016
  unknownSuppressionCode, // RT2017
  permissiveAllowListBypassed, // RT2018
  mixedTrustDomains, // RT2019
  // Codes are ASCII (`RT2001`): code-unit order, without the ICU collator that localeCompare sets up
  // on its first call (≈ 15 ms of every command that loads the rules).
].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

export function findRule(code: string): LintRule | undefined {
  return lintRules.find((r) => r.code === code);
}
