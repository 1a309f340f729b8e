import { freeze, produce, type Draft } from 'immer';
import { DomainError } from '../errors';
import type {
  ChainStage,
  CounterpartyKind,
  CreditorType,
  LegalStatus,
  MemberKind,
  OrganisationKind,
  PartyType,
  RatingLevel,
} from '../primitives';
import type {
  AdmitMember,
  ChangeLegalStatus,
  ChangeMemberKind,
  ChangeRegistrationDetails,
  CompleteDissolution,
  ContributeCapital,
  ConvertGroup,
  EndLinkage,
  FoundOrganisation,
  GrantHighTechRecognition,
  JoinUnion,
  LapseHighTechRecognition,
  LeaveUnion,
  MemberSpec,
  MoveHeadOffice,
  OrganisationCommand,
  PayDebt,
  RateOrganisation,
  RecogniseDebt,
  RecordDeparture,
  ReorganiseOrganisations,
  ResumeOperations,
  ReturnCapital,
  StartDissolution,
  StartLinkage,
  SuspendOperations,
  WriteOffDebt,
} from './commands';
import { addMonths, dayNumber, overlapDays, yearOf } from './dates';
import type { DissolutionMode, FoundingOrigin, MemberAdmitted, MemberDeparted, OrganisationEvent } from './events';
import {
  CONVERSION_MINIMUM_MONTHS,
  MAX_SUSPENDED_DAYS_FOR_RATING,
  MAX_SUSPENSION_MONTHS,
  checkCapitalCaps,
  checkMemberAllowed,
  checkMinimumMembers,
  expectedLevel,
  type CapitalHolding,
} from './rules';

/** A current member: kind, party type, capital held (committed, plus contributions, minus returns) and admission date. */
export interface MemberState {
  readonly memberKind: MemberKind;
  readonly partyType: PartyType;
  readonly capital: number;
  readonly admittedOn: string;
}

/** The rating in force for one year and scheme (the latest recorded or corrected). */
export interface RatingState {
  readonly year: number;
  readonly scheme: string;
  readonly level: RatingLevel;
  readonly score: number;
  readonly ratedOn: string;
}

/** A value-chain linkage contract; `endsOn` is its last day in force when known. */
export interface LinkageState {
  readonly counterpartyKind: CounterpartyKind;
  readonly stages: readonly ChainStage[];
  readonly startsOn: string;
  readonly endsOn?: string;
  readonly ended: boolean;
}

/** A high-technology recognition; `validUntil` is its last day in force when known. */
export interface RecognitionState {
  readonly validFrom: string;
  readonly validUntil?: string;
  readonly lapsed: boolean;
}

/** A recognised debt and what has been paid and written off. */
export interface DebtState {
  readonly creditorType: CreditorType;
  readonly amount: number;
  readonly paid: number;
  readonly writtenOff: number;
}

/** One suspension: from its first day, with the notified `until` and the day operations resumed, when known. */
export interface SuspensionState {
  readonly from: string;
  readonly until?: string;
  readonly resumedOn?: string;
}

/** An organisation once founded; `status` is its legal status (Decree 92/2024 Art. 27). */
export interface FoundedOrganisation {
  readonly status: LegalStatus;
  readonly id: string;
  readonly kind: OrganisationKind;
  readonly name: string;
  readonly registrationCode: string;
  readonly headOfficeUnit: string;
  readonly foundedOn: string;
  readonly origin: FoundingOrigin;
  readonly ceasedOn?: string;
  readonly dissolution?: { readonly mode: DissolutionMode; readonly startedOn: string };
  readonly convertedTo?: string;
  readonly members: Readonly<Record<string, MemberState>>;
  readonly suspensions: readonly SuspensionState[];
  readonly ratings: Readonly<Record<string, RatingState>>;
  readonly linkages: Readonly<Record<string, LinkageState>>;
  readonly recognitions: Readonly<Record<string, RecognitionState>>;
  readonly debts: Readonly<Record<string, DebtState>>;
  readonly sanctionDates: readonly string[];
  readonly unions: readonly string[];
  readonly enterprises: readonly string[];
  readonly inspections: readonly string[];
  readonly registrationUpdates: readonly number[];
  readonly funds: Readonly<Record<string, { charterCapital: number; mobilisedCapital: number; indivisibleFund: number }>>;
  readonly digitalAssessment?: { readonly on: string; readonly checklistVersion: string; readonly result: 'meets' | 'does-not-meet' };
  readonly legacyConversion?: 'not-converted' | 'converted' | 'not-applicable';
  readonly reorganisations: readonly string[];
}

/** The state of one organisation's stream, read-only: not yet founded, or founded with its legal status. */
export type Organisation = { readonly status: 'unfounded' } | FoundedOrganisation;

/** Commands that touch one organisation's stream only. */
export type SingleStreamCommand = Exclude<OrganisationCommand, ConvertGroup | ReorganiseOrganisations>;

/** The state before the first event. */
export const initialState = (): Organisation => ({ status: 'unfounded' });

/** The key of a rating: one per year and scheme. */
export const ratingKey = (year: number, scheme: string): string => `${year}/${scheme}`;

/** True when the organisation has been founded (whatever its status now). */
export const isFounded = (state: Organisation): state is FoundedOrganisation => state.status !== 'unfounded';

/** What a debt still owes: amount minus payments and write-offs. */
export const outstandingOf = (debt: DebtState): number => debt.amount - debt.paid - debt.writtenOff;

// Leaving 'suspended' by any route closes the open suspension on that day.
const leaveSuspension = (draft: { suspensions: SuspensionState[] }, on: string): void => {
  const last = draft.suspensions.at(-1);
  if (last && last.resumedOn === undefined) draft.suspensions[draft.suspensions.length - 1] = { ...last, resumedOn: on };
};

type Working = Draft<FoundedOrganisation>;

/**
 * Applies one event to a mutable organisation: the founding returns a fresh one; any other event mutates `draft`
 * in place, and changes nothing before the founding. `evolve` runs it inside immer, `foldOrganisation` on a
 * private copy, so both stay pure from the outside.
 */
const step = (current: Working | undefined, event: OrganisationEvent): Working | undefined => {
  const on = event.occurredOn;
  if (current === undefined && event.type !== 'OrganisationFounded') return current;
  // every case but the founding has an organisation to change, by the guard above
  const draft = current as Working;
  switch (event.type) {
    case 'OrganisationFounded': {
      const { organisationId, kind, name, registrationCode, headOfficeUnit, origin } = event.data;
      return {
        status: 'active',
        id: organisationId,
        kind,
        name,
        registrationCode,
        headOfficeUnit,
        foundedOn: on,
        origin: { ...origin },
        members: {},
        suspensions: [],
        ratings: {},
        linkages: {},
        recognitions: {},
        debts: {},
        sanctionDates: [],
        unions: [],
        enterprises: [],
        inspections: [],
        registrationUpdates: [],
        funds: {},
        reorganisations: [],
      };
    }
    case 'RegistrationDetailsChanged': {
      if (event.data.name !== undefined) draft.name = event.data.name;
      if (event.data.registrationCode !== undefined) draft.registrationCode = event.data.registrationCode;
      return draft;
    }
    case 'HeadOfficeMoved': {
      draft.headOfficeUnit = event.data.toUnit;
      return draft;
    }
    case 'MemberAdmitted': {
      const { memberId, memberKind, partyType, capitalCommitted } = event.data;
      draft.members[memberId] = { memberKind, partyType, capital: capitalCommitted, admittedOn: on };
      return draft;
    }
    case 'MemberKindChanged': {
      const member = draft.members[event.data.memberId];
      if (member) member.memberKind = event.data.to;
      return draft;
    }
    case 'CapitalContributed': {
      const member = draft.members[event.data.memberId];
      if (member) member.capital += event.data.amount;
      return draft;
    }
    case 'CapitalReturned': {
      const member = draft.members[event.data.memberId];
      if (member) member.capital = Math.max(0, member.capital - event.data.amount);
      return draft;
    }
    case 'MemberDeparted': {
      delete draft.members[event.data.memberId];
      return draft;
    }
    case 'OperationsSuspended': {
      draft.status = 'suspended';
      draft.suspensions.push({ from: on, ...(event.data.until !== undefined && { until: event.data.until }) });
      return draft;
    }
    case 'OperationsResumed': {
      draft.status = 'active';
      leaveSuspension(draft, on);
      return draft;
    }
    case 'LegalStatusChanged': {
      if (draft.status === 'suspended' && event.data.to !== 'suspended') leaveSuspension(draft, on);
      if (event.data.to === 'suspended' && draft.status !== 'suspended') draft.suspensions.push({ from: on });
      if (event.data.to !== 'reorganising-or-dissolving' && event.data.to !== 'bankruptcy-proceedings') delete draft.dissolution;
      if (event.data.to === 'ceased') draft.ceasedOn = on;
      draft.status = event.data.to;
      return draft;
    }
    case 'RatingRecorded':
    case 'RatingCorrected': {
      const { year, scheme, level, score } = event.data;
      draft.ratings[ratingKey(year, scheme)] = { year, scheme, level, score, ratedOn: on };
      return draft;
    }
    case 'ValueChainLinkageStarted': {
      const { linkageId, counterpartyKind, stages, startsOn, endsOn } = event.data;
      draft.linkages[linkageId] = { counterpartyKind, stages: [...stages], startsOn, ended: false, ...(endsOn !== undefined && { endsOn }) };
      return draft;
    }
    case 'ValueChainLinkageEnded': {
      const linkage = draft.linkages[event.data.linkageId];
      if (linkage) Object.assign(linkage, { endsOn: event.data.endsOn, ended: true });
      return draft;
    }
    case 'HighTechRecognitionGranted': {
      const { recognitionId, validFrom, validUntil } = event.data;
      draft.recognitions[recognitionId] = { validFrom, lapsed: false, ...(validUntil !== undefined && { validUntil }) };
      return draft;
    }
    case 'HighTechRecognitionLapsed': {
      const recognition = draft.recognitions[event.data.recognitionId];
      if (recognition) Object.assign(recognition, { validUntil: event.data.lapsedOn, lapsed: true });
      return draft;
    }
    case 'DigitalAssessmentRecorded': {
      const { checklistVersion, result } = event.data;
      // records arrive in any business order; the assessment with the latest date is the one in force
      if (draft.digitalAssessment === undefined || draft.digitalAssessment.on <= on)
        draft.digitalAssessment = { on, checklistVersion, result };
      return draft;
    }
    case 'DebtRecognised': {
      const { debtId, creditorType, amount } = event.data;
      draft.debts[debtId] = { creditorType, amount, paid: 0, writtenOff: 0 };
      return draft;
    }
    case 'DebtPaid': {
      const debt = draft.debts[event.data.debtId];
      if (debt) debt.paid += event.data.amount;
      return draft;
    }
    case 'DebtWrittenOff': {
      const debt = draft.debts[event.data.debtId];
      if (debt) debt.writtenOff += event.data.amount;
      return draft;
    }
    case 'FundsReported': {
      const { year, charterCapital, mobilisedCapital, indivisibleFund } = event.data;
      draft.funds[String(year)] = { charterCapital, mobilisedCapital, indivisibleFund };
      return draft;
    }
    case 'EnterpriseEstablished': {
      draft.enterprises.push(event.data.enterpriseCode);
      return draft;
    }
    case 'UnionJoined': {
      if (!draft.unions.includes(event.data.unionId)) draft.unions.push(event.data.unionId);
      return draft;
    }
    case 'UnionLeft': {
      draft.unions = draft.unions.filter((unionId) => unionId !== event.data.unionId);
      return draft;
    }
    case 'RegistrationUpdateSubmitted': {
      draft.registrationUpdates.push(event.data.windowYear);
      return draft;
    }
    case 'InspectionRecorded': {
      draft.inspections.push(event.data.inspectionId);
      return draft;
    }
    case 'SanctionImposed': {
      draft.sanctionDates.push(on);
      return draft;
    }
    case 'LegacyConversionAssessed': {
      draft.legacyConversion = event.data.status;
      return draft;
    }
    case 'GroupConverted': {
      if (draft.status === 'suspended') leaveSuspension(draft, on);
      draft.status = 'ceased';
      draft.ceasedOn = on;
      draft.convertedTo = event.data.cooperativeId;
      return draft;
    }
    case 'OrganisationReorganised': {
      draft.reorganisations.push(event.data.reorganisationId);
      if (event.data.role !== 'source-ceases') return draft;
      if (draft.status === 'suspended') leaveSuspension(draft, on);
      draft.status = 'ceased';
      draft.ceasedOn = on;
      return draft;
    }
    case 'DissolutionStarted': {
      if (draft.status === 'suspended') leaveSuspension(draft, on);
      draft.status = event.data.mode === 'bankruptcy' ? 'bankruptcy-proceedings' : 'reorganising-or-dissolving';
      draft.dissolution = { mode: event.data.mode, startedOn: on };
      return draft;
    }
    case 'DissolutionCompleted': {
      draft.status = 'ceased';
      draft.ceasedOn = on;
      return draft;
    }
  }
};

/** Applies one event to the state; events for an unfounded organisation (other than its founding) change nothing. */
export const evolve = (state: Organisation, event: OrganisationEvent): Organisation => {
  if (event.type === 'OrganisationFounded') return freeze(step(undefined, event) as FoundedOrganisation, true);
  if (!isFounded(state)) return state;
  return produce(state, (draft) => {
    step(draft, event);
  });
};

/**
 * The state after `events`, from `state` (default: unfounded). Equal to `events.reduce(evolve, state)`, but in
 * time linear in the stream: the events mutate one private copy, frozen once at the end.
 */
export const foldOrganisation = (events: Iterable<OrganisationEvent>, state: Organisation = initialState()): Organisation => {
  let working: Working | undefined = isFounded(state) ? (structuredClone(state) as Working) : undefined;
  for (const event of events) working = step(working, event);
  return working === undefined ? state : freeze(working as FoundedOrganisation, true);
};

const reject = (rejection: ConstructorParameters<typeof DomainError>[0]): never => {
  throw new DomainError(rejection);
};

// Drops keys whose value is undefined, so optional fields stay absent (exactOptionalPropertyTypes, JSON-safe).
const present = <T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as never;

/** Guards every command on an existing organisation: founded, not ceased, not dated before its founding. */
const existing = (state: Organisation, organisationId: string, on: string): FoundedOrganisation => {
  if (!isFounded(state)) return reject({ code: 'OrganisationNotFound', organisationId });
  if (state.status === 'ceased') return reject({ code: 'OrganisationCeased', organisationId, status: state.status });
  if (on < state.foundedOn) return reject({ code: 'DateBeforeFounding', organisationId, foundedOn: state.foundedOn, on });
  return state;
};

const currentMember = (state: FoundedOrganisation, memberId: string, on: string): MemberState => {
  const member = state.members[memberId];
  if (!member) return reject({ code: 'NotAMember', organisationId: state.id, memberId });
  if (on < member.admittedOn)
    return reject({ code: 'DateBeforeAdmission', organisationId: state.id, memberId, admittedOn: member.admittedOn, on });
  return member;
};

const holdingsOf = (members: Readonly<Record<string, MemberState>>): Map<string, CapitalHolding> =>
  new Map(Object.entries(members).map(([memberId, member]) => [memberId, member]));

const withHolding = (
  state: FoundedOrganisation,
  memberId: string,
  holding: CapitalHolding,
): Map<string, CapitalHolding> => holdingsOf(state.members).set(memberId, holding);

const admitted = (
  organisationId: string,
  on: string,
  member: MemberSpec,
  origin: MemberAdmitted['data']['origin'],
): MemberAdmitted => ({
  type: 'MemberAdmitted',
  occurredOn: on,
  data: {
    organisationId,
    memberId: member.memberId,
    memberKind: member.memberKind,
    partyType: member.partyType,
    capitalCommitted: member.capitalCommitted,
    origin,
  },
});

const departed = (organisationId: string, on: string, memberId: string, reason: MemberDeparted['data']['reason']): MemberDeparted => ({
  type: 'MemberDeparted',
  occurredOn: on,
  data: { organisationId, memberId, reason },
});

const checkNewMembers = (organisationId: string, kind: OrganisationKind, members: readonly MemberSpec[]): void => {
  const seen = new Set<string>();
  for (const member of members) {
    if (seen.has(member.memberId)) reject({ code: 'MemberAlreadyAdmitted', organisationId, memberId: member.memberId });
    seen.add(member.memberId);
    checkMemberAllowed(organisationId, kind, { ...member, capital: member.capitalCommitted });
  }
};

const foundOrganisation = ({ on, data }: FoundOrganisation, state: Organisation): OrganisationEvent[] => {
  const { organisationId, kind, name, registrationCode, headOfficeUnit, foundingMembers } = data;
  if (isFounded(state)) return reject({ code: 'OrganisationAlreadyFounded', organisationId });
  checkNewMembers(organisationId, kind, foundingMembers);
  checkMinimumMembers(organisationId, kind, foundingMembers);
  const holdings = new Map(foundingMembers.map((member) => [member.memberId, { memberKind: member.memberKind, capital: member.capitalCommitted }]));
  checkCapitalCaps(organisationId, kind, holdings, foundingMembers[0]?.memberId ?? organisationId);
  return [
    {
      type: 'OrganisationFounded',
      occurredOn: on,
      data: { organisationId, kind, name, registrationCode, headOfficeUnit, origin: { type: 'new' } },
    },
    ...foundingMembers.map((member) => admitted(organisationId, on, member, 'founding')),
  ];
};

const changeRegistrationDetails = ({ on, data }: ChangeRegistrationDetails, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  const changes = present({
    name: data.name !== organisation.name ? data.name : undefined,
    registrationCode: data.registrationCode !== organisation.registrationCode ? data.registrationCode : undefined,
  });
  if (Object.keys(changes).length === 0) return reject({ code: 'NothingToChange', organisationId: organisation.id });
  return [{ type: 'RegistrationDetailsChanged', occurredOn: on, data: { organisationId: organisation.id, ...changes } }];
};

const moveHeadOffice = ({ on, data }: MoveHeadOffice, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  if (data.toUnit === organisation.headOfficeUnit) return reject({ code: 'NothingToChange', organisationId: organisation.id });
  return [
    {
      type: 'HeadOfficeMoved',
      occurredOn: on,
      data: { organisationId: organisation.id, fromUnit: organisation.headOfficeUnit, toUnit: data.toUnit },
    },
  ];
};

const admitMember = ({ on, data }: AdmitMember, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  const { member } = data;
  if (organisation.members[member.memberId])
    return reject({ code: 'MemberAlreadyAdmitted', organisationId: organisation.id, memberId: member.memberId });
  checkMemberAllowed(organisation.id, organisation.kind, { ...member, capital: member.capitalCommitted });
  const holdings = withHolding(organisation, member.memberId, { memberKind: member.memberKind, capital: member.capitalCommitted });
  checkCapitalCaps(organisation.id, organisation.kind, holdings, member.memberId);
  return [admitted(organisation.id, on, member, 'application')];
};

const changeMemberKind = ({ on, data }: ChangeMemberKind, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  const member = currentMember(organisation, data.memberId, on);
  if (member.memberKind === data.to) return reject({ code: 'NothingToChange', organisationId: organisation.id });
  checkMemberAllowed(organisation.id, organisation.kind, { ...member, memberId: data.memberId, memberKind: data.to });
  checkCapitalCaps(organisation.id, organisation.kind, withHolding(organisation, data.memberId, { ...member, memberKind: data.to }), data.memberId);
  return [
    { type: 'MemberKindChanged', occurredOn: on, data: { organisationId: organisation.id, memberId: data.memberId, from: member.memberKind, to: data.to } },
  ];
};

const contributeCapital = ({ on, data }: ContributeCapital, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  const member = currentMember(organisation, data.memberId, on);
  const capital = member.capital + data.amount;
  checkMemberAllowed(organisation.id, organisation.kind, { ...member, memberId: data.memberId, capital });
  checkCapitalCaps(organisation.id, organisation.kind, withHolding(organisation, data.memberId, { ...member, capital }), data.memberId);
  return [{ type: 'CapitalContributed', occurredOn: on, data: { organisationId: organisation.id, memberId: data.memberId, amount: data.amount } }];
};

const returnCapital = ({ on, data }: ReturnCapital, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  const member = currentMember(organisation, data.memberId, on);
  if (data.amount > member.capital)
    return reject({ code: 'CapitalNotHeld', organisationId: organisation.id, memberId: data.memberId, held: member.capital, requested: data.amount });
  const capital = member.capital - data.amount;
  checkCapitalCaps(organisation.id, organisation.kind, withHolding(organisation, data.memberId, { ...member, capital }), data.memberId);
  return [{ type: 'CapitalReturned', occurredOn: on, data: { organisationId: organisation.id, memberId: data.memberId, amount: data.amount } }];
};

// Departures are never refused for the caps: a member may always leave; the caps bind new capital only.
const recordDeparture = ({ on, data }: RecordDeparture, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  currentMember(organisation, data.memberId, on);
  return [departed(organisation.id, on, data.memberId, data.reason)];
};

const suspendOperations = ({ on, data }: SuspendOperations, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  if (organisation.status === 'suspended') return reject({ code: 'AlreadySuspended', organisationId: organisation.id });
  if (organisation.status !== 'active') return reject({ code: 'OrganisationNotActive', organisationId: organisation.id, status: organisation.status });
  if (data.until !== undefined && data.until < on)
    return reject({ code: 'SuspensionDatesInvalid', organisationId: organisation.id, from: on, until: data.until });
  if (data.until !== undefined && data.until > addMonths(on, MAX_SUSPENSION_MONTHS))
    return reject({ code: 'SuspensionTooLong', organisationId: organisation.id, from: on, until: data.until });
  return [{ type: 'OperationsSuspended', occurredOn: on, data: { organisationId: organisation.id, ...present({ until: data.until, reason: data.reason }) } }];
};

const resumeOperations = ({ on, data }: ResumeOperations, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  if (organisation.status !== 'suspended') return reject({ code: 'NotSuspended', organisationId: organisation.id, status: organisation.status });
  const since = organisation.suspensions.at(-1)?.from;
  if (since !== undefined && on < since) return reject({ code: 'DateBeforeLastEvent', organisationId: organisation.id, lastOn: since, on });
  return [{ type: 'OperationsResumed', occurredOn: on, data: { organisationId: organisation.id } }];
};

// Suspension, dissolution and ceasing have their own commands, which keep the facts those statuses need.
const STATUSES_WITH_OWN_COMMANDS: readonly LegalStatus[] = ['suspended', 'ceased'];

const changeLegalStatus = ({ on, data }: ChangeLegalStatus, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  if (data.to === organisation.status || STATUSES_WITH_OWN_COMMANDS.includes(data.to))
    return reject({ code: 'InvalidStatusChange', organisationId: organisation.id, from: organisation.status, to: data.to });
  return [
    {
      type: 'LegalStatusChanged',
      occurredOn: on,
      data: { organisationId: organisation.id, from: organisation.status, to: data.to, ...present({ decisionRef: data.decisionRef }) },
    },
  ];
};

/** Days of year `year` the organisation was suspended, as known on `asOf` (an open suspension runs to `asOf`). */
export const suspendedDaysInYear = (state: FoundedOrganisation, year: number, asOf: string): number => {
  const yearEnd = `${year}-12-31`;
  const windowEnd = asOf < yearEnd ? asOf : yearEnd;
  return state.suspensions.reduce((days, suspension) => {
    const last = suspension.resumedOn !== undefined ? dayBefore(suspension.resumedOn) : windowEnd;
    return days + overlapDays(suspension.from, last, `${year}-01-01`, windowEnd);
  }, 0);
};

const dayBefore = (date: string): string => new Date((dayNumber(date) - 1) * 86_400_000).toISOString().slice(0, 10);

const ELIGIBLE_RATING_KINDS: readonly OrganisationKind[] = ['cooperative', 'cooperative-union'];

const checkRatingEligible = (organisation: FoundedOrganisation, year: number, on: string): void => {
  const refuse = (reason: string) => reject({ code: 'RatingYearNotEligible', organisationId: organisation.id, year, reason });
  if (!ELIGIBLE_RATING_KINDS.includes(organisation.kind)) refuse(`a ${organisation.kind} is not rated`);
  if (on < `${year}-01-01`) refuse(`the rating is dated ${on}, before its year begins`);
  if (organisation.foundedOn > `${year - 1}-12-31`)
    refuse(`founded on ${organisation.foundedOn}, after 31/12/${year - 1}: operating under 12 months at the end of ${year}`);
  const days = suspendedDaysInYear(organisation, year, on);
  if (days > MAX_SUSPENDED_DAYS_FOR_RATING) refuse(`suspended ${days} days in ${year}, more than ${MAX_SUSPENDED_DAYS_FOR_RATING}`);
};

const rateOrganisation = ({ on, data }: RateOrganisation, state: Organisation): OrganisationEvent[] => {
  const { organisationId, year, scheme, level, score, reason } = data;
  if (!isFounded(state)) return reject({ code: 'OrganisationNotFound', organisationId });
  const earlier = state.ratings[ratingKey(year, scheme)];
  // a ceased organisation takes corrections of ratings it already has, and nothing else
  const organisation = earlier && state.status === 'ceased' ? state : existing(state, organisationId, on);
  if (on < organisation.foundedOn) return reject({ code: 'DateBeforeFounding', organisationId, foundedOn: organisation.foundedOn, on });
  checkRatingEligible(organisation, year, on);
  const sanctioned = organisation.sanctionDates.some((date) => yearOf(date) === year);
  const expected = expectedLevel(scheme, score, sanctioned);
  if (level !== expected) return reject({ code: 'ScoreLevelMismatch', organisationId, scheme, score, level, expected });
  if (!earlier) return [{ type: 'RatingRecorded', occurredOn: on, data: { organisationId, year, scheme, level, score } }];
  if (earlier.level === level && earlier.score === score && reason === undefined) return reject({ code: 'NothingToChange', organisationId });
  return [{ type: 'RatingCorrected', occurredOn: on, data: { organisationId, year, scheme, level, score, ...present({ reason }) } }];
};

const startLinkage = ({ on, data }: StartLinkage, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  const { linkageId, contractReference, counterpartyKind, stages, endsOn } = data;
  if (organisation.linkages[linkageId]) return reject({ code: 'LinkageAlreadyExists', organisationId: organisation.id, linkageId });
  const distinct = new Set(stages);
  if (!distinct.has('consumption') || distinct.size < 2)
    return reject({ code: 'LinkageNotThroughConsumption', organisationId: organisation.id, linkageId, stages: [...stages] });
  if (endsOn !== undefined && endsOn < on)
    return reject({ code: 'LinkageDatesInvalid', organisationId: organisation.id, linkageId, startsOn: on, endsOn });
  return [
    {
      type: 'ValueChainLinkageStarted',
      occurredOn: on,
      data: { organisationId: organisation.id, linkageId, contractReference, counterpartyKind, stages: [...stages], startsOn: on, ...present({ endsOn }) },
    },
  ];
};

const endLinkage = ({ on, data }: EndLinkage, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  const linkage = organisation.linkages[data.linkageId];
  if (!linkage) return reject({ code: 'LinkageNotFound', organisationId: organisation.id, linkageId: data.linkageId });
  if (linkage.ended) return reject({ code: 'NothingToChange', organisationId: organisation.id });
  if (on < linkage.startsOn)
    return reject({ code: 'LinkageDatesInvalid', organisationId: organisation.id, linkageId: data.linkageId, startsOn: linkage.startsOn, endsOn: on });
  return [{ type: 'ValueChainLinkageEnded', occurredOn: on, data: { organisationId: organisation.id, linkageId: data.linkageId, endsOn: on } }];
};

const grantHighTechRecognition = ({ on, data }: GrantHighTechRecognition, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  const { recognitionId, basis, issuer, validUntil } = data;
  if (organisation.recognitions[recognitionId]) return reject({ code: 'RecognitionAlreadyExists', organisationId: organisation.id, recognitionId });
  if (validUntil !== undefined && validUntil < on)
    return reject({ code: 'RecognitionDatesInvalid', organisationId: organisation.id, recognitionId, validFrom: on, validUntil });
  return [
    {
      type: 'HighTechRecognitionGranted',
      occurredOn: on,
      data: { organisationId: organisation.id, recognitionId, basis, issuer, validFrom: on, ...present({ validUntil }) },
    },
  ];
};

const lapseHighTechRecognition = ({ on, data }: LapseHighTechRecognition, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  const recognition = organisation.recognitions[data.recognitionId];
  if (!recognition) return reject({ code: 'RecognitionNotFound', organisationId: organisation.id, recognitionId: data.recognitionId });
  if (recognition.lapsed) return reject({ code: 'NothingToChange', organisationId: organisation.id });
  if (on < recognition.validFrom)
    return reject({
      code: 'RecognitionDatesInvalid',
      organisationId: organisation.id,
      recognitionId: data.recognitionId,
      validFrom: recognition.validFrom,
      validUntil: on,
    });
  return [{ type: 'HighTechRecognitionLapsed', occurredOn: on, data: { organisationId: organisation.id, recognitionId: data.recognitionId, lapsedOn: on } }];
};

const recogniseDebt = ({ on, data }: RecogniseDebt, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  if (organisation.debts[data.debtId]) return reject({ code: 'DebtAlreadyRecognised', organisationId: organisation.id, debtId: data.debtId });
  const { debtId, creditorType, amount, originDate, dueDate } = data;
  return [{ type: 'DebtRecognised', occurredOn: on, data: { organisationId: organisation.id, debtId, creditorType, amount, originDate, dueDate } }];
};

const settlableDebt = (organisation: FoundedOrganisation, debtId: string, amount: number): void => {
  const debt = organisation.debts[debtId];
  if (!debt) return reject({ code: 'DebtNotFound', organisationId: organisation.id, debtId });
  const outstanding = outstandingOf(debt);
  if (amount > outstanding) reject({ code: 'DebtAmountExceedsOutstanding', organisationId: organisation.id, debtId, outstanding, amount });
};

const payDebt = ({ on, data }: PayDebt, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  settlableDebt(organisation, data.debtId, data.amount);
  return [{ type: 'DebtPaid', occurredOn: on, data: { organisationId: organisation.id, debtId: data.debtId, amount: data.amount } }];
};

const writeOffDebt = ({ on, data }: WriteOffDebt, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  settlableDebt(organisation, data.debtId, data.amount);
  return [
    {
      type: 'DebtWrittenOff',
      occurredOn: on,
      data: { organisationId: organisation.id, debtId: data.debtId, amount: data.amount, ...present({ decisionRef: data.decisionRef }) },
    },
  ];
};

const joinUnion = ({ on, data }: JoinUnion, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  if (organisation.kind !== 'cooperative')
    return reject({ code: 'WrongKind', organisationId: organisation.id, kind: organisation.kind, expected: ['cooperative'] });
  if (data.unionId === organisation.id)
    return reject({ code: 'UnionMembershipInvalid', organisationId: organisation.id, unionId: data.unionId, reason: 'a cooperative cannot join itself' });
  if (organisation.unions.includes(data.unionId))
    return reject({ code: 'UnionMembershipInvalid', organisationId: organisation.id, unionId: data.unionId, reason: 'already a member of this union' });
  return [{ type: 'UnionJoined', occurredOn: on, data: { organisationId: organisation.id, unionId: data.unionId } }];
};

const leaveUnion = ({ on, data }: LeaveUnion, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  if (!organisation.unions.includes(data.unionId))
    return reject({ code: 'UnionMembershipInvalid', organisationId: organisation.id, unionId: data.unionId, reason: 'not a member of this union' });
  return [{ type: 'UnionLeft', occurredOn: on, data: { organisationId: organisation.id, unionId: data.unionId } }];
};

const startDissolution = ({ on, data }: StartDissolution, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  if (organisation.dissolution)
    return reject({
      code: 'InvalidStatusChange',
      organisationId: organisation.id,
      from: organisation.status,
      to: data.mode === 'bankruptcy' ? 'bankruptcy-proceedings' : 'reorganising-or-dissolving',
    });
  return [{ type: 'DissolutionStarted', occurredOn: on, data: { organisationId: organisation.id, mode: data.mode, ...present({ decisionRef: data.decisionRef }) } }];
};

// Remaining members leave as the organisation ceases, so a ceased organisation never has current members.
const completeDissolution = ({ on, data }: CompleteDissolution, state: Organisation): OrganisationEvent[] => {
  const organisation = existing(state, data.organisationId, on);
  if (!organisation.dissolution) return reject({ code: 'NotDissolving', organisationId: organisation.id, status: organisation.status });
  const unsettled = Object.entries(organisation.debts).filter(([, debt]) => outstandingOf(debt) > 0);
  if (unsettled.length > 0)
    return reject({
      code: 'DebtsOutstanding',
      organisationId: organisation.id,
      outstanding: unsettled.reduce((sum, [, debt]) => sum + outstandingOf(debt), 0),
      debtIds: unsettled.map(([debtId]) => debtId),
    });
  return [
    ...Object.keys(organisation.members).map((memberId) => departed(organisation.id, on, memberId, 'organisation-ceased')),
    { type: 'DissolutionCompleted', occurredOn: on, data: { organisationId: organisation.id, mode: organisation.dissolution.mode } },
  ];
};

/** Decides a single-stream command against its organisation's state; throws DomainError when a rule is broken. */
export const decide = (command: SingleStreamCommand, state: Organisation): OrganisationEvent[] => {
  const { on, data } = command;
  switch (command.type) {
    case 'FoundOrganisation':
      return foundOrganisation(command, state);
    case 'ChangeRegistrationDetails':
      return changeRegistrationDetails(command, state);
    case 'MoveHeadOffice':
      return moveHeadOffice(command, state);
    case 'AdmitMember':
      return admitMember(command, state);
    case 'ChangeMemberKind':
      return changeMemberKind(command, state);
    case 'ContributeCapital':
      return contributeCapital(command, state);
    case 'ReturnCapital':
      return returnCapital(command, state);
    case 'RecordDeparture':
      return recordDeparture(command, state);
    case 'SuspendOperations':
      return suspendOperations(command, state);
    case 'ResumeOperations':
      return resumeOperations(command, state);
    case 'ChangeLegalStatus':
      return changeLegalStatus(command, state);
    case 'RateOrganisation':
      return rateOrganisation(command, state);
    case 'StartLinkage':
      return startLinkage(command, state);
    case 'EndLinkage':
      return endLinkage(command, state);
    case 'GrantHighTechRecognition':
      return grantHighTechRecognition(command, state);
    case 'LapseHighTechRecognition':
      return lapseHighTechRecognition(command, state);
    case 'RecordDigitalAssessment': {
      const { organisationId, checklistVersion, result, criteriaMet } = command.data;
      existing(state, organisationId, on);
      return [{ type: 'DigitalAssessmentRecorded', occurredOn: on, data: { organisationId, checklistVersion, result, ...present({ criteriaMet }) } }];
    }
    case 'RecogniseDebt':
      return recogniseDebt(command, state);
    case 'PayDebt':
      return payDebt(command, state);
    case 'WriteOffDebt':
      return writeOffDebt(command, state);
    case 'ReportFunds': {
      const { organisationId, year, charterCapital, mobilisedCapital, indivisibleFund } = command.data;
      existing(state, organisationId, on);
      return [{ type: 'FundsReported', occurredOn: on, data: { organisationId, year, charterCapital, mobilisedCapital, indivisibleFund } }];
    }
    case 'EstablishEnterprise': {
      const { organisationId, enterpriseCode, ownershipShare } = command.data;
      existing(state, organisationId, on);
      return [{ type: 'EnterpriseEstablished', occurredOn: on, data: { organisationId, enterpriseCode, ownershipShare } }];
    }
    case 'JoinUnion':
      return joinUnion(command, state);
    case 'LeaveUnion':
      return leaveUnion(command, state);
    case 'SubmitRegistrationUpdate':
      existing(state, data.organisationId, on);
      return [{ type: 'RegistrationUpdateSubmitted', occurredOn: on, data: { organisationId: data.organisationId, windowYear: command.data.windowYear } }];
    case 'RecordInspection': {
      const { organisationId, inspectionId, authority, findings } = command.data;
      existing(state, organisationId, on);
      return [{ type: 'InspectionRecorded', occurredOn: on, data: { organisationId, inspectionId, authority, findings: [...findings] } }];
    }
    case 'ImposeSanction': {
      const { organisationId, decisionRef, violation } = command.data;
      existing(state, organisationId, on);
      return [{ type: 'SanctionImposed', occurredOn: on, data: { organisationId, decisionRef, violation } }];
    }
    case 'AssessLegacyConversion': {
      const { organisationId, status, registeredUnderLaw } = command.data;
      existing(state, organisationId, on);
      return [{ type: 'LegacyConversionAssessed', occurredOn: on, data: { organisationId, status, registeredUnderLaw } }];
    }
    case 'StartDissolution':
      return startDissolution(command, state);
    case 'CompleteDissolution':
      return completeDissolution(command, state);
  }
};

/** True for the commands that write to several organisations' streams at once. */
export const isMultiStreamCommand = (command: OrganisationCommand): command is ConvertGroup | ReorganiseOrganisations =>
  command.type === 'ConvertGroup' || command.type === 'ReorganiseOrganisations';

/** Every organisation whose state a command needs and whose stream it may write to, without repeats. */
export const involvedOrganisations = (command: OrganisationCommand): string[] => {
  switch (command.type) {
    case 'ConvertGroup':
      return [...new Set([command.data.organisationId, command.data.cooperativeId])];
    case 'ReorganiseOrganisations': {
      const { organisationId, sourceIds, newSuccessors, absorbingId } = command.data;
      return [
        ...new Set([
          organisationId,
          ...sourceIds,
          ...newSuccessors.map((successor) => successor.organisationId),
          ...(absorbingId !== undefined ? [absorbingId] : []),
        ]),
      ];
    }
    default:
      return [command.data.organisationId];
  }
};

const stateOf = (states: ReadonlyMap<string, Organisation>, organisationId: string): Organisation =>
  states.get(organisationId) ?? initialState();

/**
 * Conversion (Art. 108). The group ceases (GroupConverted). Its current members carry over to the new cooperative
 * as MemberAdmitted origin 'conversion', and leave the group as MemberDeparted reason 'reorganisation', dated the
 * same day. We record the departures so that every ceased organisation ends with no current members, exactly
 * as dissolution and reorganisation leave it; 'reorganisation' (not 'organisation-ceased') marks them as
 * carried over, so the member population neither gains nor loses anyone: indicators skip the pair, just as
 * they skip a reorganisation's moves.
 */
const convertGroup = ({ on, data }: ConvertGroup, states: ReadonlyMap<string, Organisation>): Map<string, OrganisationEvent[]> => {
  const { organisationId, cooperativeId, name, registrationCode } = data;
  const group = existing(stateOf(states, organisationId), organisationId, on);
  if (group.kind !== 'cooperative-group')
    return reject({ code: 'WrongKind', organisationId, kind: group.kind, expected: ['cooperative-group'] });
  if (group.status !== 'active') return reject({ code: 'OrganisationNotActive', organisationId, status: group.status });
  if (on < addMonths(group.foundedOn, CONVERSION_MINIMUM_MONTHS))
    return reject({ code: 'ConversionTooEarly', organisationId, foundedOn: group.foundedOn, on });
  if (isFounded(stateOf(states, cooperativeId))) return reject({ code: 'OrganisationAlreadyFounded', organisationId: cooperativeId });
  const members = Object.entries(group.members);
  checkMinimumMembers(cooperativeId, 'cooperative', members.map(([, member]) => member));
  for (const [memberId, member] of members) checkMemberAllowed(cooperativeId, 'cooperative', { ...member, memberId });
  checkCapitalCaps(cooperativeId, 'cooperative', holdingsOf(group.members), members[0]?.[0] ?? cooperativeId);
  return new Map<string, OrganisationEvent[]>([
    [
      organisationId,
      [
        ...members.map(([memberId]) => departed(organisationId, on, memberId, 'reorganisation')),
        { type: 'GroupConverted', occurredOn: on, data: { organisationId, cooperativeId } },
      ],
    ],
    [
      cooperativeId,
      [
        {
          type: 'OrganisationFounded',
          occurredOn: on,
          data: {
            organisationId: cooperativeId,
            kind: 'cooperative',
            name,
            registrationCode,
            headOfficeUnit: group.headOfficeUnit,
            origin: { type: 'conversion', fromGroupId: organisationId },
          },
        },
        ...members.map(([memberId, member]) =>
          admitted(cooperativeId, on, { memberId, memberKind: member.memberKind, partyType: member.partyType, capitalCommitted: member.capital }, 'conversion'),
        ),
      ],
    ],
  ]);
};

/**
 * Reorganisation (Art. 92–95), written to every participant's stream in one decision:
 * - division: one source ceases into ≥ 2 new successors; separation: one source continues and ≥ 1 new successor
 *   takes the listed members; consolidation: ≥ 2 sources cease into one new successor; merger: ≥ 1 sources cease
 *   into the existing `absorbingId`, which takes all their members.
 * - Same kind throughout; each new successor meets its kind's minimum membership and the capital caps.
 * - A member moved out of a source leaves it (MemberDeparted 'reorganisation') and joins its successor
 *   (MemberAdmitted 'reorganisation'); members of a ceasing source who move nowhere leave with 'organisation-ceased'.
 */
const reorganiseOrganisations = (
  { on, data }: ReorganiseOrganisations,
  states: ReadonlyMap<string, Organisation>,
): Map<string, OrganisationEvent[]> => {
  const { reorganisationId, shape, sourceIds, newSuccessors, absorbingId } = data;
  const invalid = (reason: string) => reject({ code: 'ReorganisationShapeInvalid', reorganisationId, shape, reason });
  const successorIds = newSuccessors.map((successor) => successor.organisationId);
  if (sourceIds[0] !== data.organisationId) invalid(`organisationId ${data.organisationId} must be the first source`);
  const allIds = [...sourceIds, ...successorIds, ...(absorbingId !== undefined ? [absorbingId] : [])];
  const repeated = allIds.find((id, index) => allIds.indexOf(id) !== index);
  if (repeated !== undefined) invalid(`${repeated} appears more than once among sources, successors and the absorbing organisation`);
  switch (shape) {
    case 'division':
      if (sourceIds.length !== 1) invalid('a division has exactly one source');
      if (newSuccessors.length < 2) invalid('a division creates at least two new successors');
      break;
    case 'separation':
      if (sourceIds.length !== 1) invalid('a separation has exactly one source');
      if (newSuccessors.length < 1) invalid('a separation creates at least one new successor');
      break;
    case 'consolidation':
      if (sourceIds.length < 2) invalid('a consolidation has at least two sources');
      if (newSuccessors.length !== 1) invalid('a consolidation creates exactly one new successor');
      break;
    case 'merger':
      if (newSuccessors.length !== 0) invalid('a merger creates no new successor');
      if (absorbingId === undefined) invalid('a merger names the absorbing organisation');
      break;
  }
  if (shape !== 'merger' && absorbingId !== undefined) invalid(`a ${shape} has no absorbing organisation`);

  const sources = sourceIds.map((id) => existing(stateOf(states, id), id, on));
  const kind = (sources[0] as FoundedOrganisation).kind;
  for (const source of sources)
    if (source.kind !== kind) reject({ code: 'WrongKind', organisationId: source.id, kind: source.kind, expected: [kind] });
  const absorbing = absorbingId !== undefined ? existing(stateOf(states, absorbingId), absorbingId, on) : undefined;
  if (absorbing && absorbing.kind !== kind) reject({ code: 'WrongKind', organisationId: absorbing.id, kind: absorbing.kind, expected: [kind] });
  for (const id of successorIds) if (isFounded(stateOf(states, id))) reject({ code: 'OrganisationAlreadyFounded', organisationId: id });

  const sourcesCease = shape !== 'separation';
  // where each moving member goes: a new successor's id, or the absorbing organisation's
  const destination = new Map<string, string>();
  for (const successor of newSuccessors)
    for (const memberId of successor.memberIds) {
      if (destination.has(memberId)) invalid(`member ${memberId} is moved to two successors`);
      if (!sources.some((source) => source.members[memberId])) invalid(`member ${memberId} is not a current member of any source`);
      destination.set(memberId, successor.organisationId);
    }
  if (absorbing) for (const source of sources) for (const memberId of Object.keys(source.members)) destination.set(memberId, absorbing.id);

  // a member of several sources arrives once, with the first source's kind and all the capital they held
  const arrivals = new Map<string, Map<string, MemberSpec>>(allIds.map((id) => [id, new Map()]));
  for (const source of sources)
    for (const [memberId, member] of Object.entries(source.members)) {
      const target = destination.get(memberId);
      if (target === undefined) continue;
      const into = arrivals.get(target) as Map<string, MemberSpec>;
      if (absorbing?.members[memberId]) continue; // already a member of the absorbing organisation: no double admission
      const previous = into.get(memberId);
      into.set(memberId, {
        memberId,
        memberKind: previous?.memberKind ?? member.memberKind,
        partyType: previous?.partyType ?? member.partyType,
        capitalCommitted: (previous?.capitalCommitted ?? 0) + member.capital,
      });
    }
  for (const successor of newSuccessors) {
    const members = [...(arrivals.get(successor.organisationId) as Map<string, MemberSpec>).values()];
    for (const member of members) checkMemberAllowed(successor.organisationId, kind, { ...member, capital: member.capitalCommitted });
    checkMinimumMembers(successor.organisationId, kind, members);
    const holdings = new Map(members.map((member) => [member.memberId, { memberKind: member.memberKind, capital: member.capitalCommitted }]));
    checkCapitalCaps(successor.organisationId, kind, holdings, members[0]?.memberId ?? successor.organisationId);
  }
  if (absorbing) {
    const holdings = holdingsOf(absorbing.members);
    for (const member of (arrivals.get(absorbing.id) as Map<string, MemberSpec>).values())
      holdings.set(member.memberId, { memberKind: member.memberKind, capital: member.capitalCommitted });
    checkCapitalCaps(absorbing.id, kind, holdings, absorbing.id);
  }

  const decision = { reorganisationId, shape, sourceIds: [...sourceIds], successorIds: absorbing ? [absorbing.id] : successorIds };
  const reorganised = (organisationId: string, role: 'source-ceases' | 'source-continues' | 'successor' | 'absorbing'): OrganisationEvent => ({
    type: 'OrganisationReorganised',
    occurredOn: on,
    data: { organisationId, ...decision, role },
  });
  const decided = new Map<string, OrganisationEvent[]>();
  for (const source of sources) {
    const departures = Object.keys(source.members)
      .filter((memberId) => sourcesCease || destination.has(memberId))
      .map((memberId) => departed(source.id, on, memberId, destination.has(memberId) ? 'reorganisation' : 'organisation-ceased'));
    decided.set(source.id, [...departures, reorganised(source.id, sourcesCease ? 'source-ceases' : 'source-continues')]);
  }
  for (const successor of newSuccessors) {
    const { organisationId, name, registrationCode, headOfficeUnit } = successor;
    decided.set(organisationId, [
      {
        type: 'OrganisationFounded',
        occurredOn: on,
        data: { organisationId, kind, name, registrationCode, headOfficeUnit, origin: { type: 'reorganisation-successor', reorganisationId } },
      },
      reorganised(organisationId, 'successor'),
      ...[...(arrivals.get(organisationId) as Map<string, MemberSpec>).values()].map((member) =>
        admitted(organisationId, on, member, 'reorganisation'),
      ),
    ]);
  }
  if (absorbing)
    decided.set(absorbing.id, [
      reorganised(absorbing.id, 'absorbing'),
      ...[...(arrivals.get(absorbing.id) as Map<string, MemberSpec>).values()].map((member) => admitted(absorbing.id, on, member, 'reorganisation')),
    ]);
  return decided;
};

/**
 * Decides any command, single- or multi-stream, against the states of the organisations it involves (those
 * missing from `states` count as unfounded); returns the events for each organisation's stream.
 */
export const decideOrganisations = (
  command: OrganisationCommand,
  states: ReadonlyMap<string, Organisation>,
): Map<string, OrganisationEvent[]> => {
  switch (command.type) {
    case 'ConvertGroup':
      return convertGroup(command, states);
    case 'ReorganiseOrganisations':
      return reorganiseOrganisations(command, states);
    default:
      return new Map([[command.data.organisationId, decide(command, stateOf(states, command.data.organisationId))]]);
  }
};
