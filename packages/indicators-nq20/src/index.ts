/** The plan as data: schema, defaults, parsing. */
export { PlanDefinition, PlanPolicies, Comparator, IndicatorId, MonthDay, PartialMergePolicy, parsePlan, type PlanInput } from './plan';
/** The bundled Vĩnh Bảo plan, its units before 1/7/2025 and the 2025 unit reorganisation (sample data). */
export { vinhBaoPlan, vinhBaoUnits, vinhBaoUnitReorganisation2025, VINH_BAO_DISTRICT } from './plan';
/** The one bitemporal projection behind every indicator, its state and apply step. */
export { indicatorsProjection, initialIndicatorsState, applyIndicatorEvent } from './projection';
/** Reading the state's event log by entry (`Stamp.at`): event id, clocks, position, an organisation's chain, memberships. */
export {
  eventIdAt,
  positionAt,
  dayAt,
  recordedMsAt,
  memberCodeAt,
  nextEventAt,
  memberIdsOf,
  dateAt,
  LOG_CHUNK,
  ADMITTED,
  DEPARTED,
  KIND_CHANGED,
  memberKindCode,
  admissionOriginCode,
  departureReasonCode,
} from './projection';
/** An organisation's ratings, digital assessments and registration updates (kept as columns) as facts. */
export { ratingsOf, ratingAt, digitalAssessmentsOf, registrationUpdatesOf, CORRECTION } from './projection';
/** The packed, front-coded strings of the state (event ids, member ids) and reading them back. */
export { textAt, textAfter, type TextTable } from './texts';
/** The projection's state and the facts it keeps, each with both clocks. */
export type {
  IndicatorsState,
  OrganisationTimeline,
  Stamp,
  FoundingFact,
  HeadOfficeFact,
  StatusFact,
  RatingFact,
  LinkageFact,
  EndFact,
  RecognitionFact,
  DigitalFact,
  DebtFact,
  SettlementFact,
  SanctionFact,
  UnionFact,
  RegistrationUpdateFact,
  LegacyFact,
  ReorganisationFact,
  UnitReorganisationFact,
  EventLog,
  LogChunk,
  FactTable,
  MemberCode,
} from './projection';
/** The projection contract and the two clocks (structurally the same as @hoptac/projections). */
export type { Clocks, Projection } from './contract';
/** A query's view of the state at both clocks, the territory over time, and where an organisation is. */
export { queryContext, placementOn, legalStatusOn, type QueryContext, type TerritoryView, type Placement } from './view';
/** The six indicators, one function each, and one to pick by id. */
export {
  computeIndicator,
  newCooperatives,
  newMembers,
  memberFlows,
  goodFairShare,
  valueChainShare,
  highTechShare,
  digitalShare,
  ratingYearAt,
  effectiveRating,
  type Computation,
  type Entry,
  type MemberFlows,
  type EffectiveRating,
} from './indicators';
/** Target comparisons and statuses (met, not-met, on-track, behind, no-data). */
export { targetStatus, countSatisfies, shareSatisfies, thresholdOf, elapsedFraction, type TargetStatus, type Measured } from './targets';
/** The companion figures reported beside the indicators. */
export { companions, activeMembers, registrationWindowAt, type Companions } from './companions';
/** Data-quality warnings. */
export { type Warning } from './warnings';
/** Why an organisation is counted or left out, as codes with plain-English text. */
export { REASONS, type Reason } from './reasons';
/** Explains an indicator: organisations in the numerator, the denominator, and left out, with event ids. */
export { explain, type Explanation, type ExplainedOrganisation } from './explain';
/** The report for (plan, asOf, knownAt), its zod schema and titles. */
export { buildReport, IndicatorReport, INDICATOR_TITLES, formatPercentage, type IndicatorResult } from './report';
