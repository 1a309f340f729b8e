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

/** Every event seen, in record order, as columns: for data-quality checks over the whole history. */
export interface EventLog {
  eventIds: string[];
  globalPositions: number[];
  types: string[];
  organisationIds: string[];
  occurredDays: number[];
  recordedMs: number[];
}

/** The state of the indicators projection: per-organisation timelines and the unit reorganisations. */
export interface IndicatorsState {
  organisations: Map<string, OrganisationTimeline>;
  unitReorganisations: UnitReorganisationFact[];
  log: EventLog;
  lastPosition: number;
}

/** A fresh, empty state. */
export const initialIndicatorsState = (): IndicatorsState => ({
  organisations: new Map(),
  unitReorganisations: [],
  log: { eventIds: [], globalPositions: [], types: [], organisationIds: [], occurredDays: [], recordedMs: [] },
  lastPosition: 0,
});

const newTimeline = (id: string): OrganisationTimeline => ({
  id,
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
  facts.splice(index, 0, fact);
};

const timelineOf = (state: IndicatorsState, id: string): OrganisationTimeline => {
  let timeline = state.organisations.get(id);
  if (timeline === undefined) {
    timeline = newTimeline(id);
    state.organisations.set(id, timeline);
  }
  return timeline;
};

/** Adds one recorded event to the state, in place; the caller feeds events in global order. */
export const applyIndicatorEvent = (state: IndicatorsState, event: RecordedEvent): IndicatorsState => {
  const stamp: Stamp = {
    eventId: event.eventId,
    globalPosition: event.globalPosition,
    occurredOn: event.occurredOn,
    recordedAt: event.recordedAt,
    recordedMs: instantMs(event.recordedAt),
  };
  const { log } = state;
  log.eventIds.push(stamp.eventId);
  log.globalPositions.push(stamp.globalPosition);
  log.types.push(event.type);
  log.occurredDays.push(dayNumber(stamp.occurredOn));
  log.recordedMs.push(stamp.recordedMs);
  state.lastPosition = Math.max(state.lastPosition, event.globalPosition);
  if (event.type === 'AdministrativeUnitsReorganised') {
    log.organisationIds.push('');
    const { reorganisationId, decisionRef, merges, abolished } = event.data;
    state.unitReorganisations.push({ ...stamp, reorganisationId, decisionRef, merges, abolished });
    return state;
  }
  log.organisationIds.push(event.data.organisationId);
  const org = timelineOf(state, event.data.organisationId);
  const status = (to: LegalStatus) => insertByDate(org.statuses, { ...stamp, status: to, cause: event.type });
  switch (event.type) {
    case 'OrganisationFounded': {
      const { kind, name, registrationCode, headOfficeUnit, origin } = event.data;
      org.foundings.push({ ...stamp, kind, name, registrationCode, headOfficeUnit, origin });
      insertByDate(org.headOffices, { ...stamp, unit: headOfficeUnit });
      status('active');
      break;
    }
    case 'HeadOfficeMoved':
      insertByDate(org.headOffices, { ...stamp, unit: event.data.toUnit });
      break;
    case 'MemberAdmitted': {
      const { memberId, memberKind, partyType, origin } = event.data;
      org.admissions.push({ ...stamp, memberId, memberKind, partyType, origin });
      break;
    }
    case 'MemberKindChanged':
      org.memberKinds.push({ ...stamp, memberId: event.data.memberId, to: event.data.to });
      break;
    case 'MemberDeparted':
      org.departures.push({ ...stamp, memberId: event.data.memberId, reason: event.data.reason });
      break;
    case 'OperationsSuspended':
      status('suspended');
      break;
    case 'OperationsResumed':
      status('active');
      break;
    case 'LegalStatusChanged':
      status(event.data.to);
      break;
    case 'DissolutionStarted':
      status(event.data.mode === 'bankruptcy' ? 'bankruptcy-proceedings' : 'reorganising-or-dissolving');
      break;
    case 'DissolutionCompleted':
      status('ceased');
      break;
    case 'RatingRecorded':
    case 'RatingCorrected': {
      const { year, scheme, level, score } = event.data;
      org.ratings.push({ ...stamp, year, scheme, level, score, isCorrection: event.type === 'RatingCorrected' });
      break;
    }
    case 'ValueChainLinkageStarted': {
      const { linkageId, counterpartyKind, stages, startsOn, endsOn } = event.data;
      org.linkages.push({ ...stamp, linkageId, counterpartyKind, stages, startsOn, endsOn });
      break;
    }
    case 'ValueChainLinkageEnded':
      org.linkageEnds.push({ ...stamp, id: event.data.linkageId, endsOn: event.data.endsOn });
      break;
    case 'HighTechRecognitionGranted': {
      const { recognitionId, basis, validFrom, validUntil } = event.data;
      org.recognitions.push({ ...stamp, recognitionId, basis, validFrom, validUntil });
      break;
    }
    case 'HighTechRecognitionLapsed':
      org.recognitionEnds.push({ ...stamp, id: event.data.recognitionId, endsOn: event.data.lapsedOn });
      break;
    case 'DigitalAssessmentRecorded':
      org.digital.push({ ...stamp, checklistVersion: event.data.checklistVersion, result: event.data.result });
      break;
    case 'DebtRecognised': {
      const { debtId, creditorType, amount, originDate, dueDate } = event.data;
      org.debts.push({ ...stamp, debtId, creditorType, amount, originDate, dueDate });
      break;
    }
    case 'DebtPaid':
      org.settlements.push({ ...stamp, debtId: event.data.debtId, amount: event.data.amount, how: 'paid' });
      break;
    case 'DebtWrittenOff':
      org.settlements.push({ ...stamp, debtId: event.data.debtId, amount: event.data.amount, how: 'written-off' });
      break;
    case 'SanctionImposed':
      org.sanctions.push({ ...stamp, decisionRef: event.data.decisionRef });
      break;
    case 'UnionJoined':
      org.unions.push({ ...stamp, unionId: event.data.unionId, joined: true });
      break;
    case 'UnionLeft':
      org.unions.push({ ...stamp, unionId: event.data.unionId, joined: false });
      break;
    case 'RegistrationUpdateSubmitted':
      org.registrationUpdates.push({ ...stamp, windowYear: event.data.windowYear });
      break;
    case 'LegacyConversionAssessed':
      org.legacy.push({ ...stamp, status: event.data.status, registeredUnderLaw: event.data.registeredUnderLaw });
      break;
    case 'GroupConverted': {
      const { organisationId, cooperativeId } = event.data;
      org.reorganisations.push({
        ...stamp,
        reorganisationId: `conversion:${organisationId}`,
        shape: 'conversion',
        role: 'source-ceases',
        sourceIds: [organisationId],
        successorIds: [cooperativeId],
      });
      status('ceased');
      break;
    }
    case 'OrganisationReorganised': {
      const { reorganisationId, shape, role, sourceIds, successorIds } = event.data;
      org.reorganisations.push({ ...stamp, reorganisationId, shape, role, sourceIds, successorIds });
      if (role === 'source-ceases') status('ceased');
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
  version: 1,
  initialState: initialIndicatorsState,
  apply: applyIndicatorEvent,
  bitemporal: true,
};
