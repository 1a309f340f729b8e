/** The embedded durable event store on one SQLite file (WAL), and the function that opens it. */
export { SqliteEventStore, openSqliteEventStore, type SqliteStoreOptions, type SqliteAppendOptions, type CheckpointWithState } from './sqlite-store';
/** The schema version this package writes (SQLite `user_version`), and the durability levels it offers. */
export { SCHEMA_VERSION, type Durability } from './schema';
