import { describe, expect, it } from 'vitest';
import { command, event, givenOrganisations, memberIds, memberSpecs } from '../testing';
import type { SuccessorSpec } from './commands';
import { involvedOrganisations } from './decider';
import type { OrganisationEvent } from './events';

const ON = '2025-03-01';
const group = (options: { foundedOn?: string; members?: number } = {}) =>
  event.founding({ organisationId: 'group-1', kind: 'cooperative-group', members: options.members ?? 5, occurredOn: options.foundedOn ?? '2024-01-15' });
const successor = (organisationId: string, members: string[], overrides: Partial<SuccessorSpec> = {}): SuccessorSpec => ({
  organisationId,
  name: `Hợp tác xã ${organisationId}`,
  registrationCode: organisationId.toUpperCase(),
  headOfficeUnit: 'commune-1',
  memberIds: members,
  ...overrides,
});
const moved = (organisationId: string, ids: string[], reason: 'reorganisation' | 'organisation-ceased' = 'reorganisation') =>
  ids.map((memberId) => event.memberDeparted({ organisationId, memberId, reason }));
const arrived = (organisationId: string, ids: string[], origin: 'reorganisation' | 'conversion' = 'reorganisation') =>
  ids.map((memberId) => event.memberAdmitted({ organisationId, memberId, origin }));
const reorganised = (
  organisationId: string,
  role: 'source-ceases' | 'source-continues' | 'successor' | 'absorbing',
  shape: 'division' | 'separation' | 'consolidation' | 'merger',
  sourceIds: string[],
  successorIds: string[],
): OrganisationEvent => event.organisationReorganised({ organisationId, role, shape, sourceIds, successorIds });
const successorFounded = (organisationId: string, spec: SuccessorSpec): OrganisationEvent =>
  event.organisationFounded({
    organisationId,
    occurredOn: ON,
    name: spec.name,
    registrationCode: spec.registrationCode,
    headOfficeUnit: spec.headOfficeUnit,
    origin: { type: 'reorganisation-successor', reorganisationId: 'reorganisation-1' },
  });

describe('converting a cooperative group', () => {
  it('founds the cooperative with the group’s members carried over, and the group ceases', () =>
    givenOrganisations({ 'group-1': group() })
      .when(command.convertGroup())
      .then({
        'group-1': [...moved('group-1', memberIds(5)), event.groupConverted({ cooperativeId: 'coop-2' })],
        'coop-2': [
          event.organisationFounded({
            organisationId: 'coop-2',
            occurredOn: ON,
            name: 'Hợp tác xã Chuyển đổi',
            registrationCode: 'HTX-0002',
            origin: { type: 'conversion', fromGroupId: 'group-1' },
          }),
          ...arrived('coop-2', memberIds(5), 'conversion'),
        ],
      }));

  it('converts on the day the group has operated 12 months', () =>
    expect(givenOrganisations({ 'group-1': group({ foundedOn: '2024-03-01' }) }).when(command.convertGroup()).events()['coop-2']).toHaveLength(6));

  it('refuses a group with fewer than five current members', () =>
    givenOrganisations({ 'group-1': [...group(), event.memberDeparted({ organisationId: 'group-1', memberId: 'member-5' })] })
      .when(command.convertGroup())
      .thenRejects('TooFewFoundingMembers', { organisationId: 'coop-2', minimum: 5, actual: 4 }));

  it('refuses to convert a cooperative', () =>
    givenOrganisations({ 'coop-1': event.founding() })
      .when(command.convertGroup({ organisationId: 'coop-1' }))
      .thenRejects('WrongKind', { kind: 'cooperative', expected: ['cooperative-group'] }));

  it('refuses a suspended group', () =>
    givenOrganisations({ 'group-1': [...group(), event.operationsSuspended({ organisationId: 'group-1', occurredOn: '2025-01-01' })] })
      .when(command.convertGroup())
      .thenRejects('OrganisationNotActive', { status: 'suspended' }));

  it('refuses a cooperative id already in use', () =>
    givenOrganisations({ 'group-1': group(), 'coop-2': event.founding({ organisationId: 'coop-2' }) })
      .when(command.convertGroup())
      .thenRejects('OrganisationAlreadyFounded', { organisationId: 'coop-2' }));

  it('refuses a group that has already converted', () =>
    givenOrganisations({ 'group-1': [...group(), ...moved('group-1', memberIds(5)), event.groupConverted({ cooperativeId: 'coop-2' })] })
      .when(command.convertGroup({ cooperativeId: 'coop-3' }))
      .thenRejects('OrganisationCeased'));
});

describe('reorganising organisations', () => {
  const ten = { 'coop-1': event.founding({ members: 10 }) };

  it('divides a source into two successors, which take its members; the source ceases', () => {
    const [first, second] = command.reorganiseOrganisations().data.newSuccessors as [SuccessorSpec, SuccessorSpec];
    givenOrganisations(ten)
      .when(command.reorganiseOrganisations())
      .then({
        'coop-1': [...moved('coop-1', memberIds(10)), reorganised('coop-1', 'source-ceases', 'division', ['coop-1'], ['coop-2', 'coop-3'])],
        'coop-2': [
          successorFounded('coop-2', first),
          reorganised('coop-2', 'successor', 'division', ['coop-1'], ['coop-2', 'coop-3']),
          ...arrived('coop-2', memberIds(5)),
        ],
        'coop-3': [
          successorFounded('coop-3', second),
          reorganised('coop-3', 'successor', 'division', ['coop-1'], ['coop-2', 'coop-3']),
          ...arrived('coop-3', memberIds(5, 6)),
        ],
      });
  });

  it('lets members of a dividing source who move nowhere leave as the source ceases', () => {
    const decided = givenOrganisations({ 'coop-1': event.founding({ members: 11 }) })
      .when(command.reorganiseOrganisations())
      .events();
    expect(decided['coop-1']?.filter((e) => e.type === 'MemberDeparted' && e.data.reason === 'organisation-ceased')).toEqual(
      moved('coop-1', ['member-11'], 'organisation-ceased'),
    );
  });

  it('separates a successor that takes some members; the source continues', () => {
    const spec = successor('coop-2', memberIds(5, 6));
    givenOrganisations(ten)
      .when(command.reorganiseOrganisations({ shape: 'separation', newSuccessors: [spec] }))
      .then({
        'coop-1': [...moved('coop-1', memberIds(5, 6)), reorganised('coop-1', 'source-continues', 'separation', ['coop-1'], ['coop-2'])],
        'coop-2': [successorFounded('coop-2', spec), reorganised('coop-2', 'successor', 'separation', ['coop-1'], ['coop-2']), ...arrived('coop-2', memberIds(5, 6))],
      });
  });

  it('consolidates two sources into one new successor; a member of both arrives once with all their capital', () => {
    const spec = successor('coop-3', memberIds(6));
    const decided = givenOrganisations({
      'coop-1': event.founding({ members: 5 }),
      'coop-2': event.founding({ organisationId: 'coop-2', members: memberSpecs(5, {}, 2) }),
    })
      .when(command.reorganiseOrganisations({ shape: 'consolidation', sourceIds: ['coop-1', 'coop-2'], newSuccessors: [spec] }))
      .events();
    expect(Object.keys(decided)).toEqual(['coop-1', 'coop-2', 'coop-3']);
    expect(decided['coop-1']?.at(-1)).toEqual(reorganised('coop-1', 'source-ceases', 'consolidation', ['coop-1', 'coop-2'], ['coop-3']));
    expect(decided['coop-2']?.at(-1)).toEqual(reorganised('coop-2', 'source-ceases', 'consolidation', ['coop-1', 'coop-2'], ['coop-3']));
    const admissions = decided['coop-3']?.filter((e) => e.type === 'MemberAdmitted') ?? [];
    expect(admissions.map((e) => e.data.memberId)).toEqual(memberIds(6));
    expect(admissions.find((e) => e.data.memberId === 'member-2')).toEqual(
      event.memberAdmitted({ organisationId: 'coop-3', memberId: 'member-2', origin: 'reorganisation', capitalCommitted: 20_000_000 }),
    );
  });

  it('merges a source into an existing organisation, which takes all its members except those it already has', () =>
    givenOrganisations({ 'coop-1': event.founding(), 'coop-9': event.founding({ organisationId: 'coop-9', members: memberSpecs(10, {}, 5) }) })
      .when(command.reorganiseOrganisations({ shape: 'merger', newSuccessors: [], absorbingId: 'coop-9' }))
      .then({
        'coop-1': [...moved('coop-1', memberIds(5)), reorganised('coop-1', 'source-ceases', 'merger', ['coop-1'], ['coop-9'])],
        'coop-9': [reorganised('coop-9', 'absorbing', 'merger', ['coop-1'], ['coop-9']), ...arrived('coop-9', memberIds(4))],
      }));

  it('names every organisation a reorganisation involves', () =>
    expect(involvedOrganisations(command.reorganiseOrganisations({ shape: 'merger', sourceIds: ['coop-1', 'coop-2'], newSuccessors: [], absorbingId: 'coop-9' }))).toEqual([
      'coop-1',
      'coop-2',
      'coop-9',
    ]));

  it.each([
    ['a division with one successor', { newSuccessors: [successor('coop-2', memberIds(5))] }, 'a division creates at least two new successors'],
    ['a division of two sources', { sourceIds: ['coop-1', 'coop-4'] }, 'a division has exactly one source'],
    ['a separation with no successor', { shape: 'separation' as const, newSuccessors: [] }, 'a separation creates at least one new successor'],
    ['a consolidation of one source', { shape: 'consolidation' as const, newSuccessors: [successor('coop-2', memberIds(5))] }, 'a consolidation has at least two sources'],
    ['a merger with no absorbing organisation', { shape: 'merger' as const, newSuccessors: [] }, 'a merger names the absorbing organisation'],
    ['a merger creating a successor', { shape: 'merger' as const, absorbingId: 'coop-9' }, 'a merger creates no new successor'],
    ['an absorbing organisation outside a merger', { absorbingId: 'coop-9' }, 'a division has no absorbing organisation'],
    ['a source that is also a successor', { newSuccessors: [successor('coop-1', memberIds(5)), successor('coop-3', memberIds(5, 6))] }, 'coop-1 appears more than once among sources, successors and the absorbing organisation'],
    ['a member moved to two successors', { newSuccessors: [successor('coop-2', memberIds(5)), successor('coop-3', memberIds(5, 5))] }, 'member member-5 is moved to two successors'],
    ['a successor taking a stranger', { newSuccessors: [successor('coop-2', memberIds(5)), successor('coop-3', memberIds(5, 7))] }, 'member member-11 is not a current member of any source'],
    ['a first source other than the organisation', { organisationId: 'coop-4' }, 'organisationId coop-4 must be the first source'],
  ])('refuses %s', (_, overrides, reason) =>
    givenOrganisations(ten).when(command.reorganiseOrganisations(overrides)).thenRejects('ReorganisationShapeInvalid', { reason }));

  it('refuses a successor below its minimum membership', () =>
    givenOrganisations(ten)
      .when(command.reorganiseOrganisations({ newSuccessors: [successor('coop-2', memberIds(6)), successor('coop-3', memberIds(4, 7))] }))
      .thenRejects('TooFewFoundingMembers', { organisationId: 'coop-3', minimum: 5, actual: 4 }));

  it('refuses sources of different kinds', () =>
    givenOrganisations({ 'coop-1': event.founding(), 'group-1': group() })
      .when(command.reorganiseOrganisations({ shape: 'consolidation', sourceIds: ['coop-1', 'group-1'], newSuccessors: [successor('coop-3', memberIds(5))] }))
      .thenRejects('WrongKind', { organisationId: 'group-1', expected: ['cooperative'] }));

  it('refuses to merge into an organisation of another kind', () =>
    givenOrganisations({ 'coop-1': event.founding(), 'group-1': group() })
      .when(command.reorganiseOrganisations({ shape: 'merger', newSuccessors: [], absorbingId: 'group-1' }))
      .thenRejects('WrongKind', { organisationId: 'group-1' }));

  it('refuses a successor id already in use', () =>
    givenOrganisations({ ...ten, 'coop-3': event.founding({ organisationId: 'coop-3' }) })
      .when(command.reorganiseOrganisations())
      .thenRejects('OrganisationAlreadyFounded', { organisationId: 'coop-3' }));

  it('refuses a source that does not exist', () =>
    givenOrganisations({}).when(command.reorganiseOrganisations()).thenRejects('OrganisationNotFound', { organisationId: 'coop-1' }));

  it('refuses a source that has ceased', () =>
    givenOrganisations({ 'coop-1': [...event.founding(), event.dissolutionStarted(), ...moved('coop-1', memberIds(5), 'organisation-ceased'), event.dissolutionCompleted()] })
      .when(command.reorganiseOrganisations({ on: '2025-06-01', shape: 'merger', newSuccessors: [], absorbingId: 'coop-9' }))
      .thenRejects('OrganisationCeased'));

  it('refuses a reorganisation dated before a source was founded', () =>
    givenOrganisations(ten).when(command.reorganiseOrganisations({ on: '2024-01-01' })).thenRejects('DateBeforeFounding'));

  it('refuses a merger that leaves one official member over the cap', () =>
    givenOrganisations({
      'coop-1': event.founding({ members: [...memberSpecs(4, { capitalCommitted: 1 }), ...memberSpecs(1, { capitalCommitted: 100_000_000 }, 5)] }),
      'coop-9': event.founding({ organisationId: 'coop-9', members: memberSpecs(5, {}, 10) }),
    })
      .when(command.reorganiseOrganisations({ shape: 'merger', newSuccessors: [], absorbingId: 'coop-9' }))
      .thenRejects('CapitalCapExceeded', { organisationId: 'coop-9', memberId: 'member-5' }));
});
