import { CommandHandler, MemoryEventStore, exportNdjson, type OrganisationCommand } from '@hoptac/core';

const member = (memberId: string) => ({ memberId, memberKind: 'official' as const, partyType: 'household' as const, capitalCommitted: 2_000_000 });

/** A small history for tests: two cooperatives founded, members admitted and leaving, a rating and a correction. */
export const smallHistory = async (): Promise<string> => {
  const store = new MemoryEventStore();
  let time = Date.parse('2024-01-10T02:00:00Z');
  let id = 0;
  const handler = new CommandHandler(store, {
    clock: () => new Date((time += 3_600_000)),
    newEventId: () => `t-${String(++id).padStart(4, '0')}`,
    metadata: { source: 'test' },
  });
  const commands: OrganisationCommand[] = [
    {
      type: 'FoundOrganisation',
      on: '2023-09-01',
      data: {
        organisationId: 'htx-a',
        kind: 'cooperative',
        name: 'HTX A',
        registrationCode: '0200000001',
        headOfficeUnit: 'HP-VINH-BAO',
        foundingMembers: ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map(member),
      },
    },
    {
      type: 'FoundOrganisation',
      on: '2022-03-01',
      data: {
        organisationId: 'htx-b',
        kind: 'cooperative',
        name: 'HTX B',
        registrationCode: '0200000002',
        headOfficeUnit: 'VB-TAN-LIEN',
        foundingMembers: ['n1', 'n2', 'n3', 'n4', 'n5'].map(member),
      },
    },
    { type: 'AdmitMember', on: '2024-02-01', data: { organisationId: 'htx-a', member: member('m7') } },
    { type: 'RecordDeparture', on: '2024-03-01', data: { organisationId: 'htx-a', memberId: 'm2', reason: 'voluntary' } },
    { type: 'RateOrganisation', on: '2024-12-05', data: { organisationId: 'htx-b', year: 2024, scheme: 'circular-09-2017', level: 'average', score: 60 } },
    {
      type: 'RateOrganisation',
      on: '2025-02-05',
      data: { organisationId: 'htx-b', year: 2024, scheme: 'circular-09-2017', level: 'fair', score: 70, reason: 're-assessed' },
    },
  ];
  for (const command of commands) await handler.handle(command);
  let text = '';
  for await (const line of exportNdjson(store)) text += line;
  return text;
};
