import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictService, type RunningService } from './service';

const SERVER = process.env.HOPTAC_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
const name = `hoptac_district_${randomBytes(5).toString('hex')}`;

const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T | undefined> => {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres`, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    if (process.env.CI === 'true') throw new Error(`no PostgreSQL at ${SERVER} (CI=true, so this fails): ${(error as Error).message}`);
    return undefined;
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

const created = await admin((client) => client.query(`CREATE DATABASE ${name}`));
if (created === undefined) console.log(`skipped: no PostgreSQL at ${SERVER}`);

describe.skipIf(created === undefined)('the district service over HTTP, on PostgreSQL', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startDistrictService({ store: `${SERVER}/${name}`, clock: () => new Date('2026-01-15T03:00:00Z') });
  });
  afterAll(async () => {
    await service?.close();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
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
