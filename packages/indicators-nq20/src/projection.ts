import type {
  AdministrativeUnit,
  AdmissionOrigin,
  ChainStage,
  CounterpartyKind,
  CreditorType,
  DepartureReason,
  FoundingOrigin,
  HighTechBasis,
  LegalStatus,
  MemberKind,
  OrganisationKind,
  PartyType,
  RatingLevel,
  RecordedEvent,
  ReorganisationShape,
} from '@hoptac/core';
import type { Projection } from './contract';
import { dayNumber, instantMs } from './dates';

/** Both clocks and the place in the record order of the event a fact came from. */
export interface Stamp {
  eventId: string;
  globalPosition: number;
  occurredOn: string;
  recordedAt: string;
  /** `recordedAt` in epoch milliseconds, so comparisons ignore how the instant was written. */
  recordedMs: number;
}

/** An organisation's founding as registered. */
export interface FoundingFact extends Stamp {
  kind: OrganisationKind;
  name: string;
  registrationCode: string;
  headOfficeUnit: string;
  origin: FoundingOrigin;
}
/** The head office is in `unit` from `occurredOn`. */
export interface HeadOfficeFact extends Stamp {
  unit: string;
}
/** The legal status is `status` from `occurredOn`; `cause` is the event type that set it. */
export interface StatusFact extends Stamp {
  status: LegalStatus;
  cause: string;
}
/** A member admitted on `occurredOn`. */
export interface AdmissionFact extends Stamp {
  memberId: string;
  memberKind: MemberKind;
  partyType: PartyType;
  origin: AdmissionOrigin;
}
/** A member left on `occurredOn`. */
export interface DepartureFact extends Stamp {
  memberId: string;
  reason: DepartureReason;
}
/** A member's kind changed on `occurredOn`. */
export interface MemberKindFact extends Stamp {
  memberId: string;
  to: MemberKind;
}
/** A rating or its correction; the latest in record order wins. */
export interface RatingFact extends Stamp {
  year: number;
  scheme: string;
  level: RatingLevel;
  score: number;
  isCorrection: boolean;
}
/** A linkage contract as started. */
export interface LinkageFact extends Stamp {
  linkageId: string;
  counterpartyKind: CounterpartyKind;
  stages: readonly ChainStage[];
  startsOn: string;
  endsOn: string | undefined;
}
/** A recorded end of a linkage (its last day in force) or of a recognition (its last day valid). */
export interface EndFact extends Stamp {
  id: string;
  endsOn: string;
}
/** A high-technology recognition as granted. */
export interface RecognitionFact extends Stamp {
  recognitionId: string;
  basis: HighTechBasis;
  validFrom: string;
  validUntil: string | undefined;
}
/** A digital-transformation assessment. */
export interface DigitalFact extends Stamp {
  checklistVersion: string;
  result: 'meets' | 'does-not-meet';
}
/** A recognised debt. */
export interface DebtFact extends Stamp {
  debtId: string;
  creditorType: CreditorType;
  amount: number;
  originDate: string;
  dueDate: string;
}
/** A payment or write-off of a debt. */
export interface SettlementFact extends Stamp {
  debtId: string;
  amount: number;
  how: 'paid' | 'written-off';
}
/** An administrative sanction. */
export interface SanctionFact extends Stamp {
  decisionRef: string;
}
/** Joining or leaving a cooperative union. */
export interface UnionFact extends Stamp {
  unionId: string;
  joined: boolean;
}
/** A yearly registration update sent to the national system. */
export interface RegistrationUpdateFact extends Stamp {
  windowYear: number;
}
/** A legacy-conversion assessment. */
export interface LegacyFact extends Stamp {
  status: 'not-converted' | 'converted' | 'not-applicable';
  registeredUnderLaw: string;
}
/** One participant's view of a reorganisation decision, or a group's conversion (`shape: 'conversion'`). */
export interface ReorganisationFact extends Stamp {
  reorganisationId: string;
  shape: ReorganisationShape | 'conversion';
  role: 'source-ceases' | 'source-continues' | 'successor' | 'absorbing';
  sourceIds: readonly string[];
  successorIds: readonly string[];
}

/** Everything known about one organisation, every fact with both clocks; arrays grow in record order. */
export interface OrganisationTimeline {
  id: string;
  /** Counts the events applied to this organisation; derived indexes remember the revision they were built at. */
  revision: number;
  /** The latest record time of its facts: a view known at or after it sees every fact of this organisation. */
  maxRecordedMs: number;
  foundings: FoundingFact[];
  /** Sorted by (occurredOn, globalPosition), so the last one on or before a date is the office on that date. */
  headOffices: HeadOfficeFact[];
  /** Sorted by (occurredOn, globalPosition). */
  statuses: StatusFact[];
  admissions: AdmissionFact[];
  departures: DepartureFact[];
  memberKinds: MemberKindFact[];
  ratings: RatingFact[];
  linkages: LinkageFact[];
  linkageEnds: EndFact[];
  recognitions: RecognitionFact[];
  recognitionEnds: EndFact[];
  digital: DigitalFact[];
  debts: DebtFact[];
  settlements: SettlementFact[];
  sanctions: SanctionFact[];
  unions: UnionFact[];
  registrationUpdates: RegistrationUpdateFact[];
  legacy: LegacyFact[];
  reorganisations: ReorganisationFact[];
}

/** A dated reorganisation of administrative units. */
export interface UnitReorganisationFact extends Stamp {
  reorganisationId: string;
  decisionRef: string;
  merges: ReadonlyArray<{ unit: AdministrativeUnit; from: readonly string[] }>;
  abolished: readonly string[];
}

/**
 * Every event seen, in record order, as columns (the first `length` entries of each): for the basis and the
 * data-quality checks over the whole history. Numbers sit in typed arrays that grow by doubling.
 */
export interface EventLog {
  length: number;
  eventIds: string[];
  /** The organisation of each event, '' for territory events. */
  organisationIds: string[];
  globalPositions: Float64Array;
  occurredDays: Int32Array;
  recordedMs: Float64Array;
}

/** The state of the indicators projection: per-organisation timelines and the unit reorganisations. */
export interface IndicatorsState {
  organisations: Map<string, OrganisationTimeline>;
  unitReorganisations: UnitReorganisationFact[];
  log: EventLog;
  lastPosition: number;
  /** Counts the events applied; derived indexes remember the revision they were built at. */
  revision: number;
  /** The latest record time of any event: a view known at or after it sees every event. */
  maxRecordedMs: number;
}

const LOG_CAPACITY = 1024;

/** A fresh, empty state. */
export const initialIndicatorsState = (): IndicatorsState => ({
  organisations: new Map(),
  unitReorganisations: [],
  log: {
    length: 0,
    eventIds: [],
    organisationIds: [],
    globalPositions: new Float64Array(LOG_CAPACITY),
    occurredDays: new Int32Array(LOG_CAPACITY),
    recordedMs: new Float64Array(LOG_CAPACITY),
  },
  lastPosition: 0,
  revision: 0,
  maxRecordedMs: Number.NEGATIVE_INFINITY,
});

const newTimeline = (id: string): OrganisationTimeline => ({
  id,
  revision: 0,
  maxRecordedMs: Number.NEGATIVE_INFINITY,
  foundings: [],
  headOffices: [],
  statuses: [],
  admissions: [],
  departures: [],
  memberKinds: [],
  ratings: [],
  linkages: [],
  linkageEnds: [],
  recognitions: [],
  recognitionEnds: [],
  digital: [],
  debts: [],
  settlements: [],
  sanctions: [],
  unions: [],
  registrationUpdates: [],
  legacy: [],
  reorganisations: [],
});

// keeps (occurredOn, globalPosition) order; arrays are short and facts come in global order, so scan from the end
const insertByDate = <Fact extends Stamp>(facts: Fact[], fact: Fact): void => {
  let index = facts.length;
  while (index > 0 && (facts[index - 1] as Fact).occurredOn > fact.occurredOn) index--;
  if (index === facts.length) facts.push(fact);
  else facts.splice(index, 0, fact);
};

const timelineOf = (state: IndicatorsState, id: string): OrganisationTimeline => {
  let timeline = state.organisations.get(id);
  if (timeline === undefined) {
    timeline = newTimeline(id);
    state.organisations.set(id, timeline);
  }
  return timeline;
};

const grown = <Column extends Float64Array | Int32Array>(column: Column, make: (capacity: number) => Column): Column => {
  const bigger = make(column.length * 2);
  bigger.set(column);
  return bigger;
};

const logEvent = (log: EventLog, event: RecordedEvent, organisationId: string, occurredDay: number, recordedMs: number): void => {
  const at = log.length;
  if (at === log.occurredDays.length) {
    log.globalPositions = grown(log.globalPositions, (capacity) => new Float64Array(capacity));
    log.occurredDays = grown(log.occurredDays, (capacity) => new Int32Array(capacity));
    log.recordedMs = grown(log.recordedMs, (capacity) => new Float64Array(capacity));
  }
  log.eventIds.push(event.eventId);
  log.organisationIds.push(organisationId);
  log.globalPositions[at] = event.globalPosition;
  log.occurredDays[at] = occurredDay;
  log.recordedMs[at] = recordedMs;
  log.length = at + 1;
};

const statusFact = (event: RecordedEvent, recordedMs: number, status: LegalStatus): StatusFact => ({
  eventId: event.eventId,
  globalPosition: event.globalPosition,
  occurredOn: event.occurredOn,
  recordedAt: event.recordedAt,
  recordedMs,
  status,
  cause: event.type,
});

/** Adds one recorded event to the state, in place; the caller feeds events in global order. */
export const applyIndicatorEvent = (state: IndicatorsState, event: RecordedEvent): IndicatorsState => {
  // each fact is one flat object literal: no stamp object spread into it, no closure per event
  const { eventId, globalPosition, occurredOn, recordedAt } = event;
  const recordedMs = instantMs(recordedAt);
  state.revision++;
  if (globalPosition > state.lastPosition) state.lastPosition = globalPosition;
  if (recordedMs > state.maxRecordedMs) state.maxRecordedMs = recordedMs;
  if (event.type === 'AdministrativeUnitsReorganised') {
    logEvent(state.log, event, '', dayNumber(occurredOn), recordedMs);
    const { reorganisationId, decisionRef, merges, abolished } = event.data;
    state.unitReorganisations.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, reorganisationId, decisionRef, merges, abolished });
    return state;
  }
  const organisationId = event.data.organisationId;
  logEvent(state.log, event, organisationId, dayNumber(occurredOn), recordedMs);
  const org = timelineOf(state, organisationId);
  org.revision++;
  if (recordedMs > org.maxRecordedMs) org.maxRecordedMs = recordedMs;
  switch (event.type) {
    case 'MemberAdmitted': {
      const { memberId, memberKind, partyType, origin } = event.data;
      org.admissions.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, memberId, memberKind, partyType, origin });
      break;
    }
    case 'MemberDeparted':
      org.departures.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, memberId: event.data.memberId, reason: event.data.reason });
      break;
    case 'OrganisationFounded': {
      const { kind, name, registrationCode, headOfficeUnit, origin } = event.data;
      org.foundings.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, kind, name, registrationCode, headOfficeUnit, origin });
      insertByDate(org.headOffices, { eventId, globalPosition, occurredOn, recordedAt, recordedMs, unit: headOfficeUnit });
      insertByDate(org.statuses, statusFact(event, recordedMs, 'active'));
      break;
    }
    case 'HeadOfficeMoved':
      insertByDate(org.headOffices, { eventId, globalPosition, occurredOn, recordedAt, recordedMs, unit: event.data.toUnit });
      break;
    case 'MemberKindChanged':
      org.memberKinds.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, memberId: event.data.memberId, to: event.data.to });
      break;
    case 'OperationsSuspended':
      insertByDate(org.statuses, statusFact(event, recordedMs, 'suspended'));
      break;
    case 'OperationsResumed':
      insertByDate(org.statuses, statusFact(event, recordedMs, 'active'));
      break;
    case 'LegalStatusChanged':
      insertByDate(org.statuses, statusFact(event, recordedMs, event.data.to));
      break;
    case 'DissolutionStarted':
      insertByDate(
        org.statuses,
        statusFact(event, recordedMs, event.data.mode === 'bankruptcy' ? 'bankruptcy-proceedings' : 'reorganising-or-dissolving'),
      );
      break;
    case 'DissolutionCompleted':
      insertByDate(org.statuses, statusFact(event, recordedMs, 'ceased'));
      break;
    case 'RatingRecorded':
    case 'RatingCorrected': {
      const { year, scheme, level, score } = event.data;
      const isCorrection = event.type === 'RatingCorrected';
      org.ratings.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, year, scheme, level, score, isCorrection });
      break;
    }
    case 'ValueChainLinkageStarted': {
      const { linkageId, counterpartyKind, stages, startsOn, endsOn } = event.data;
      org.linkages.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, linkageId, counterpartyKind, stages, startsOn, endsOn });
      break;
    }
    case 'ValueChainLinkageEnded':
      org.linkageEnds.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, id: event.data.linkageId, endsOn: event.data.endsOn });
      break;
    case 'HighTechRecognitionGranted': {
      const { recognitionId, basis, validFrom, validUntil } = event.data;
      org.recognitions.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, recognitionId, basis, validFrom, validUntil });
      break;
    }
    case 'HighTechRecognitionLapsed':
      org.recognitionEnds.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, id: event.data.recognitionId, endsOn: event.data.lapsedOn });
      break;
    case 'DigitalAssessmentRecorded': {
      const { checklistVersion, result } = event.data;
      org.digital.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, checklistVersion, result });
      break;
    }
    case 'DebtRecognised': {
      const { debtId, creditorType, amount, originDate, dueDate } = event.data;
      org.debts.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, debtId, creditorType, amount, originDate, dueDate });
      break;
    }
    case 'DebtPaid':
      org.settlements.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, debtId: event.data.debtId, amount: event.data.amount, how: 'paid' });
      break;
    case 'DebtWrittenOff':
      org.settlements.push({
        eventId,
        globalPosition,
        occurredOn,
        recordedAt,
        recordedMs,
        debtId: event.data.debtId,
        amount: event.data.amount,
        how: 'written-off',
      });
      break;
    case 'SanctionImposed':
      org.sanctions.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, decisionRef: event.data.decisionRef });
      break;
    case 'UnionJoined':
      org.unions.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, unionId: event.data.unionId, joined: true });
      break;
    case 'UnionLeft':
      org.unions.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, unionId: event.data.unionId, joined: false });
      break;
    case 'RegistrationUpdateSubmitted':
      org.registrationUpdates.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, windowYear: event.data.windowYear });
      break;
    case 'LegacyConversionAssessed': {
      const { status, registeredUnderLaw } = event.data;
      org.legacy.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, status, registeredUnderLaw });
      break;
    }
    case 'GroupConverted': {
      const { cooperativeId } = event.data;
      org.reorganisations.push({
        eventId,
        globalPosition,
        occurredOn,
        recordedAt,
        recordedMs,
        reorganisationId: `conversion:${organisationId}`,
        shape: 'conversion',
        role: 'source-ceases',
        sourceIds: [organisationId],
        successorIds: [cooperativeId],
      });
      insertByDate(org.statuses, statusFact(event, recordedMs, 'ceased'));
      break;
    }
    case 'OrganisationReorganised': {
      const { reorganisationId, shape, role, sourceIds, successorIds } = event.data;
      org.reorganisations.push({ eventId, globalPosition, occurredOn, recordedAt, recordedMs, reorganisationId, shape, role, sourceIds, successorIds });
      if (role === 'source-ceases') insertByDate(org.statuses, statusFact(event, recordedMs, 'ceased'));
      break;
    }
    case 'RegistrationDetailsChanged':
    case 'CapitalContributed':
    case 'CapitalReturned':
    case 'FundsReported':
    case 'EnterpriseEstablished':
    case 'InspectionRecorded':
      break; // no indicator reads these; they stay in the event log
  }
  return state;
};

/** The one bitemporal projection behind every indicator: any (asOf, knownAt) is answered from its state. */
export const indicatorsProjection: Projection<IndicatorsState> = {
  name: 'indicators-nq20',
  version: 2,
  initialState: initialIndicatorsState,
  apply: applyIndicatorEvent,
  bitemporal: true,
};
