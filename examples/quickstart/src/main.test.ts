import { MemoryEventStore } from '@hoptac/core';
import { describe, expect, it } from 'vitest';
import { describeOrganisation, runQuickstart } from './main';

describe('the quickstart', () => {
  it('founds the cooperative, admits two members and rates it', async () => {
    const store = new MemoryEventStore();
    const state = await runQuickstart(store);
    expect(state).toMatchObject({ status: 'active', kind: 'cooperative', foundedOn: '2024-03-15' });
    if (state.status === 'unfounded') return;
    expect(Object.keys(state.members)).toEqual(['member-1', 'member-2', 'member-3', 'member-4', 'member-5', 'member-6', 'member-7']);
    expect(state.members['member-7']).toEqual({ memberKind: 'associate-contributing', partyType: 'legal-entity', capital: 10_000_000, admittedOn: '2025-05-20' });
    expect(Object.values(state.ratings)).toEqual([{ year: 2025, scheme: 'circular-01-2020', level: 'good', score: 86, ratedOn: '2025-12-10' }]);
    expect(await store.headPosition()).toBe(9);
  });

  it('prints the state plainly', async () => {
    expect(describeOrganisation(await runQuickstart())).toBe(
      [
        'Hợp tác xã Dịch vụ Nông nghiệp Tân Hưng (cooperative, active)',
        '  registration code 0201234567, head office xa-tan-hung, founded 2024-03-15',
        '  members: 7 (6 official, 1 associate-contributing), capital 130,000,000 đồng',
        '  rating 2025 under circular-01-2020: good (86 points)',
      ].join('\n'),
    );
  });
});
