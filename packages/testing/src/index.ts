/** Registers the event-store conformance suite (vitest) for a store adapter. */
export { storeConformanceSuite, type StoreConformanceOptions, type ConformanceGroup } from './store-conformance';
/** Registers the fault suite (vitest) for a store adapter: racing handlers, interrupted reorganisations and imports. */
export { storeFaultSuite, type StoreFaultOptions } from './store-faults';
/** Arbitraries of single schema-valid events, commands, ids, dates and instants. */
export {
  anyId,
  anyDate,
  anyInstant,
  anyEvent,
  anyNewEvent,
  anyTerritoryEvent,
  anyCommand,
  organisationEventArbitraries,
  commandArbitraries,
} from './arbitraries';
/** Whole valid histories of a territory built by driving the deciders, and their building blocks. */
export {
  validHistory,
  historyIntents,
  historyFromIntents,
  buildHistory,
  anyClocks,
  sampleTerritory,
  oraclePlanFor,
  DEFAULT_MIX,
  type HistoryOptions,
  type HistoryTerritory,
  type Intent,
  type IntentKind,
  type IntentMix,
  type HistoryStep,
  type BuiltHistory,
} from './history';
/** The reference oracle: the six indicators computed naively from DOMAIN.md §2. */
export {
  oracleReport,
  ORACLE_INDICATORS,
  type OracleClocks,
  type OracleFigure,
  type OraclePlan,
  type OracleReport,
  type OracleIndicatorId,
} from './oracle';
/** Laws a host checks on its own projection, store or implementation; each throws a LawViolation saying what broke. */
export {
  LawViolation,
  replayIsDeterministic,
  runnersAgree,
  clocksAreReplayOfFiltered,
  orderIndependentAcrossStreams,
  reinterleave,
  anyInterleaving,
  upcastsToCurrentEvent,
  anyStoredVersion,
  BUILT_IN_DOWNGRADES,
  matchesOracle,
  appendInOrder,
  type ClockedQuery,
  type RunnersAgreeOptions,
  type StoredVersion,
  type ReportedFigures,
  type MatchesOracleOptions,
} from './laws';
