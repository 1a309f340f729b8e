import {
  ChainStage,
  CIRCULAR_01_2020,
  CIRCULAR_09_2017,
  CounterpartyKind,
  CreditorType,
  DepartureReason,
  DissolutionMode,
  HighTechBasis,
  LegalStatus,
  MemberKind,
  OrganisationKind,
  PartyType,
  RatingLevel,
  type AdministrativeUnitsReorganised,
  type HoptacEvent,
  type NewEvent,
  type OrganisationCommand,
  type OrganisationEvent,
} from '@hoptac/core';
import * as fc from 'fast-check';

// Arbitraries of single schema-valid events and commands. They obey each schema, not the business rules: use
// `validHistory` for histories that obey the rules.

const DAY = 86_400_000;

/** An id matching the core `Id` schema: letters, digits and `. _ : -`, starting with a letter or digit. */
export const anyId: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('org', 'm', 'coop', 'link', 'rec', 'debt', 'x'), fc.stringMatching(/^[a-z0-9][a-z0-9._:-]{0,10}$/))
  .map(([prefix, rest]) => `${prefix}-${rest}`);

/** An ISO calendar day between `from` and `to` (inclusive), shrinking towards `from`. */
export const anyDate = (from = '1995-01-01', to = '2060-12-31'): fc.Arbitrary<string> =>
  fc
    .integer({ min: Date.parse(`${from}T00:00:00Z`) / DAY, max: Date.parse(`${to}T00:00:00Z`) / DAY })
    .map((day) => new Date(day * DAY).toISOString().slice(0, 10));

/** An ISO instant (UTC, milliseconds) between two days. */
export const anyInstant = (from = '1995-01-01', to = '2060-12-31'): fc.Arbitrary<string> =>
  fc
    .integer({ min: Date.parse(`${from}T00:00:00Z`), max: Date.parse(`${to}T23:59:59Z`) })
    .map((ms) => new Date(ms).toISOString());

const text = (max = 60) => fc.string({ minLength: 1, maxLength: max });
const dong = fc.integer({ min: 0, max: 10_000_000_000 });
const positiveDong = fc.integer({ min: 1, max: 10_000_000_000 });
const year = fc.integer({ min: 1990, max: 2100 });
const score = fc.integer({ min: 0, max: 200 }).map((half) => half / 2);
// the values of each enum come from its schema, so the arbitraries never drift from the events
const memberKind = fc.constantFrom(...MemberKind.options);
const partyType = fc.constantFrom(...PartyType.options);
const kind = fc.constantFrom(...OrganisationKind.options);
const legalStatus = fc.constantFrom(...LegalStatus.options);
const level = fc.constantFrom(...RatingLevel.options);
const scheme = fc.constantFrom(CIRCULAR_01_2020, CIRCULAR_09_2017);
const stages = fc.uniqueArray(fc.constantFrom(...ChainStage.options), { minLength: 1, maxLength: 4 });
const counterparty = fc.constantFrom(...CounterpartyKind.options);
const creditor = fc.constantFrom(...CreditorType.options);
const departureReason = fc.constantFrom(...DepartureReason.options);
const dissolutionMode = fc.constantFrom(...DissolutionMode.options);
const highTechBasis = fc.constantFrom(...HighTechBasis.options);

/** `{ organisationId, ...fields }`: the data of an organisation event or command. */
const organisationData = <Data extends Record<string, unknown>>(
  fields: { [K in keyof Data]: fc.Arbitrary<Data[K]> },
  requiredKeys?: readonly (keyof Data)[],
) =>
  fc
    .tuple(anyId, requiredKeys === undefined ? fc.record(fields) : fc.record(fields, { requiredKeys: [...requiredKeys] as never }))
    .map(([organisationId, rest]) => ({ organisationId, ...rest }));

/** `{ type, occurredOn, data: { organisationId, ...fields } }` for one organisation event type. */
const organisationEvent = <Type extends OrganisationEvent['type'], Data extends Record<string, unknown>>(
  type: Type,
  fields: { [K in keyof Data]: fc.Arbitrary<Data[K]> },
  requiredKeys?: readonly (keyof Data)[],
) =>
  fc.record({
    type: fc.constant(type),
    occurredOn: anyDate(),
    data: organisationData(fields, requiredKeys),
  }) as unknown as fc.Arbitrary<Extract<OrganisationEvent, { type: Type }>>;

/** One arbitrary per organisation event type, by type name: schema-valid, rules not applied. */
export const organisationEventArbitraries: { [Type in OrganisationEvent['type']]: fc.Arbitrary<Extract<OrganisationEvent, { type: Type }>> } = {
  OrganisationFounded: organisationEvent('OrganisationFounded', {
    kind,
    name: text(),
    registrationCode: text(20),
    headOfficeUnit: anyId,
    origin: fc.oneof(
      fc.constant({ type: 'new' as const }),
      anyId.map((fromGroupId) => ({ type: 'conversion' as const, fromGroupId })),
      anyId.map((reorganisationId) => ({ type: 'reorganisation-successor' as const, reorganisationId })),
    ),
  }),
  RegistrationDetailsChanged: organisationEvent('RegistrationDetailsChanged', { name: text(), registrationCode: text(20) }, []),
  HeadOfficeMoved: organisationEvent('HeadOfficeMoved', { fromUnit: anyId, toUnit: anyId }),
  MemberAdmitted: organisationEvent('MemberAdmitted', {
    memberId: anyId,
    memberKind,
    partyType,
    capitalCommitted: dong,
    origin: fc.constantFrom('application', 'founding', 'conversion', 'reorganisation' as const),
  }),
  MemberKindChanged: organisationEvent('MemberKindChanged', { memberId: anyId, from: memberKind, to: memberKind }),
  CapitalContributed: organisationEvent('CapitalContributed', { memberId: anyId, amount: positiveDong }),
  CapitalReturned: organisationEvent('CapitalReturned', { memberId: anyId, amount: positiveDong }),
  MemberDeparted: organisationEvent('MemberDeparted', { memberId: anyId, reason: departureReason }),
  OperationsSuspended: organisationEvent('OperationsSuspended', { until: anyDate(), reason: fc.string({ maxLength: 50 }) }, []),
  OperationsResumed: organisationEvent('OperationsResumed', {}),
  LegalStatusChanged: organisationEvent('LegalStatusChanged', { from: legalStatus, to: legalStatus, decisionRef: fc.string({ maxLength: 50 }) }, ['from', 'to']),
  RatingRecorded: organisationEvent('RatingRecorded', { year, scheme, level, score }),
  RatingCorrected: organisationEvent('RatingCorrected', { year, scheme, level, score, reason: fc.string({ maxLength: 50 }) }, ['year', 'scheme', 'level', 'score']),
  ValueChainLinkageStarted: organisationEvent(
    'ValueChainLinkageStarted',
    { linkageId: anyId, contractReference: text(), counterpartyKind: counterparty, stages, startsOn: anyDate(), endsOn: anyDate() },
    ['linkageId', 'contractReference', 'counterpartyKind', 'stages', 'startsOn'],
  ),
  ValueChainLinkageEnded: organisationEvent('ValueChainLinkageEnded', { linkageId: anyId, endsOn: anyDate() }),
  HighTechRecognitionGranted: organisationEvent(
    'HighTechRecognitionGranted',
    { recognitionId: anyId, basis: highTechBasis, issuer: text(), validFrom: anyDate(), validUntil: anyDate() },
    ['recognitionId', 'basis', 'issuer', 'validFrom'],
  ),
  HighTechRecognitionLapsed: organisationEvent('HighTechRecognitionLapsed', { recognitionId: anyId, lapsedOn: anyDate() }),
  DigitalAssessmentRecorded: organisationEvent(
    'DigitalAssessmentRecorded',
    { checklistVersion: text(20), result: fc.constantFrom('meets', 'does-not-meet' as const), criteriaMet: fc.array(text(30), { maxLength: 5 }) },
    ['checklistVersion', 'result'],
  ),
  DebtRecognised: organisationEvent('DebtRecognised', {
    debtId: anyId,
    creditorType: creditor,
    amount: positiveDong,
    originDate: anyDate(),
    dueDate: anyDate(),
  }),
  DebtPaid: organisationEvent('DebtPaid', { debtId: anyId, amount: positiveDong }),
  DebtWrittenOff: organisationEvent('DebtWrittenOff', { debtId: anyId, amount: positiveDong, decisionRef: fc.string({ maxLength: 50 }) }, ['debtId', 'amount']),
  FundsReported: organisationEvent('FundsReported', { year, charterCapital: dong, mobilisedCapital: dong, indivisibleFund: dong }),
  EnterpriseEstablished: organisationEvent('EnterpriseEstablished', {
    enterpriseCode: text(20),
    ownershipShare: fc.integer({ min: 1, max: 100 }).map((percent) => percent / 100),
  }),
  UnionJoined: organisationEvent('UnionJoined', { unionId: anyId }),
  UnionLeft: organisationEvent('UnionLeft', { unionId: anyId }),
  RegistrationUpdateSubmitted: organisationEvent('RegistrationUpdateSubmitted', { windowYear: year }),
  InspectionRecorded: organisationEvent('InspectionRecorded', { inspectionId: anyId, authority: text(), findings: fc.array(text(), { maxLength: 3 }) }),
  SanctionImposed: organisationEvent('SanctionImposed', { decisionRef: text(), violation: text() }),
  LegacyConversionAssessed: organisationEvent('LegacyConversionAssessed', {
    status: fc.constantFrom('not-converted', 'converted', 'not-applicable' as const),
    registeredUnderLaw: fc.constantFrom('1996', '2003', '2012', '2023' as const),
  }),
  GroupConverted: organisationEvent('GroupConverted', { cooperativeId: anyId }),
  OrganisationReorganised: organisationEvent('OrganisationReorganised', {
    reorganisationId: anyId,
    shape: fc.constantFrom('division', 'separation', 'consolidation', 'merger' as const),
    role: fc.constantFrom('source-ceases', 'source-continues', 'successor', 'absorbing' as const),
    sourceIds: fc.array(anyId, { minLength: 1, maxLength: 3 }),
    successorIds: fc.array(anyId, { minLength: 1, maxLength: 3 }),
  }),
  DissolutionStarted: organisationEvent('DissolutionStarted', { mode: dissolutionMode, decisionRef: fc.string({ maxLength: 50 }) }, ['mode']),
  DissolutionCompleted: organisationEvent('DissolutionCompleted', { mode: dissolutionMode }),
};

const unitLevel = fc.constantFrom('province', 'district', 'commune', 'ward', 'township' as const);

/** A schema-valid `AdministrativeUnitsReorganised` event. */
export const anyTerritoryEvent: fc.Arbitrary<AdministrativeUnitsReorganised> = fc.record({
  type: fc.constant('AdministrativeUnitsReorganised' as const),
  occurredOn: anyDate(),
  data: fc.record({
    reorganisationId: anyId,
    decisionRef: text(),
    merges: fc.array(
      fc.record({
        unit: fc.record({ code: anyId, name: text(), level: unitLevel, parentCode: anyId }, { requiredKeys: ['code', 'name', 'level'] }),
        from: fc.array(anyId, { minLength: 1, maxLength: 4 }),
      }),
      { maxLength: 4 },
    ),
    abolished: fc.array(anyId, { maxLength: 3 }),
  }),
});

/** Any single domain event of any type, schema-valid (business rules not applied). */
export const anyEvent: fc.Arbitrary<HoptacEvent> = fc.oneof(
  ...(Object.values(organisationEventArbitraries) as fc.Arbitrary<HoptacEvent>[]),
  anyTerritoryEvent as fc.Arbitrary<HoptacEvent>,
);

/** Any event with an envelope a store accepts: a fresh id, a record time and metadata. */
export const anyNewEvent: fc.Arbitrary<NewEvent> = fc
  .tuple(anyEvent, fc.uuid(), anyInstant(), fc.record({ actor: text(20), tenant: anyId }, { requiredKeys: [] }))
  .map(([event, eventId, recordedAt, metadata]) => ({ ...event, eventId, recordedAt, metadata }));

const memberSpec = fc.record({ memberId: anyId, memberKind, partyType, capitalCommitted: dong });

/** `{ type, on, data: { organisationId, ...fields } }` for one command type. */
const organisationCommand = <Type extends OrganisationCommand['type'], Data extends Record<string, unknown>>(
  type: Type,
  fields: { [K in keyof Data]: fc.Arbitrary<Data[K]> },
  requiredKeys?: readonly (keyof Data)[],
) =>
  fc.record({
    type: fc.constant(type),
    on: anyDate(),
    data: organisationData(fields, requiredKeys),
  }) as unknown as fc.Arbitrary<Extract<OrganisationCommand, { type: Type }>>;

/** One arbitrary per command type, by type name: schema-valid, not necessarily accepted by the deciders. */
export const commandArbitraries: { [Type in OrganisationCommand['type']]: fc.Arbitrary<Extract<OrganisationCommand, { type: Type }>> } = {
  FoundOrganisation: organisationCommand('FoundOrganisation', {
    kind,
    name: text(),
    registrationCode: text(20),
    headOfficeUnit: anyId,
    foundingMembers: fc.array(memberSpec, { maxLength: 8 }),
  }),
  ChangeRegistrationDetails: organisationCommand('ChangeRegistrationDetails', { name: text(), registrationCode: text(20) }, []),
  MoveHeadOffice: organisationCommand('MoveHeadOffice', { toUnit: anyId }),
  AdmitMember: organisationCommand('AdmitMember', { member: memberSpec }),
  ChangeMemberKind: organisationCommand('ChangeMemberKind', { memberId: anyId, to: memberKind }),
  ContributeCapital: organisationCommand('ContributeCapital', { memberId: anyId, amount: positiveDong }),
  ReturnCapital: organisationCommand('ReturnCapital', { memberId: anyId, amount: positiveDong }),
  RecordDeparture: organisationCommand('RecordDeparture', { memberId: anyId, reason: departureReason }),
  SuspendOperations: organisationCommand('SuspendOperations', { until: anyDate(), reason: fc.string({ maxLength: 50 }) }, []),
  ResumeOperations: organisationCommand('ResumeOperations', {}),
  ChangeLegalStatus: organisationCommand('ChangeLegalStatus', { to: legalStatus, decisionRef: fc.string({ maxLength: 50 }) }, ['to']),
  RateOrganisation: organisationCommand('RateOrganisation', { year, scheme, level, score, reason: fc.string({ maxLength: 50 }) }, ['year', 'scheme', 'level', 'score']),
  StartLinkage: organisationCommand(
    'StartLinkage',
    { linkageId: anyId, contractReference: text(), counterpartyKind: counterparty, stages, endsOn: anyDate() },
    ['linkageId', 'contractReference', 'counterpartyKind', 'stages'],
  ),
  EndLinkage: organisationCommand('EndLinkage', { linkageId: anyId }),
  GrantHighTechRecognition: organisationCommand(
    'GrantHighTechRecognition',
    { recognitionId: anyId, basis: highTechBasis, issuer: text(), validUntil: anyDate() },
    ['recognitionId', 'basis', 'issuer'],
  ),
  LapseHighTechRecognition: organisationCommand('LapseHighTechRecognition', { recognitionId: anyId }),
  RecordDigitalAssessment: organisationCommand(
    'RecordDigitalAssessment',
    { checklistVersion: text(20), result: fc.constantFrom('meets', 'does-not-meet' as const), criteriaMet: fc.array(text(30), { maxLength: 5 }) },
    ['checklistVersion', 'result'],
  ),
  RecogniseDebt: organisationCommand('RecogniseDebt', { debtId: anyId, creditorType: creditor, amount: positiveDong, originDate: anyDate(), dueDate: anyDate() }),
  PayDebt: organisationCommand('PayDebt', { debtId: anyId, amount: positiveDong }),
  WriteOffDebt: organisationCommand('WriteOffDebt', { debtId: anyId, amount: positiveDong, decisionRef: fc.string({ maxLength: 50 }) }, ['debtId', 'amount']),
  ReportFunds: organisationCommand('ReportFunds', { year, charterCapital: dong, mobilisedCapital: dong, indivisibleFund: dong }),
  EstablishEnterprise: organisationCommand('EstablishEnterprise', {
    enterpriseCode: text(20),
    ownershipShare: fc.integer({ min: 1, max: 100 }).map((percent) => percent / 100),
  }),
  JoinUnion: organisationCommand('JoinUnion', { unionId: anyId }),
  LeaveUnion: organisationCommand('LeaveUnion', { unionId: anyId }),
  SubmitRegistrationUpdate: organisationCommand('SubmitRegistrationUpdate', { windowYear: year }),
  RecordInspection: organisationCommand('RecordInspection', { inspectionId: anyId, authority: text(), findings: fc.array(text(), { maxLength: 3 }) }),
  ImposeSanction: organisationCommand('ImposeSanction', { decisionRef: text(), violation: text() }),
  AssessLegacyConversion: organisationCommand('AssessLegacyConversion', {
    status: fc.constantFrom('not-converted', 'converted', 'not-applicable' as const),
    registeredUnderLaw: fc.constantFrom('1996', '2003', '2012', '2023' as const),
  }),
  StartDissolution: organisationCommand('StartDissolution', { mode: dissolutionMode, decisionRef: fc.string({ maxLength: 50 }) }, ['mode']),
  CompleteDissolution: organisationCommand('CompleteDissolution', {}),
  ConvertGroup: organisationCommand('ConvertGroup', { cooperativeId: anyId, name: text(), registrationCode: text(20) }),
  ReorganiseOrganisations: organisationCommand(
    'ReorganiseOrganisations',
    {
      reorganisationId: anyId,
      shape: fc.constantFrom('division', 'separation', 'consolidation', 'merger' as const),
      sourceIds: fc.array(anyId, { minLength: 1, maxLength: 3 }),
      newSuccessors: fc.array(
        fc.record({ organisationId: anyId, name: text(), registrationCode: text(20), headOfficeUnit: anyId, memberIds: fc.array(anyId, { maxLength: 4 }) }),
        { maxLength: 3 },
      ),
      absorbingId: anyId,
    },
    ['reorganisationId', 'shape', 'sourceIds', 'newSuccessors'],
  ),
};

/** Any command of any type, schema-valid; the deciders may well reject it. */
export const anyCommand: fc.Arbitrary<OrganisationCommand> = fc.oneof(
  ...(Object.values(commandArbitraries) as fc.Arbitrary<OrganisationCommand>[]),
);
