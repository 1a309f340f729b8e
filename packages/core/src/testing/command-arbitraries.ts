// fast-check arbitraries for core's own property tests. Deliberately not exported from the `./testing` entry, so
// fast-check never becomes a dependency of it; @hoptac/testing publishes the arbitraries for everyone else.
import fc from 'fast-check';
import type { MemberSpec, OrganisationCommand } from '../organisation/commands';
import { addDays } from '../organisation/dates';
import { CIRCULAR_01_2020, CIRCULAR_09_2017 } from '../primitives';
import { levelForScore } from '../organisation/rules';
import { memberIds, memberSpecs } from './factories';

/** The few organisations the generated commands talk about, so that they meet each other often. */
export const ORGANISATION_IDS = ['coop-1', 'coop-2', 'coop-3', 'group-1', 'group-2'] as const;

// founded organisations come up more often than the ones that may never be founded
const organisationId = fc.constantFrom('coop-1', 'coop-1', 'coop-1', 'coop-2', 'coop-2', 'group-1', 'group-1', 'coop-3', 'group-2');
const memberId = fc.constantFrom(...memberIds(12));
const date = fc.integer({ min: 0, max: 4 * 365 }).map((days) => addDays('2024-01-01', days));
const year = fc.integer({ min: 2024, max: 2027 });
const amount = fc.constantFrom(1_000_000, 5_000_000, 10_000_000, 50_000_000);
const someId = (prefix: string) => fc.integer({ min: 1, max: 3 }).map((n) => `${prefix}-${n}`);

const memberSpec: fc.Arbitrary<MemberSpec> = fc.record({
  memberId,
  memberKind: fc.constantFrom('official', 'official', 'official', 'associate-contributing', 'associate-non-contributing'),
  partyType: fc.constantFrom('individual', 'household', 'legal-entity', 'cooperative'),
  capitalCommitted: fc.constantFrom(0, 1_000_000, 10_000_000),
});

const make = <Type extends OrganisationCommand['type']>(type: Type, data: fc.Arbitrary<object>) =>
  fc.record({ on: date, organisationId, data }).map(
    ({ on, organisationId: id, data: fields }) => ({ type, on, data: { organisationId: id, ...fields } }) as unknown as Extract<OrganisationCommand, { type: Type }>,
  );

const optional = <Model extends Record<string, fc.Arbitrary<unknown>>>(model: Model) => fc.record(model, { requiredKeys: [] });

/** Any organisation command, with values drawn from small pools so rules meet each other. */
export const anyCommand: fc.Arbitrary<OrganisationCommand> = fc.oneof(
  make(
    'FoundOrganisation',
    fc.record({
      kind: fc.constantFrom('cooperative', 'cooperative-group', 'cooperative-union', 'peoples-credit-fund'),
      name: fc.constant('Tổ chức thử'),
      registrationCode: fc.constant('CODE-1'),
      headOfficeUnit: fc.constantFrom('commune-1', 'commune-2'),
      foundingMembers: fc.oneof(fc.constant(memberSpecs(5)), fc.constant(memberSpecs(3, { partyType: 'cooperative' })), fc.array(memberSpec, { maxLength: 7 })),
    }),
  ),
  make('ChangeRegistrationDetails', optional({ name: fc.constantFrom('Tên mới', 'Tổ chức thử'), registrationCode: fc.constantFrom('CODE-2') })),
  make('MoveHeadOffice', fc.record({ toUnit: fc.constantFrom('commune-1', 'commune-2', 'commune-3') })),
  make('AdmitMember', fc.record({ member: memberSpec })),
  make('ChangeMemberKind', fc.record({ memberId, to: fc.constantFrom('official', 'associate-contributing', 'associate-non-contributing') })),
  make('ContributeCapital', fc.record({ memberId, amount })),
  make('ReturnCapital', fc.record({ memberId, amount })),
  make('RecordDeparture', fc.record({ memberId, reason: fc.constantFrom('voluntary', 'death', 'expelled') })),
  make('SuspendOperations', optional({ until: date, reason: fc.constant('flood') })),
  make('ResumeOperations', fc.constant({})),
  make('ChangeLegalStatus', fc.record({ to: fc.constantFrom('active', 'not-at-registered-address', 'certificate-revoked', 'reorganising-or-dissolving') })),
  make(
    'RateOrganisation',
    fc
      .record(
        { year, scheme: fc.constantFrom(CIRCULAR_01_2020, CIRCULAR_09_2017), score: fc.constantFrom(40, 55, 70, 85), reason: fc.constant('recount') },
        { requiredKeys: ['year', 'scheme', 'score'] },
      )
      .chain((fields) =>
        fc
          .oneof({ arbitrary: fc.constant(levelForScore(fields.score)), weight: 4 }, fc.constantFrom('good', 'fair', 'average', 'weak'))
          .map((level) => ({ ...fields, level })),
      ),
  ),
  make(
    'StartLinkage',
    fc.record(
      {
        linkageId: someId('linkage'),
        contractReference: fc.constant('HD-1'),
        counterpartyKind: fc.constantFrom('enterprise', 'state-owned-enterprise', 'farmers'),
        stages: fc.constantFrom(['production', 'consumption'], ['consumption'], ['inputs', 'processing'], ['inputs', 'production', 'processing', 'consumption']),
        endsOn: date,
      },
      { requiredKeys: ['linkageId', 'contractReference', 'counterpartyKind', 'stages'] },
    ),
  ),
  make('EndLinkage', fc.record({ linkageId: someId('linkage') })),
  make(
    'GrantHighTechRecognition',
    fc.record(
      { recognitionId: someId('recognition'), basis: fc.constantFrom('high-tech-zone', 'local-rule'), issuer: fc.constant('UBND'), validUntil: date },
      { requiredKeys: ['recognitionId', 'basis', 'issuer'] },
    ),
  ),
  make('LapseHighTechRecognition', fc.record({ recognitionId: someId('recognition') })),
  make('RecordDigitalAssessment', fc.record({ checklistVersion: fc.constant('v1'), result: fc.constantFrom('meets', 'does-not-meet') })),
  make(
    'RecogniseDebt',
    fc.record({
      debtId: someId('debt'),
      creditorType: fc.constantFrom('state', 'bank', 'other-organisation', 'member'),
      amount,
      originDate: fc.constant('2020-01-01'),
      dueDate: fc.constant('2022-01-01'),
    }),
  ),
  make('PayDebt', fc.record({ debtId: someId('debt'), amount })),
  make('WriteOffDebt', fc.record({ debtId: someId('debt'), amount })),
  make('ReportFunds', fc.record({ year, charterCapital: amount, mobilisedCapital: amount, indivisibleFund: amount })),
  make('EstablishEnterprise', fc.record({ enterpriseCode: fc.constant('DN-1'), ownershipShare: fc.constantFrom(0.2, 1) })),
  make('JoinUnion', fc.record({ unionId: fc.constantFrom('union-1', 'coop-3') })),
  make('LeaveUnion', fc.record({ unionId: fc.constantFrom('union-1', 'coop-3') })),
  make('SubmitRegistrationUpdate', fc.record({ windowYear: year })),
  make('RecordInspection', fc.record({ inspectionId: someId('inspection'), authority: fc.constant('Sở Tài chính'), findings: fc.constant([]) })),
  make('ImposeSanction', fc.record({ decisionRef: fc.constant('QD-1'), violation: fc.constant('late report') })),
  make('AssessLegacyConversion', fc.record({ status: fc.constantFrom('not-converted', 'converted'), registeredUnderLaw: fc.constantFrom('2012', '2023') })),
  make('StartDissolution', fc.record({ mode: fc.constantFrom('voluntary', 'compulsory', 'bankruptcy') })),
  make('CompleteDissolution', fc.constant({})),
  make(
    'ConvertGroup',
    fc.record({ cooperativeId: organisationId, name: fc.constant('HTX chuyển đổi'), registrationCode: fc.constant('CODE-3') }),
  ),
  fc
    .record({
      on: date,
      shape: fc.constantFrom('division', 'separation', 'consolidation', 'merger'),
      sources: fc.constantFrom<string[]>(['coop-1'], ['coop-1', 'coop-2'], ['group-1'], ['coop-2'], ['coop-3', 'coop-1']),
      successors: fc.constantFrom<string[]>(['coop-3'], ['coop-3', 'group-2'], ['coop-2'], ['coop-1'], []),
      split: fc.integer({ min: 3, max: 8 }),
    })
    .map(({ on, shape, sources, successors, split }): OrganisationCommand => {
      const [first = 'coop-1'] = sources;
      const newSuccessors = shape === 'merger' ? [] : successors.map((id, index) => ({
        organisationId: id,
        name: `Kế thừa ${id}`,
        registrationCode: `R-${id}`,
        headOfficeUnit: 'commune-1',
        memberIds: index === 0 ? memberIds(split) : memberIds(12 - split, split + 1),
      }));
      return {
        type: 'ReorganiseOrganisations',
        on,
        data: {
          organisationId: first,
          reorganisationId: `reorganisation-${on}`,
          shape,
          sourceIds: sources,
          newSuccessors,
          ...(shape === 'merger' && successors[0] !== undefined && { absorbingId: successors[0] }),
        },
      };
    }),
);

// Each run starts from founded organisations, so most generated commands meet a live state.
const SEED: OrganisationCommand[] = [
  { type: 'FoundOrganisation', on: '2024-01-15', data: { organisationId: 'coop-1', kind: 'cooperative', name: 'HTX Một', registrationCode: 'HTX-1', headOfficeUnit: 'commune-1', foundingMembers: memberSpecs(12) } },
  { type: 'FoundOrganisation', on: '2024-02-01', data: { organisationId: 'group-1', kind: 'cooperative-group', name: 'THT Một', registrationCode: 'THT-1', headOfficeUnit: 'commune-2', foundingMembers: memberSpecs(6) } },
  { type: 'FoundOrganisation', on: '2024-03-01', data: { organisationId: 'coop-2', kind: 'cooperative', name: 'HTX Hai', registrationCode: 'HTX-2', headOfficeUnit: 'commune-2', foundingMembers: memberSpecs(6, {}, 5) } },
];

/** Command sequences: a few foundings, then up to `maxLength` commands in business-date order. */
export const anyCommandSequence = (maxLength = 40): fc.Arbitrary<OrganisationCommand[]> =>
  fc
    .array(anyCommand, { maxLength })
    .map((commands) => [...SEED, ...commands.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))]);

/** Command sequences whose dates are left in generated order: late records and out-of-order business dates. */
export const anyUnorderedCommandSequence = (maxLength = 40): fc.Arbitrary<OrganisationCommand[]> =>
  fc.array(anyCommand, { maxLength }).map((commands) => [...SEED, ...commands]);
