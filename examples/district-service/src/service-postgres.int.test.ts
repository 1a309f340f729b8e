import { createTestDatabase } from '@hoptac/store-postgres/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictService, type RunningService } from './service';

const database = await createTestDatabase();

describe.skipIf(database === undefined)('the district service over HTTP, on PostgreSQL', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startDistrictService({ store: database!.connectionString, clock: () => new Date('2026-01-15T03:00:00Z') });
  });
  afterAll(async () => {
    await service?.close();
    await database?.drop();
  });

  it('appends commands to PostgreSQL and reports from them', async () => {
    const members = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].map((memberId) => ({ memberId, memberKind: 'official', partyType: 'individual', capitalCommitted: 1_000_000 }));
    const response = await fetch(`${service.url}/commands`, {
      method: 'POST',
      body: JSON.stringify({
        type: 'FoundOrganisation',
        on: '2025-10-01',
        data: { organisationId: 'htx-pg', kind: 'cooperative', name: 'HTX PG', registrationCode: '0200999', headOfficeUnit: 'HP-VINH-HAI', foundingMembers: members },
      }),
    });
    expect(response.status).toBe(201);
    const report = (await (await fetch(`${service.url}/report?asOf=2025-12-31`)).json()) as { indicators: Array<{ id: string; value: number | null }> };
    expect(report.indicators.find((indicator) => indicator.id === 'new-members')?.value).toBe(6);
    const again = await fetch(`${service.url}/commands`, {
      method: 'POST',
      body: JSON.stringify({ type: 'AdmitMember', on: '2025-11-01', data: { organisationId: 'htx-pg', member: members[0] } }),
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { rejection: { code: string } }).rejection.code).toBe('MemberAlreadyAdmitted');
  });
});
