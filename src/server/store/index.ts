/**
 * The control plane's stores: the `Datastore` contract (./types), SQLite (./sqlite, wrapped by
 * ./sqlite-datastore) and PostgreSQL (./postgres, loaded only for `--datastore postgres://…`).
 */
export * from './sqlite';
export * from './types';
export * from './flows';
export { sqliteDatastore } from './sqlite-datastore';
export { runStepsAsync, runStepsSync, type Steps } from './steps';
