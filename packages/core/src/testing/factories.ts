import { CIRCULAR_01_2020 } from '../primitives';
import type { MemberSpec, OrganisationCommand } from '../organisation/commands';
import type { OrganisationEvent } from '../organisation/events';
import type { TerritoryEvent } from '../territory/events';
import type { ReorganiseAdministrativeUnits } from '../territory/commands';
import type { NewEvent } from '../events';

/** The organisation every factory is about unless told otherwise. */
export const ORGANISATION_ID = 'coop-1';
/** The cooperative group of the conversion factories. */
export const GROUP_ID = 'group-1';
/** The founding date of the default organisation. */
export const FOUNDED_ON = '2024-01-15';
/** The business date of every other default event and command: over a year after the founding. */
export const ON = '2025-03-01';
/** The default rating year, and the date its rating is decided. */
export const RATING_YEAR = 2025;
/** The date of the default rating decision (before the 15/12 deadline). */
export const RATED_ON = '2025-12-10';
/** Capital each default member commits: equal holdings keep every official member under the 30% cap. */
export const MEMBER_CAPITAL = 10_000_000;

/** Member ids `member-1` … `member-n`. */
export const memberIds = (count: number, first = 1): string[] => Array.from({ length: count }, (_, index) => `member-${first + index}`);

/** `count` official individual members with equal capital, `member-<first>` onwards. */
export const memberSpecs = (count: number, overrides: Partial<MemberSpec> = {}, first = 1): MemberSpec[] =>
  memberIds(count, first).map((memberId) => ({
    memberId,
    memberKind: 'official',
    partyType: 'individual',
    capitalCommitted: MEMBER_CAPITAL,
    ...overrides,
  }));

type EventOf<Type extends OrganisationEvent['type']> = Extract<OrganisationEvent, { type: Type }>;
type EventOverrides<Type extends OrganisationEvent['type']> = Partial<EventOf<Type>['data']> & { occurredOn?: string };
type CommandOf<Type extends OrganisationCommand['type']> = Extract<OrganisationCommand, { type: Type }>;
type CommandOverrides<Type extends OrganisationCommand['type']> = Partial<CommandOf<Type>['data']> & { on?: string };

const eventFactory =
  <Type extends OrganisationEvent['type']>(
    type: Type,
    defaults: Omit<EventOf<Type>['data'], 'organisationId'> & { organisationId?: string },
    defaultOn = ON,
  ) =>
  (overrides: EventOverrides<Type> = {}): EventOf<Type> => {
    const { occurredOn = defaultOn, ...data } = overrides;
    return { type, occurredOn, data: { organisationId: ORGANISATION_ID, ...defaults, ...data } } as unknown as EventOf<Type>;
  };

const commandFactory =
  <Type extends OrganisationCommand['type']>(
    type: Type,
    defaults: Omit<CommandOf<Type>['data'], 'organisationId'> & { organisationId?: string },
    defaultOn = ON,
  ) =>
  (overrides: CommandOverrides<Type> = {}): CommandOf<Type> => {
    const { on = defaultOn, ...data } = overrides;
    return { type, on, data: { organisationId: ORGANISATION_ID, ...defaults, ...data } } as unknown as CommandOf<Type>;
  };

const FOUNDING_DETAILS = {
  kind: 'cooperative',
  name: 'Hợp tác xã Dịch vụ Nông nghiệp Thử nghiệm',
  registrationCode: 'HTX-0001',
  headOfficeUnit: 'commune-1',
} as const;

/** Options of `event.founding`: which organisation, its kind and founding members, and the date. */
export interface FoundingOptions {
  organisationId?: string;
  kind?: EventOf<'OrganisationFounded'>['data']['kind'];
  members?: number | readonly MemberSpec[];
  occurredOn?: string;
  name?: string;
  registrationCode?: string;
  headOfficeUnit?: string;
}

/** Domain-event factories with sensible defaults: one per event type, plus `founding` (founded + founding members). */
export const event = {
  organisationFounded: eventFactory('OrganisationFounded', { ...FOUNDING_DETAILS, origin: { type: 'new' } }, FOUNDED_ON),
  registrationDetailsChanged: eventFactory('RegistrationDetailsChanged', { name: 'Hợp tác xã Đổi tên' }),
  headOfficeMoved: eventFactory('HeadOfficeMoved', { fromUnit: 'commune-1', toUnit: 'commune-2' }),
  memberAdmitted: eventFactory('MemberAdmitted', {
    memberId: 'member-6',
    memberKind: 'official',
    partyType: 'individual',
    capitalCommitted: MEMBER_CAPITAL,
    origin: 'application',
  }),
  memberKindChanged: eventFactory('MemberKindChanged', { memberId: 'member-1', from: 'official', to: 'associate-contributing' }),
  capitalContributed: eventFactory('CapitalContributed', { memberId: 'member-1', amount: 1_000_000 }),
  capitalReturned: eventFactory('CapitalReturned', { memberId: 'member-1', amount: 1_000_000 }),
  memberDeparted: eventFactory('MemberDeparted', { memberId: 'member-1', reason: 'voluntary' }),
  operationsSuspended: eventFactory('OperationsSuspended', { until: '2025-09-01' }),
  operationsResumed: eventFactory('OperationsResumed', {}, '2025-09-01'),
  legalStatusChanged: eventFactory('LegalStatusChanged', { from: 'active', to: 'not-at-registered-address' }),
  ratingRecorded: eventFactory('RatingRecorded', { year: RATING_YEAR, scheme: CIRCULAR_01_2020, level: 'good', score: 85 }, RATED_ON),
  ratingCorrected: eventFactory('RatingCorrected', { year: RATING_YEAR, scheme: CIRCULAR_01_2020, level: 'fair', score: 70 }, '2026-01-20'),
  valueChainLinkageStarted: eventFactory('ValueChainLinkageStarted', {
    linkageId: 'linkage-1',
    contractReference: 'HD-2025-01',
    counterpartyKind: 'enterprise',
    stages: ['production', 'consumption'],
    startsOn: ON,
  }),
  valueChainLinkageEnded: eventFactory('ValueChainLinkageEnded', { linkageId: 'linkage-1', endsOn: '2025-12-31' }, '2025-12-31'),
  highTechRecognitionGranted: eventFactory('HighTechRecognitionGranted', {
    recognitionId: 'recognition-1',
    basis: 'high-tech-agricultural-area',
    issuer: 'Provincial People’s Committee',
    validFrom: ON,
  }),
  highTechRecognitionLapsed: eventFactory('HighTechRecognitionLapsed', { recognitionId: 'recognition-1', lapsedOn: '2026-03-01' }, '2026-03-01'),
  digitalAssessmentRecorded: eventFactory('DigitalAssessmentRecorded', { checklistVersion: 'digital-2025.1', result: 'meets' }),
  debtRecognised: eventFactory('DebtRecognised', {
    debtId: 'debt-1',
    creditorType: 'bank',
    amount: 50_000_000,
    originDate: '2020-01-01',
    dueDate: '2022-01-01',
  }),
  debtPaid: eventFactory('DebtPaid', { debtId: 'debt-1', amount: 50_000_000 }),
  debtWrittenOff: eventFactory('DebtWrittenOff', { debtId: 'debt-1', amount: 50_000_000 }),
  fundsReported: eventFactory('FundsReported', { year: RATING_YEAR, charterCapital: 50_000_000, mobilisedCapital: 0, indivisibleFund: 5_000_000 }),
  enterpriseEstablished: eventFactory('EnterpriseEstablished', { enterpriseCode: 'DN-0001', ownershipShare: 0.51 }),
  unionJoined: eventFactory('UnionJoined', { unionId: 'union-1' }),
  unionLeft: eventFactory('UnionLeft', { unionId: 'union-1' }),
  registrationUpdateSubmitted: eventFactory('RegistrationUpdateSubmitted', { windowYear: RATING_YEAR }),
  inspectionRecorded: eventFactory('InspectionRecorded', { inspectionId: 'inspection-1', authority: 'Department of Finance', findings: [] }),
  sanctionImposed: eventFactory('SanctionImposed', { decisionRef: 'QD-01/XPHC', violation: 'late financial statements' }),
  legacyConversionAssessed: eventFactory('LegacyConversionAssessed', { status: 'not-converted', registeredUnderLaw: '2012' }),
  groupConverted: eventFactory('GroupConverted', { organisationId: GROUP_ID, cooperativeId: ORGANISATION_ID }),
  organisationReorganised: eventFactory('OrganisationReorganised', {
    reorganisationId: 'reorganisation-1',
    shape: 'division',
    role: 'source-ceases',
    sourceIds: [ORGANISATION_ID],
    successorIds: ['coop-2', 'coop-3'],
  }),
  dissolutionStarted: eventFactory('DissolutionStarted', { mode: 'voluntary' }),
  dissolutionCompleted: eventFactory('DissolutionCompleted', { mode: 'voluntary' }),

  /** The events of a founding: OrganisationFounded, then one MemberAdmitted (origin 'founding') per member, all on one day. */
  founding: (options: FoundingOptions = {}): OrganisationEvent[] => {
    const { organisationId = ORGANISATION_ID, occurredOn = FOUNDED_ON, members = 5, ...details } = options;
    const specs = typeof members === 'number' ? memberSpecs(members) : members;
    return [
      event.organisationFounded({ organisationId, occurredOn, ...details }),
      ...specs.map((member) => event.memberAdmitted({ organisationId, occurredOn, ...member, origin: 'founding' })),
    ];
  },
};

/** Command factories with sensible defaults, one per command type. */
export const command = {
  foundOrganisation: commandFactory('FoundOrganisation', { ...FOUNDING_DETAILS, foundingMembers: memberSpecs(5) }, FOUNDED_ON),
  changeRegistrationDetails: commandFactory('ChangeRegistrationDetails', { name: 'Hợp tác xã Đổi tên' }),
  moveHeadOffice: commandFactory('MoveHeadOffice', { toUnit: 'commune-2' }),
  admitMember: commandFactory('AdmitMember', { member: memberSpecs(1, {}, 6)[0] as MemberSpec }),
  changeMemberKind: commandFactory('ChangeMemberKind', { memberId: 'member-1', to: 'associate-contributing' }),
  contributeCapital: commandFactory('ContributeCapital', { memberId: 'member-1', amount: 1_000_000 }),
  returnCapital: commandFactory('ReturnCapital', { memberId: 'member-1', amount: 1_000_000 }),
  recordDeparture: commandFactory('RecordDeparture', { memberId: 'member-1', reason: 'voluntary' }),
  suspendOperations: commandFactory('SuspendOperations', { until: '2025-09-01' }),
  resumeOperations: commandFactory('ResumeOperations', {}, '2025-09-01'),
  changeLegalStatus: commandFactory('ChangeLegalStatus', { to: 'not-at-registered-address' }),
  rateOrganisation: commandFactory('RateOrganisation', { year: RATING_YEAR, scheme: CIRCULAR_01_2020, level: 'good', score: 85 }, RATED_ON),
  startLinkage: commandFactory('StartLinkage', {
    linkageId: 'linkage-1',
    contractReference: 'HD-2025-01',
    counterpartyKind: 'enterprise',
    stages: ['production', 'consumption'],
  }),
  endLinkage: commandFactory('EndLinkage', { linkageId: 'linkage-1' }, '2025-12-31'),
  grantHighTechRecognition: commandFactory('GrantHighTechRecognition', {
    recognitionId: 'recognition-1',
    basis: 'high-tech-agricultural-area',
    issuer: 'Provincial People’s Committee',
  }),
  lapseHighTechRecognition: commandFactory('LapseHighTechRecognition', { recognitionId: 'recognition-1' }, '2026-03-01'),
  recordDigitalAssessment: commandFactory('RecordDigitalAssessment', { checklistVersion: 'digital-2025.1', result: 'meets' }),
  recogniseDebt: commandFactory('RecogniseDebt', {
    debtId: 'debt-1',
    creditorType: 'bank',
    amount: 50_000_000,
    originDate: '2020-01-01',
    dueDate: '2022-01-01',
  }),
  payDebt: commandFactory('PayDebt', { debtId: 'debt-1', amount: 50_000_000 }),
  writeOffDebt: commandFactory('WriteOffDebt', { debtId: 'debt-1', amount: 50_000_000 }),
  reportFunds: commandFactory('ReportFunds', { year: RATING_YEAR, charterCapital: 50_000_000, mobilisedCapital: 0, indivisibleFund: 5_000_000 }),
  establishEnterprise: commandFactory('EstablishEnterprise', { enterpriseCode: 'DN-0001', ownershipShare: 0.51 }),
  joinUnion: commandFactory('JoinUnion', { unionId: 'union-1' }),
  leaveUnion: commandFactory('LeaveUnion', { unionId: 'union-1' }),
  submitRegistrationUpdate: commandFactory('SubmitRegistrationUpdate', { windowYear: RATING_YEAR }),
  recordInspection: commandFactory('RecordInspection', { inspectionId: 'inspection-1', authority: 'Department of Finance', findings: [] }),
  imposeSanction: commandFactory('ImposeSanction', { decisionRef: 'QD-01/XPHC', violation: 'late financial statements' }),
  assessLegacyConversion: commandFactory('AssessLegacyConversion', { status: 'not-converted', registeredUnderLaw: '2012' }),
  startDissolution: commandFactory('StartDissolution', { mode: 'voluntary' }),
  completeDissolution: commandFactory('CompleteDissolution', {}, '2025-06-01'),
  convertGroup: commandFactory('ConvertGroup', {
    organisationId: GROUP_ID,
    cooperativeId: 'coop-2',
    name: 'Hợp tác xã Chuyển đổi',
    registrationCode: 'HTX-0002',
  }),
  reorganiseOrganisations: commandFactory('ReorganiseOrganisations', {
    reorganisationId: 'reorganisation-1',
    shape: 'division',
    sourceIds: [ORGANISATION_ID],
    newSuccessors: [
      { organisationId: 'coop-2', name: 'Hợp tác xã Kế thừa 2', registrationCode: 'HTX-0002', headOfficeUnit: 'commune-1', memberIds: memberIds(5) },
      { organisationId: 'coop-3', name: 'Hợp tác xã Kế thừa 3', registrationCode: 'HTX-0003', headOfficeUnit: 'commune-2', memberIds: memberIds(5, 6) },
    ],
  }),
};

/** Factories for the administrative-units stream: a 1/7/2025-style merger of two communes and the district abolished. */
export const territory = {
  administrativeUnitsReorganised: (
    overrides: Partial<TerritoryEvent['data']> & { occurredOn?: string } = {},
  ): TerritoryEvent => {
    const { occurredOn = '2025-07-01', ...data } = overrides;
    return { type: 'AdministrativeUnitsReorganised', occurredOn, data: { ...UNIT_REORGANISATION, ...data } };
  },
  reorganiseAdministrativeUnits: (
    overrides: Partial<ReorganiseAdministrativeUnits['data']> & { on?: string } = {},
  ): ReorganiseAdministrativeUnits => {
    const { on = '2025-07-01', ...data } = overrides;
    return { type: 'ReorganiseAdministrativeUnits', on, data: { ...UNIT_REORGANISATION, ...data } };
  },
};

const UNIT_REORGANISATION = {
  reorganisationId: 'units-2025-07-01',
  decisionRef: 'NQ-1669/NQ-UBTVQH15',
  merges: [{ unit: { code: 'commune-new-1', name: 'Xã Mới', level: 'commune' as const, parentCode: 'province-1' }, from: ['commune-1', 'commune-2'] }],
  abolished: ['district-1'],
};

/** The record time of the factories' new events. */
export const RECORDED_AT = '2025-03-02T03:00:00.000Z';

/** A domain event made ready to append: with an id, a record time and optional metadata. */
export const asNewEvent = <Event extends { type: string }>(
  domainEvent: Event,
  eventId: string,
  recordedAt: string = RECORDED_AT,
  metadata: NewEvent['metadata'] = {},
): NewEvent<Event> => ({ ...domainEvent, eventId, recordedAt, metadata });
