/** The engine's stages (SPEC §3), in the order evaluate.ts runs them. */
export { startEvaluation, type Evaluation, type Wire } from './evaluation';
export { resolveSource, sourceIdentityStage, UnknownWorkloadError } from './source-identity';
export { destinationServiceStage } from './destination-service';
export { egressRuleStage, selectEgressRule } from './egress-rule';
export { destinationPeerStage } from './destination-peer';
export { pathStage } from './path';
export { clientTlsStage } from './client-tls';
export {
  clientAuthorizationStage,
  identityConfirmationStage,
  serverAuthorizationStage,
} from './authorization';
