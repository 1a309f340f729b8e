/** The event store on EventStoreDB / KurrentDB: every batch committed as one event to a log stream, then fanned out. */
export { EventStoreDbEventStore } from './eventstoredb-store';
/** How to reach EventStoreDB and which streams the store keeps for itself. */
export type { EventStoreDbOptions } from './eventstoredb-store';
/** What one store instance knows of the log, and how it plans appends against it (pure). */
export { LogIndex } from './log-index';
/** An append planned against the log: a repeat of stored events, or new events to commit. */
export type { AppendPlan } from './log-index';
/** The EventStoreDB id of one of our events: ours if a UUID, else a UUID derived from it. */
export { esdbEventId } from './mapping';
/** A deterministic name-based UUID (version 5). */
export { uuidV5 } from './mapping';
/** Our expected version as EventStoreDB's expected revision. */
export { toExpectedRevision } from './mapping';
/** An EventStoreDB revision as our stream version. */
export { toStreamVersion } from './mapping';
/** EventStoreDB's WrongExpectedVersionError as our ConcurrencyError. */
export { toConcurrencyError } from './mapping';
/** An `$all` position as "commit/prepare" text. */
export { positionToString } from './mapping';
/** "commit/prepare" text back to an `$all` position. */
export { positionFromString } from './mapping';
/** One stored event as EventStoreDB event data and metadata. */
export { toEsdbEvent } from './mapping';
/** EventStoreDB event data and metadata back to a stored event. */
export { fromEsdbEvent } from './mapping';
/** A batch of stored events as the one log event that commits it. */
export { toBatchEvent } from './mapping';
/** A log event back to the events of its batch. */
export { fromBatchEvent } from './mapping';
/** Our event filter split into the server-side part for `$all` and the rest for the client. */
export { toServerFilter } from './mapping';
/** The shapes the mapping works with: EventStoreDB event data, expected revisions, server filters, log entries. */
export type { EsdbEventData, EsdbExpectedRevision, ServerFilter, BatchEntry } from './mapping';
