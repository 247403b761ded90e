/** The connection engine (SPEC §3): the public API used by explain, simulate and svid inspect. */
export { buildSnapshot, describeWorkload, endpointKey, resolveEndpoint, resolvePeer } from './snapshot';
export { canonicalHost, formatEndpoint } from './endpoint';
export type { IdentityEntry, ResolvedEndpoint, ServiceEntry, Snapshot, WorkloadEntry } from './snapshot';
export { evaluateConnection, evaluateDecision, UnknownWorkloadError } from './evaluate';
export type { ConnectionQuery, Decision, EvaluateOptions } from './decision';
export { resolveRef } from './json';
export { REASONS, reasonEntry, mainReason } from './reasons';
export type { ReasonCode, ReasonEntry } from './reasons';
export { scenarioInput, parseEndpoint } from './scenario';
export {
  simulate,
  planPairs,
  listEndpoints,
  computeCoverage,
  compareSimulations,
  classifyChange,
  countRegressions,
  failsGate,
} from './simulate';
export type {
  ChangeKind,
  PairPlan,
  PlannedPair,
  RegressionGate,
  SimulatedPair,
  Simulation,
  VerdictChange,
  Coverage,
} from './simulate';
export { findIdentitiesBySpiffeId, summarizeIdentityReach } from './reach';
export type { IdentityMatch, ReachSummary } from './reach';
export * from './types';
