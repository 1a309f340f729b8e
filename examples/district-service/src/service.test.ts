import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore, type AppendRequest, type AppendResult } from '@hoptac/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistrictService, type RunningService } from './service';

const members = ['a1', 'a2', 'a3', 'a4', 'a5'].map((memberId) => ({
  memberId,
  memberKind: 'official',
  partyType: 'household',
  capitalCommitted: 3_000_000,
}));
const found = (organisationId: string, on = '2025-08-01') => ({
  type: 'FoundOrganisation',
  on,
  data: { organisationId, kind: 'cooperative', name: `HTX ${organisationId}`, registrationCode: `0200${organisationId}`, headOfficeUnit: 'HP-VINH-BAO', foundingMembers: members },
});

const post = (service: RunningService, body: unknown) =>
  fetch(`${service.url}/commands`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-actor': 'officer-7' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the district service over HTTP, on SQLite', () => {
  let service: RunningService;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoptac-district-'));
    service = await startDistrictService({ store: join(dir, 'district.sqlite'), clock: () => new Date('2026-01-15T03:00:00Z') });
  });
  afterAll(() => service.close());

  it('appends a valid command and answers 201 with the events', async () => {
    const response = await post(service, found('htx-1'));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { appended: Array<{ stream: string; events: Array<{ type: string }> }> };
    expect(body.appended[0]?.stream).toBe('organisation-htx-1');
    expect(body.appended[0]?.events.map((event) => event.type)).toEqual(['OrganisationFounded', ...members.map(() => 'MemberAdmitted')]);
  });

  it('answers 400 naming the field and the reason of a bad command', async () => {
    const bad = found('htx-2');
    (bad.data as Record<string, unknown>).kind = 'company';
    const response = await post(service, bad);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid-command', field: 'data.kind' });
    const notJson = await post(service, '{"type":');
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: 'invalid-json' });
  });

  it('answers 409 with the rejection code when a rule refuses the command', async () => {
    const response = await post(service, found('htx-1'));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: 'rejected', rejection: { code: 'OrganisationAlreadyFounded', organisationId: 'htx-1' } });
    const departure = await post(service, { type: 'RecordDeparture', on: '2025-09-01', data: { organisationId: 'htx-1', memberId: 'zz', reason: 'voluntary' } });
    expect(departure.status).toBe(409);
    expect(((await departure.json()) as { rejection: { code: string } }).rejection.code).toBe('NotAMember');
  });

  it('serves the report as JSON and as HTML', async () => {
    const report = await fetch(`${service.url}/report?asOf=2025-12-31`);
    expect(report.status).toBe(200);
    const body = (await report.json()) as { clocks: { asOf: string }; indicators: Array<{ id: string; value: number | null }> };
    expect(body.clocks.asOf).toBe('2025-12-31');
    expect(body.indicators.find((indicator) => indicator.id === 'new-cooperatives')?.value).toBe(1);
    expect(body.indicators.find((indicator) => indicator.id === 'new-members')?.value).toBe(5);
    const before = (await (await fetch(`${service.url}/report?asOf=2025-07-31`)).json()) as typeof body;
    expect(before.indicators.find((indicator) => indicator.id === 'new-cooperatives')?.value).toBe(0);
    const html = await fetch(`${service.url}/report.html?asOf=2025-12-31`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect((await html.text()).match(/<svg class="chart"/g)).toHaveLength(6);
    const badDate = await fetch(`${service.url}/report?asOf=31/12/2025`);
    expect(badDate.status).toBe(400);
    expect(await badDate.json()).toMatchObject({ field: 'asOf' });
  });

  it('answers 404 and 405 for unknown paths and methods', async () => {
    expect((await fetch(`${service.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${service.url}/commands`)).status).toBe(405);
  });
});

/** A memory store where another writer slips an event into the stream just before our next append. */
class RacedStore extends MemoryEventStore {
  raceOnce = false;
  override async appendMany(requests: readonly AppendRequest[]): Promise<AppendResult[]> {
    const first = requests[0];
    if (this.raceOnce && first) {
      this.raceOnce = false;
      await super.appendMany([
        {
          stream: first.stream,
          expectedVersion: 'any',
          events: [{ type: 'RegistrationUpdateSubmitted', occurredOn: '2025-12-01', data: { organisationId: first.stream.slice('organisation-'.length), windowYear: 2025 }, eventId: 'other-writer-1', recordedAt: '2026-01-15T03:00:00.000Z' }],
        },
      ]);
    }
    return super.appendMany(requests);
  }
}

describe('the district service under a concurrent write', () => {
  it('answers 409 "concurrency" when another writer appended first', async () => {
    const store = new RacedStore();
    const service = await startDistrictService({ store, clock: () => new Date('2026-01-15T03:00:00Z') });
    try {
      expect((await post(service, found('htx-9'))).status).toBe(201);
      store.raceOnce = true;
      const response = await post(service, { type: 'SubmitRegistrationUpdate', on: '2025-12-02', data: { organisationId: 'htx-9', windowYear: 2026 } });
      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({ error: 'concurrency', stream: 'organisation-htx-9', expected: 6, actual: 7 });
    } finally {
      await service.close();
    }
  });
});
