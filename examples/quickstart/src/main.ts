import { pathToFileURL } from 'node:url';
import {
  CIRCULAR_01_2020,
  CommandHandler,
  MemoryEventStore,
  loadOrganisation,
  type EventStore,
  type MemberSpec,
  type Organisation,
} from '@hoptac/core';

const organisationId = 'htx-tan-hung';

// #region quickstart
/** Founds a cooperative with five members, admits two more, rates it, and returns its state. */
export const runQuickstart = async (store: EventStore = new MemoryEventStore()): Promise<Organisation> => {
  const handler = new CommandHandler(store, { metadata: { actor: 'quickstart', source: 'examples/quickstart' } });
  const official = (n: number): MemberSpec => ({
    memberId: `member-${n}`,
    memberKind: 'official',
    partyType: 'individual',
    capitalCommitted: 20_000_000,
  });

  await handler.handle({
    type: 'FoundOrganisation',
    on: '2024-03-15',
    data: {
      organisationId,
      kind: 'cooperative',
      name: 'Hợp tác xã Dịch vụ Nông nghiệp Tân Hưng',
      registrationCode: '0201234567',
      headOfficeUnit: 'xa-tan-hung',
      foundingMembers: [1, 2, 3, 4, 5].map(official),
    },
  });
  await handler.handle({ type: 'AdmitMember', on: '2025-02-10', data: { organisationId, member: official(6) } });
  await handler.handle({
    type: 'AdmitMember',
    on: '2025-05-20',
    data: {
      organisationId,
      member: { memberId: 'member-7', memberKind: 'associate-contributing', partyType: 'legal-entity', capitalCommitted: 10_000_000 },
    },
  });
  await handler.handle({
    type: 'RateOrganisation',
    on: '2025-12-10',
    data: { organisationId, year: 2025, scheme: CIRCULAR_01_2020, level: 'good', score: 86 },
  });

  return (await loadOrganisation(store, organisationId)).state;
};
// #endregion quickstart

/** The state in a few plain lines. */
export const describeOrganisation = (state: Organisation): string => {
  if (state.status === 'unfounded') return 'not founded';
  const members = Object.values(state.members);
  const byKind = new Map<string, number>();
  for (const member of members) byKind.set(member.memberKind, (byKind.get(member.memberKind) ?? 0) + 1);
  const capital = members.reduce((sum, member) => sum + member.capital, 0);
  return [
    `${state.name} (${state.kind}, ${state.status})`,
    `  registration code ${state.registrationCode}, head office ${state.headOfficeUnit}, founded ${state.foundedOn}`,
    `  members: ${members.length} (${[...byKind].map(([kind, count]) => `${count} ${kind}`).join(', ')}), capital ${capital.toLocaleString('en')} đồng`,
    ...Object.values(state.ratings).map((rating) => `  rating ${rating.year} under ${rating.scheme}: ${rating.level} (${rating.score} points)`),
  ].join('\n');
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  console.log(describeOrganisation(await runQuickstart()));
