/** Feed protocol v1: validation, idempotent ingest and recordings (docs/feed-protocol.md). */
export * from './protocol';
export * from './ingest';
export * from './recording';
export { PersistentMap, toPersistentMap } from './persistent-map';
export * from './connection';
