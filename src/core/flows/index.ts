/** Observed connections (SPEC §4.1): flow records, their comparison with predictions, and replay. */
export * from './record';
export * from './compare';
export * from './replay';
export * from './report';
export * from './time';
