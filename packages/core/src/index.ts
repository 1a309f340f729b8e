export {
  IsoDate,
  IsoInstant,
  Id,
  Dong,
  Year,
  OrganisationKind,
  MemberKind,
  PartyType,
  LegalStatus,
  RatingLevel,
  RatingScheme,
  ChainStage,
  CounterpartyKind,
  CreditorType,
  CIRCULAR_01_2020,
  CIRCULAR_09_2017,
} from './primitives';
/** Organisation events and commands (zod schemas), the decider (initialState, evolve, decide, involvedOrganisations, decideOrganisations) and its rules. */
export * from './organisation/index';
/** Administrative units: the AdministrativeUnitsReorganised event, its command and decider (initialTerritory, evolveTerritory, decideTerritory). */
export * from './territory/index';
export { HoptacEvent, EventMetadata, Envelope, type EventType, type NewEvent, type RecordedEvent } from './events';
export {
  DomainError,
  isDomainError,
  ConcurrencyError,
  isConcurrencyError,
  IdempotencyError,
  InvalidEventError,
  isInvalidEventError,
  type Rejection,
} from './errors';
export { GENESIS_HASH, canonicalJson, chainHash, type HashedContent } from './integrity';
export {
  UpcasterRegistry,
  defaultUpcasters,
  currentSchemaVersion,
  CURRENT_SCHEMA_VERSIONS,
  UPCASTERS,
  type Upcaster,
} from './upcasting';
export { parseDomainEvent, parseRecordedEvent, parseNewEvent, parseStreamName } from './validation';
export {
  matchesFilter,
  type EventStore,
  type ExpectedVersion,
  type AppendRequest,
  type AppendResult,
  type EventFilter,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeOptions,
  type Subscription,
  type Checkpoint,
  type CheckpointStore,
  type BulkImport,
  type BulkWriteResult,
} from './store/port';
export { checkExpectedVersion, checkBatchVersions, classifyRepeat, importedEventHash, toRecordedEvent, validateBatch } from './store/append-plan';
export { followLive, type LiveSource } from './store/subscription';
/** What a store's live subscriptions wait on: woken after an append or a notification, with an optional poll interval. */
export { WakeSignal } from './store/subscription';
export { MemoryEventStore } from './store/memory-store';
/** One tenant's (territory's) view of a shared store: stamps, filters and refuses by `metadata.tenant`; TenantError when tenants would mix. */
export { tenantScoped, TenantError, isTenantError } from './store/tenant-scope';
export {
  ndjsonLines,
  toNdjsonLine,
  exportNdjson,
  importNdjson,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
} from './interchange/ndjson';
/** Reads stored events from NDJSON, validated and in order (optionally with the hash chain), one array per chunk. */
export { readNdjsonEvents, type ReadNdjsonOptions } from './interchange/read';
export { CommandHandler, loadOrganisation, type CommandHandlerOptions } from './command-handler';
export { verifyChain, type ChainProblem, type ChainVerification } from './verify-chain';
