import { describe, expect, it } from 'vitest';
import type { Rejection } from '../errors';
import { CIRCULAR_01_2020, CIRCULAR_09_2017 } from '../primitives';
import { ON, ORGANISATION_ID, command, deciderSpec, event, givenOrganisations, memberIds, memberSpecs, territory } from '../testing';
import { decideTerritory, evolveTerritory, initialTerritory } from '../territory/decider';
import { decide, evolve, initialState, type SingleStreamCommand } from './decider';

const given = deciderSpec({ decide, evolve, initialState });
const givenUnits = deciderSpec({ decide: decideTerritory, evolve: evolveTerritory, initialState: initialTerritory });
const founded = event.founding();
const group = (foundedOn = '2024-01-15', members = 5) =>
  event.founding({ organisationId: 'group-1', kind: 'cooperative-group', members, occurredOn: foundedOn });
const dissolving = [...founded, event.dissolutionStarted()];
const departures = memberIds(5).map((memberId) => event.memberDeparted({ memberId, reason: 'organisation-ceased', occurredOn: '2025-06-01' }));
const ceased = [...dissolving, ...departures, event.dissolutionCompleted({ occurredOn: '2025-06-01' })];

// One success for each single-stream command; the compiler flags a command without one.
const accepted: Record<SingleStreamCommand['type'], () => void> = {
  FoundOrganisation: () => given().when(command.foundOrganisation()).then(event.founding()),
  ChangeRegistrationDetails: () => given(...founded).when(command.changeRegistrationDetails()).then([event.registrationDetailsChanged()]),
  MoveHeadOffice: () => given(...founded).when(command.moveHeadOffice()).then([event.headOfficeMoved()]),
  AdmitMember: () => given(...founded).when(command.admitMember()).then([event.memberAdmitted()]),
  ChangeMemberKind: () => given(...founded).when(command.changeMemberKind()).then([event.memberKindChanged()]),
  ContributeCapital: () => given(...founded).when(command.contributeCapital()).then([event.capitalContributed()]),
  ReturnCapital: () => given(...founded).when(command.returnCapital()).then([event.capitalReturned()]),
  RecordDeparture: () => given(...founded).when(command.recordDeparture()).then([event.memberDeparted()]),
  SuspendOperations: () => given(...founded).when(command.suspendOperations()).then([event.operationsSuspended()]),
  ResumeOperations: () => given(...founded, event.operationsSuspended()).when(command.resumeOperations()).then([event.operationsResumed()]),
  ChangeLegalStatus: () => given(...founded).when(command.changeLegalStatus()).then([event.legalStatusChanged()]),
  RateOrganisation: () => given(...founded).when(command.rateOrganisation()).then([event.ratingRecorded()]),
  StartLinkage: () => given(...founded).when(command.startLinkage()).then([event.valueChainLinkageStarted()]),
  EndLinkage: () => given(...founded, event.valueChainLinkageStarted()).when(command.endLinkage()).then([event.valueChainLinkageEnded()]),
  GrantHighTechRecognition: () =>
    given(...founded).when(command.grantHighTechRecognition()).then([event.highTechRecognitionGranted()]),
  LapseHighTechRecognition: () =>
    given(...founded, event.highTechRecognitionGranted()).when(command.lapseHighTechRecognition()).then([event.highTechRecognitionLapsed()]),
  RecordDigitalAssessment: () => given(...founded).when(command.recordDigitalAssessment()).then([event.digitalAssessmentRecorded()]),
  RecogniseDebt: () => given(...founded).when(command.recogniseDebt()).then([event.debtRecognised()]),
  PayDebt: () => given(...founded, event.debtRecognised()).when(command.payDebt()).then([event.debtPaid()]),
  WriteOffDebt: () => given(...founded, event.debtRecognised()).when(command.writeOffDebt()).then([event.debtWrittenOff()]),
  ReportFunds: () => given(...founded).when(command.reportFunds()).then([event.fundsReported()]),
  EstablishEnterprise: () => given(...founded).when(command.establishEnterprise()).then([event.enterpriseEstablished()]),
  JoinUnion: () => given(...founded).when(command.joinUnion()).then([event.unionJoined()]),
  LeaveUnion: () => given(...founded, event.unionJoined()).when(command.leaveUnion()).then([event.unionLeft()]),
  SubmitRegistrationUpdate: () => given(...founded).when(command.submitRegistrationUpdate()).then([event.registrationUpdateSubmitted()]),
  RecordInspection: () => given(...founded).when(command.recordInspection()).then([event.inspectionRecorded()]),
  ImposeSanction: () => given(...founded).when(command.imposeSanction()).then([event.sanctionImposed()]),
  AssessLegacyConversion: () => given(...founded).when(command.assessLegacyConversion()).then([event.legacyConversionAssessed()]),
  StartDissolution: () => given(...founded).when(command.startDissolution()).then([event.dissolutionStarted()]),
  CompleteDissolution: () =>
    given(...dissolving)
      .when(command.completeDissolution())
      .then([...departures, event.dissolutionCompleted({ occurredOn: '2025-06-01' })]),
};

describe('every single-stream command', () => {
  it.each(Object.entries(accepted))('%s is accepted with its events', (_, check) => check());
});

// One rejection for each code; the compiler flags a code without one.
const rejected: Record<Rejection['code'], () => void> = {
  OrganisationAlreadyFounded: () => given(...founded).when(command.foundOrganisation()).thenRejects('OrganisationAlreadyFounded'),
  OrganisationNotFound: () => given().when(command.admitMember()).thenRejects('OrganisationNotFound', { organisationId: 'coop-1' }),
  OrganisationCeased: () => given(...ceased).when(command.admitMember({ on: '2025-07-01' })).thenRejects('OrganisationCeased'),
  OrganisationNotActive: () =>
    given(...founded, event.legalStatusChanged())
      .when(command.suspendOperations())
      .thenRejects('OrganisationNotActive', { status: 'not-at-registered-address' }),
  TooFewFoundingMembers: () =>
    given()
      .when(command.foundOrganisation({ foundingMembers: [...memberSpecs(4), ...memberSpecs(1, { memberKind: 'associate-contributing' }, 5)] }))
      .thenRejects('TooFewFoundingMembers', { kind: 'cooperative', minimum: 5, actual: 4 }),
  MemberKindNotAllowed: () =>
    given()
      .when(command.foundOrganisation({ foundingMembers: [...memberSpecs(4), ...memberSpecs(1, { memberKind: 'associate-non-contributing' }, 5)] }))
      .thenRejects('MemberKindNotAllowed', { memberId: 'member-5' }),
  MemberAlreadyAdmitted: () =>
    given(...founded)
      .when(command.admitMember({ member: { ...memberSpecs(1)[0]!, capitalCommitted: 1 } }))
      .thenRejects('MemberAlreadyAdmitted', { memberId: 'member-1' }),
  NotAMember: () => given(...founded).when(command.recordDeparture({ memberId: 'member-9' })).thenRejects('NotAMember', { memberId: 'member-9' }),
  DateBeforeAdmission: () =>
    given(...founded, event.memberAdmitted())
      .when(command.recordDeparture({ memberId: 'member-6', on: '2025-02-28' }))
      .thenRejects('DateBeforeAdmission', { admittedOn: '2025-03-01', on: '2025-02-28' }),
  DateBeforeFounding: () =>
    given(...founded).when(command.admitMember({ on: '2024-01-14' })).thenRejects('DateBeforeFounding', { foundedOn: '2024-01-15' }),
  DateBeforeLastEvent: () =>
    given(...founded, event.operationsSuspended())
      .when(command.resumeOperations({ on: '2025-02-01' }))
      .thenRejects('DateBeforeLastEvent', { lastOn: '2025-03-01', on: '2025-02-01' }),
  CapitalCapExceeded: () =>
    given(...founded)
      .when(command.contributeCapital({ amount: 20_000_000 }))
      .thenRejects('CapitalCapExceeded', { memberId: 'member-1', cap: 'official-member', limit: 0.3, share: 0.4286 }),
  CapitalNotHeld: () =>
    given(...founded)
      .when(command.returnCapital({ amount: 10_000_001 }))
      .thenRejects('CapitalNotHeld', { held: 10_000_000, requested: 10_000_001 }),
  RatingYearNotEligible: () =>
    given(...founded).when(command.rateOrganisation({ year: 2024, on: '2024-12-10' })).thenRejects('RatingYearNotEligible', { year: 2024 }),
  ScoreLevelMismatch: () =>
    given(...founded).when(command.rateOrganisation({ score: 79.5 })).thenRejects('ScoreLevelMismatch', { level: 'good', expected: 'fair' }),
  LinkageNotThroughConsumption: () =>
    given(...founded)
      .when(command.startLinkage({ stages: ['production', 'processing'] }))
      .thenRejects('LinkageNotThroughConsumption', { stages: ['production', 'processing'] }),
  LinkageDatesInvalid: () =>
    given(...founded)
      .when(command.startLinkage({ endsOn: '2025-02-28' }))
      .thenRejects('LinkageDatesInvalid', { startsOn: '2025-03-01', endsOn: '2025-02-28' }),
  LinkageAlreadyExists: () => given(...founded, event.valueChainLinkageStarted()).when(command.startLinkage()).thenRejects('LinkageAlreadyExists'),
  LinkageNotFound: () => given(...founded).when(command.endLinkage()).thenRejects('LinkageNotFound', { linkageId: 'linkage-1' }),
  RecognitionAlreadyExists: () =>
    given(...founded, event.highTechRecognitionGranted()).when(command.grantHighTechRecognition()).thenRejects('RecognitionAlreadyExists'),
  RecognitionNotFound: () => given(...founded).when(command.lapseHighTechRecognition()).thenRejects('RecognitionNotFound'),
  RecognitionDatesInvalid: () =>
    given(...founded)
      .when(command.grantHighTechRecognition({ validUntil: '2025-01-01' }))
      .thenRejects('RecognitionDatesInvalid', { validFrom: '2025-03-01', validUntil: '2025-01-01' }),
  DebtAlreadyRecognised: () => given(...founded, event.debtRecognised()).when(command.recogniseDebt()).thenRejects('DebtAlreadyRecognised'),
  DebtNotFound: () => given(...founded).when(command.payDebt()).thenRejects('DebtNotFound', { debtId: 'debt-1' }),
  DebtAmountExceedsOutstanding: () =>
    given(...founded, event.debtRecognised(), event.debtPaid({ amount: 20_000_000 }))
      .when(command.writeOffDebt({ amount: 30_000_001 }))
      .thenRejects('DebtAmountExceedsOutstanding', { outstanding: 30_000_000, amount: 30_000_001 }),
  DebtsOutstanding: () =>
    given(...founded, event.debtRecognised(), event.debtPaid({ amount: 20_000_000 }), event.dissolutionStarted())
      .when(command.completeDissolution())
      .thenRejects('DebtsOutstanding', { outstanding: 30_000_000, debtIds: ['debt-1'] }),
  AlreadySuspended: () => given(...founded, event.operationsSuspended()).when(command.suspendOperations()).thenRejects('AlreadySuspended'),
  NotSuspended: () => given(...founded).when(command.resumeOperations()).thenRejects('NotSuspended', { status: 'active' }),
  SuspensionTooLong: () =>
    given(...founded)
      .when(command.suspendOperations({ until: '2026-03-02' }))
      .thenRejects('SuspensionTooLong', { from: '2025-03-01', until: '2026-03-02' }),
  SuspensionDatesInvalid: () =>
    given(...founded).when(command.suspendOperations({ until: '2025-02-28' })).thenRejects('SuspensionDatesInvalid'),
  InvalidStatusChange: () =>
    given(...founded).when(command.changeLegalStatus({ to: 'ceased' })).thenRejects('InvalidStatusChange', { from: 'active', to: 'ceased' }),
  NotDissolving: () => given(...founded).when(command.completeDissolution()).thenRejects('NotDissolving', { status: 'active' }),
  WrongKind: () =>
    given(...group()).when(command.joinUnion({ organisationId: 'group-1' })).thenRejects('WrongKind', { kind: 'cooperative-group' }),
  ConversionTooEarly: () =>
    givenOrganisations({ 'group-1': group('2024-06-01') })
      .when(command.convertGroup({ on: '2025-05-31' }))
      .thenRejects('ConversionTooEarly', { foundedOn: '2024-06-01', on: '2025-05-31' }),
  ReorganisationShapeInvalid: () =>
    givenOrganisations({ 'coop-1': event.founding({ members: 10 }) })
      .when(command.reorganiseOrganisations({ newSuccessors: command.reorganiseOrganisations().data.newSuccessors.slice(0, 1) }))
      .thenRejects('ReorganisationShapeInvalid', { shape: 'division' }),
  UnionMembershipInvalid: () => given(...founded, event.unionJoined()).when(command.joinUnion()).thenRejects('UnionMembershipInvalid'),
  NothingToChange: () => given(...founded).when(command.moveHeadOffice({ toUnit: 'commune-1' })).thenRejects('NothingToChange'),
  UnitReorganisationInvalid: () =>
    givenUnits().when(territory.reorganiseAdministrativeUnits({ merges: [], abolished: [] })).thenRejects('UnitReorganisationInvalid'),
};

describe('every rejection code', () => {
  it.each(Object.entries(rejected))('%s is raised with its facts', (_, check) => check());
});

describe('founding', () => {
  it('founds a cooperative group with two members of any kind', () =>
    given()
      .when(command.foundOrganisation({ kind: 'cooperative-group', foundingMembers: memberSpecs(2, { partyType: 'household' }) }))
      .then(event.founding({ kind: 'cooperative-group', members: memberSpecs(2, { partyType: 'household' }) })));

  it('refuses a group of one', () =>
    given()
      .when(command.foundOrganisation({ kind: 'cooperative-group', foundingMembers: memberSpecs(1) }))
      .thenRejects('TooFewFoundingMembers', { minimum: 2, actual: 1 }));

  it('founds a union of three member cooperatives, each under the 40% cap', () => {
    const members = memberSpecs(3, { partyType: 'cooperative' });
    given()
      .when(command.foundOrganisation({ kind: 'cooperative-union', foundingMembers: members }))
      .then(event.founding({ kind: 'cooperative-union', members }));
  });

  it('counts only official member cooperatives towards a union minimum', () =>
    given()
      .when(
        command.foundOrganisation({
          kind: 'cooperative-union',
          foundingMembers: [
            ...memberSpecs(2, { partyType: 'cooperative' }),
            ...memberSpecs(2, { partyType: 'legal-entity', memberKind: 'associate-contributing', capitalCommitted: 1_000_000 }, 3),
          ],
        }),
      )
      .thenRejects('TooFewFoundingMembers', { kind: 'cooperative-union', minimum: 3, actual: 2 }));

  it('refuses an individual as an official member of a union', () =>
    given()
      .when(command.foundOrganisation({ kind: 'cooperative-union', foundingMembers: memberSpecs(3) }))
      .thenRejects('MemberKindNotAllowed', { memberId: 'member-1' }));

  it('asks five official members of a people’s credit fund', () =>
    given()
      .when(command.foundOrganisation({ kind: 'peoples-credit-fund', foundingMembers: memberSpecs(4) }))
      .thenRejects('TooFewFoundingMembers', { kind: 'peoples-credit-fund', minimum: 5, actual: 4 }));

  it('refuses the same founding member twice', () =>
    given()
      .when(command.foundOrganisation({ foundingMembers: [...memberSpecs(5), ...memberSpecs(1)] }))
      .thenRejects('MemberAlreadyAdmitted', { memberId: 'member-1' }));

  it('refuses a founding where one official member holds over 30%', () =>
    given()
      .when(command.foundOrganisation({ foundingMembers: [...memberSpecs(4), ...memberSpecs(1, { capitalCommitted: 20_000_000 }, 5)] }))
      .thenRejects('CapitalCapExceeded', { memberId: 'member-5', cap: 'official-member' }));
});

describe('members and capital', () => {
  it('admits a former member again after their departure', () =>
    given(...founded, event.memberDeparted())
      .when(command.admitMember({ member: memberSpecs(1)[0]! }))
      .then([event.memberAdmitted({ memberId: 'member-1' })]));

  it('refuses the departure of a member who already left', () =>
    given(...founded, event.memberDeparted()).when(command.recordDeparture()).thenRejects('NotAMember', { memberId: 'member-1' }));

  it('allows an official member exactly 30% of the capital', () =>
    // member-1 at 30M of 100M: the other four hold 70M
    given(...event.founding({ members: [...memberSpecs(1), ...memberSpecs(4, { capitalCommitted: 17_500_000 }, 2)] }))
      .when(command.contributeCapital({ amount: 20_000_000 }))
      .then([event.capitalContributed({ amount: 20_000_000 })]));

  it('allows 35% to one member of a union, where the cap is 40%', () => {
    const members = [...memberSpecs(1, { partyType: 'cooperative' }), ...memberSpecs(2, { partyType: 'cooperative', capitalCommitted: 16_250_000 }, 2)];
    given(...event.founding({ kind: 'cooperative-union', members }))
      .when(command.contributeCapital({ amount: 7_500_000 }))
      .then([event.capitalContributed({ amount: 7_500_000 })]);
  });

  it('refuses contributing associates over 30% together', () =>
    given(...founded, event.memberKindChanged())
      .when(command.changeMemberKind({ memberId: 'member-2' }))
      .thenRejects('CapitalCapExceeded', { memberId: 'member-2', cap: 'associates-contributing', share: 0.4 }));

  it('refuses capital from an associate member without capital', () =>
    given(...founded, event.memberAdmitted({ memberKind: 'associate-non-contributing', capitalCommitted: 0 }))
      .when(command.contributeCapital({ memberId: 'member-6' }))
      .thenRejects('MemberKindNotAllowed', { memberId: 'member-6' }));

  it('refuses to make a capital holder an associate without capital', () =>
    given(...founded)
      .when(command.changeMemberKind({ to: 'associate-non-contributing' }))
      .thenRejects('MemberKindNotAllowed', { memberId: 'member-1' }));

  it('refuses a kind change dated before the admission', () =>
    given(...founded, event.memberAdmitted())
      .when(command.changeMemberKind({ memberId: 'member-6', on: '2025-01-01' }))
      .thenRejects('DateBeforeAdmission'));

  it('lets a member leave even when the caps would then bind the others', () =>
    given(...event.founding({ members: [...memberSpecs(4), ...memberSpecs(1, { capitalCommitted: 1 }, 5)] }))
      .when(command.recordDeparture({ memberId: 'member-5', reason: 'death' }))
      .then([event.memberDeparted({ memberId: 'member-5', reason: 'death' })]));
});

describe('suspension and legal status', () => {
  it('accepts a suspension of exactly 12 months', () =>
    given(...founded).when(command.suspendOperations({ until: '2026-03-01' })).then([event.operationsSuspended({ until: '2026-03-01' })]));

  it('records a suspension with no notified end', () =>
    given(...founded)
      .when({ type: 'SuspendOperations', on: ON, data: { organisationId: ORGANISATION_ID, reason: 'flood' } })
      .then([{ type: 'OperationsSuspended', occurredOn: ON, data: { organisationId: ORGANISATION_ID, reason: 'flood' } }]));

  it('refuses to set a suspension through a status change', () =>
    given(...founded).when(command.changeLegalStatus({ to: 'suspended' })).thenRejects('InvalidStatusChange'));

  it('refuses a second dissolution', () => given(...dissolving).when(command.startDissolution()).thenRejects('InvalidStatusChange'));

  it('refuses resuming a ceased organisation', () => given(...ceased).when(command.resumeOperations({ on: '2025-07-01' })).thenRejects('OrganisationCeased'));

  it('completes a dissolution once every debt is paid or written off', () =>
    given(...founded, event.debtRecognised(), event.debtPaid({ amount: 20_000_000 }), event.debtWrittenOff({ amount: 30_000_000 }), event.dissolutionStarted())
      .when(command.completeDissolution())
      .then([...departures, event.dissolutionCompleted({ occurredOn: '2025-06-01' })]));

  it('completes a bankruptcy in its own mode', () =>
    expect(given(...founded, event.dissolutionStarted({ mode: 'bankruptcy' })).when(command.completeDissolution()).events().at(-1)).toEqual(
      event.dissolutionCompleted({ mode: 'bankruptcy', occurredOn: '2025-06-01' }),
    ));

  it('reaches the ceased status after a dissolution', () =>
    expect([...ceased].reduce(evolve, initialState())).toMatchObject({ status: 'ceased', ceasedOn: '2025-06-01', members: {} }));
});

describe('ratings', () => {
  it('corrects an earlier rating of the same year and scheme', () =>
    given(...founded, event.ratingRecorded())
      .when(command.rateOrganisation({ level: 'fair', score: 70, on: '2026-01-20' }))
      .then([event.ratingCorrected()]));

  it('records a second scheme for the same year as a rating of its own', () =>
    given(...founded, event.ratingRecorded())
      .when(command.rateOrganisation({ scheme: CIRCULAR_09_2017 }))
      .then([event.ratingRecorded({ scheme: CIRCULAR_09_2017 })]));

  it('refuses a correction that changes nothing', () =>
    given(...founded, event.ratingRecorded()).when(command.rateOrganisation()).thenRejects('NothingToChange'));

  it('corrects a rating of an organisation that has since ceased', () =>
    given(...founded, event.ratingRecorded(), ...ceased.slice(founded.length))
      .when(command.rateOrganisation({ level: 'fair', score: 70, on: '2026-01-20', reason: 'recount' }))
      .then([event.ratingCorrected({ reason: 'recount' })]));

  it('refuses a first rating of an organisation that has ceased', () =>
    given(...ceased).when(command.rateOrganisation()).thenRejects('OrganisationCeased'));

  it.each([
    [80, 'good'],
    [79.99, 'fair'],
    [65, 'fair'],
    [64.9, 'average'],
    [50, 'average'],
    [49.5, 'weak'],
    [0, 'weak'],
  ] as const)('accepts score %d as %s', (score, level) =>
    given(...founded).when(command.rateOrganisation({ score, level })).then([event.ratingRecorded({ score, level })]));

  it('makes the level weak under Circular 09/2017 when a sanction falls in the year', () =>
    given(...founded, event.sanctionImposed({ occurredOn: '2025-05-01' }))
      .when(command.rateOrganisation({ scheme: CIRCULAR_09_2017 }))
      .thenRejects('ScoreLevelMismatch', { expected: 'weak', level: 'good' }));

  it('accepts weak under Circular 09/2017 after a sanction in the year, whatever the score', () =>
    given(...founded, event.sanctionImposed({ occurredOn: '2025-05-01' }))
      .when(command.rateOrganisation({ scheme: CIRCULAR_09_2017, level: 'weak' }))
      .then([event.ratingRecorded({ scheme: CIRCULAR_09_2017, level: 'weak' })]));

  it('ignores a sanction of another year under Circular 09/2017', () =>
    given(...founded, event.sanctionImposed({ occurredOn: '2024-05-01' }))
      .when(command.rateOrganisation({ scheme: CIRCULAR_09_2017 }))
      .then([event.ratingRecorded({ scheme: CIRCULAR_09_2017 })]));

  it('keeps the score’s level under Circular 01/2020 despite a sanction', () =>
    given(...founded, event.sanctionImposed({ occurredOn: '2025-05-01' }))
      .when(command.rateOrganisation({ scheme: CIRCULAR_01_2020 }))
      .then([event.ratingRecorded()]));

  it('rates an organisation suspended exactly 90 days in the year', () =>
    // suspended 1/3 … 29/5: 31 + 30 + 29 days
    given(...founded, event.operationsSuspended(), event.operationsResumed({ occurredOn: '2025-05-30' }))
      .when(command.rateOrganisation())
      .then([event.ratingRecorded()]));

  it('refuses to rate an organisation suspended 91 days in the year', () =>
    given(...founded, event.operationsSuspended(), event.operationsResumed({ occurredOn: '2025-05-31' }))
      .when(command.rateOrganisation())
      .thenRejects('RatingYearNotEligible', { reason: 'suspended 91 days in 2025, more than 90' }));

  it('counts a suspension still open up to the rating date', () =>
    // 1/9 … 10/12 inclusive: 30 + 31 + 30 + 10 days
    given(...founded, event.operationsSuspended({ occurredOn: '2025-09-01' }))
      .when(command.rateOrganisation())
      .thenRejects('RatingYearNotEligible', { reason: 'suspended 101 days in 2025, more than 90' }));

  it('rates an organisation founded on 31/12 of the year before', () =>
    given(...event.founding({ occurredOn: '2024-12-31' })).when(command.rateOrganisation()).then([event.ratingRecorded()]));

  it('refuses to rate a cooperative group', () =>
    given(...group())
      .when(command.rateOrganisation({ organisationId: 'group-1' }))
      .thenRejects('RatingYearNotEligible', { reason: 'a cooperative-group is not rated' }));
});

describe('linkages and recognitions', () => {
  it('refuses a contract of consumption alone', () =>
    given(...founded).when(command.startLinkage({ stages: ['consumption'] })).thenRejects('LinkageNotThroughConsumption'));

  it('accepts a contract from inputs to consumption with a state-owned enterprise', () =>
    given(...founded)
      .when(command.startLinkage({ stages: ['inputs', 'production', 'processing', 'consumption'], counterpartyKind: 'state-owned-enterprise', endsOn: '2027-03-01' }))
      .then([
        event.valueChainLinkageStarted({
          stages: ['inputs', 'production', 'processing', 'consumption'],
          counterpartyKind: 'state-owned-enterprise',
          endsOn: '2027-03-01',
        }),
      ]));

  it('refuses to end a linkage before it starts', () =>
    given(...founded, event.valueChainLinkageStarted()).when(command.endLinkage({ on: '2025-02-01' })).thenRejects('LinkageDatesInvalid'));

  it('refuses to end a linkage twice', () =>
    given(...founded, event.valueChainLinkageStarted(), event.valueChainLinkageEnded()).when(command.endLinkage()).thenRejects('NothingToChange'));

  it('refuses a lapse dated before the recognition', () =>
    given(...founded, event.highTechRecognitionGranted())
      .when(command.lapseHighTechRecognition({ on: '2025-01-01' }))
      .thenRejects('RecognitionDatesInvalid'));
});

describe('unions', () => {
  it('refuses to leave a union the cooperative is not in', () =>
    given(...founded).when(command.leaveUnion()).thenRejects('UnionMembershipInvalid', { reason: 'not a member of this union' }));
});

describe('administrative units', () => {
  it('records a merger of communes and the district abolished', () =>
    givenUnits().when(territory.reorganiseAdministrativeUnits()).then([territory.administrativeUnitsReorganised()]));

  it('refuses a unit both merged and abolished', () =>
    givenUnits()
      .when(territory.reorganiseAdministrativeUnits({ abolished: ['commune-1'] }))
      .thenRejects('UnitReorganisationInvalid', { reason: 'unit commune-1 is both merged into commune-new-1 and abolished' }));

  it('refuses a unit merged into two units', () =>
    givenUnits()
      .when(
        territory.reorganiseAdministrativeUnits({
          merges: [
            { unit: { code: 'commune-a', name: 'Xã A', level: 'commune' }, from: ['commune-1'] },
            { unit: { code: 'commune-b', name: 'Xã B', level: 'commune' }, from: ['commune-1', 'commune-2'] },
          ],
        }),
      )
      .thenRejects('UnitReorganisationInvalid', { reason: 'unit commune-1 is merged into both commune-a and commune-b' }));

  it('refuses the same reorganisation twice', () =>
    givenUnits(territory.administrativeUnitsReorganised())
      .when(territory.reorganiseAdministrativeUnits())
      .thenRejects('UnitReorganisationInvalid', { reason: 'this reorganisation is already recorded' }));
});
