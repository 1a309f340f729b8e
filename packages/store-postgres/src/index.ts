/** The event store on PostgreSQL: gap-free positions under a head-row lock, LISTEN/NOTIFY subscriptions. */
export { PostgresEventStore } from './postgres-store';
/** How to reach PostgreSQL and where the store keeps its tables. */
export type { PostgresStoreOptions } from './postgres-store';
/** A projection checkpoint together with the read model saved with it. */
export type { CheckpointWithState } from './postgres-store';
/** The schema migrations the store applies on open, oldest first. */
export { MIGRATIONS } from './schema';
/** Brings a schema up to date, once, under an advisory lock. */
export { migrate } from './schema';
/** One schema migration: version, name and SQL. */
export type { Migration } from './schema';
/** Reads a bigint column as a number, refusing values a number cannot hold exactly. */
export { toPosition } from './rows';
