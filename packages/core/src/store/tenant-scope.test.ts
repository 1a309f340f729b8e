import { describe, expect, it } from 'vitest';
import { CommandHandler } from '../command-handler';
import { isDomainError } from '../errors';
import type { RecordedEvent } from '../events';
import { organisationStream } from '../organisation/events';
import { asNewEvent, command, event } from '../testing';
import { verifyChain } from '../verify-chain';
import { MemoryEventStore } from './memory-store';
import type { EventStore } from './port';
import { TenantError, isTenantError, tenantScoped } from './tenant-scope';

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

const found = (store: EventStore, organisationId: string, metadata = {}) =>
  store.append(
    organisationStream(organisationId),
    event.founding({ organisationId, members: 5 }).map((domainEvent, index) => asNewEvent(domainEvent, `${organisationId}-${index + 1}`, undefined, metadata)),
    { expectedVersion: 'no-stream' },
  );

// two territories share one store; their organisations interleave in the global order
const twoTerritories = async () => {
  const shared = new MemoryEventStore();
  const haiPhong = tenantScoped(shared, 'hai-phong');
  const thaiBinh = tenantScoped(shared, 'thai-binh');
  await found(haiPhong, 'coop-hp-1');
  await found(thaiBinh, 'coop-tb-1');
  await found(haiPhong, 'coop-hp-2');
  await found(thaiBinh, 'coop-tb-2');
  return { shared, haiPhong, thaiBinh };
};

const until = async (done: () => boolean): Promise<void> => {
  for (let tries = 0; !done() && tries < 400; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
};

const organisationsIn = (events: readonly RecordedEvent[]): string[] => [...new Set(events.map((recorded) => (recorded.data as { organisationId: string }).organisationId))].sort();

describe('tenantScoped: two territories in one store', () => {
  it('stamps every appended event with its tenant', async () => {
    const { shared } = await twoTerritories();
    const tenants = (await collect(shared.readAll())).map((recorded) => recorded.metadata.tenant);
    expect(new Set(tenants)).toEqual(new Set(['hai-phong', 'thai-binh']));
    expect(tenants).not.toContain(undefined);
  });

  it('shows each tenant only its own events in readAll, forwards, backwards and with a limit', async () => {
    const { haiPhong, thaiBinh } = await twoTerritories();
    expect(organisationsIn(await collect(haiPhong.readAll()))).toEqual(['coop-hp-1', 'coop-hp-2']);
    expect(organisationsIn(await collect(thaiBinh.readAll({ direction: 'backwards' })))).toEqual(['coop-tb-1', 'coop-tb-2']);
    const limited = await collect(thaiBinh.readAll({ from: 1, limit: 5 }));
    expect(limited).toHaveLength(5);
    expect(limited.every((recorded) => recorded.metadata.tenant === 'thai-binh')).toBe(true);
    // asking for the other tenant through a filter yields nothing, never the other's events
    expect(await collect(haiPhong.readAll({ filter: { tenant: 'thai-binh' } }))).toEqual([]);
  });

  it('shows another tenant’s stream as empty, at version 0', async () => {
    const { haiPhong, thaiBinh } = await twoTerritories();
    expect(await haiPhong.readStream(organisationStream('coop-tb-1'))).toEqual([]);
    expect(await haiPhong.streamVersion(organisationStream('coop-tb-1'))).toBe(0);
    expect(await thaiBinh.streamVersion(organisationStream('coop-tb-1'))).toBe(6);
  });

  it('delivers to each tenant’s subscription only its own events, caught up and live', async () => {
    const { haiPhong, thaiBinh } = await twoTerritories();
    const seen = { haiPhong: [] as RecordedEvent[], thaiBinh: [] as RecordedEvent[] };
    const subscriptions = [
      haiPhong.subscribe({}, (recorded) => void seen.haiPhong.push(recorded)),
      thaiBinh.subscribe({ filter: { streamPrefix: 'organisation-' } }, (recorded) => void seen.thaiBinh.push(recorded)),
    ];
    // 12 events each to catch up on, then new ones live
    await found(thaiBinh, 'coop-tb-3');
    await haiPhong.append(organisationStream('coop-hp-1'), [asNewEvent(event.ratingRecorded({ organisationId: 'coop-hp-1' }), 'hp-rating')], { expectedVersion: 6 });
    await thaiBinh.append(organisationStream('coop-tb-1'), [asNewEvent(event.ratingRecorded({ organisationId: 'coop-tb-1' }), 'tb-rating')], { expectedVersion: 6 });
    await until(() => seen.haiPhong.length >= 13 && seen.thaiBinh.length >= 19);
    await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    expect([seen.haiPhong.length, seen.thaiBinh.length]).toEqual([13, 19]);
    expect(seen.haiPhong.every((recorded) => recorded.metadata.tenant === 'hai-phong')).toBe(true);
    expect(seen.thaiBinh.every((recorded) => recorded.metadata.tenant === 'thai-binh')).toBe(true);
    expect(organisationsIn(seen.haiPhong)).toEqual(['coop-hp-1', 'coop-hp-2']);
    expect(organisationsIn(seen.thaiBinh)).toEqual(['coop-tb-1', 'coop-tb-2', 'coop-tb-3']);
    expect(seen.haiPhong.map((recorded) => recorded.eventId)).toContain('hp-rating');
    expect(seen.thaiBinh.map((recorded) => recorded.eventId)).toContain('tb-rating');
  });

  it('refuses an event that names another tenant, and stores nothing of its batch', async () => {
    const { shared, haiPhong } = await twoTerritories();
    const head = await shared.headPosition();
    const error = await found(haiPhong, 'coop-hp-3', { tenant: 'thai-binh' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TenantError);
    expect(error).toMatchObject({ tenant: 'hai-phong', otherTenant: 'thai-binh', eventId: 'coop-hp-3-1' });
    expect(await shared.headPosition()).toBe(head);
  });

  it('refuses to append to a stream that holds another tenant’s events, with a clear error', async () => {
    const { shared, haiPhong } = await twoTerritories();
    const head = await shared.headPosition();
    const append = haiPhong.append(organisationStream('coop-tb-1'), [asNewEvent(event.memberAdmitted({ organisationId: 'coop-tb-1' }), 'intruder')], {
      expectedVersion: 'any',
    });
    await expect(append).rejects.toThrow('stream organisation-coop-tb-1 belongs to tenant thai-binh, so tenant hai-phong cannot append to it');
    await expect(append).rejects.toMatchObject({ name: 'TenantError', otherTenant: 'thai-binh', streamName: 'organisation-coop-tb-1' });
    // nor through a multi-stream batch whose other part is its own
    const batch = haiPhong.appendMany([
      { stream: organisationStream('coop-hp-1'), events: [asNewEvent(event.memberAdmitted({ organisationId: 'coop-hp-1' }), 'own')], expectedVersion: 6 },
      { stream: organisationStream('coop-tb-2'), events: [asNewEvent(event.memberAdmitted({ organisationId: 'coop-tb-2' }), 'foreign')], expectedVersion: 6 },
    ]);
    await expect(batch).rejects.toSatisfy(isTenantError);
    expect(await shared.headPosition()).toBe(head);
  });

  it('refuses a stream written without a tenant', async () => {
    const shared = new MemoryEventStore();
    await found(shared, 'coop-legacy');
    await expect(found(tenantScoped(shared, 'hai-phong'), 'coop-legacy')).rejects.toMatchObject({ name: 'TenantError', otherTenant: undefined });
  });

  it('lets a command handler on one tenant’s view decide only over that tenant’s organisations', async () => {
    const { haiPhong, thaiBinh } = await twoTerritories();
    const handler = new CommandHandler(haiPhong, { clock: () => new Date('2025-03-02T03:00:00.000Z') });
    await handler.handle(command.admitMember({ organisationId: 'coop-hp-1' }));
    // the other territory's organisation does not exist for this handler: not found, nothing written
    const rejected = await handler.handle(command.admitMember({ organisationId: 'coop-tb-1' })).catch((caught: unknown) => caught);
    expect(isDomainError(rejected, 'OrganisationNotFound')).toBe(true);
    // founding over it is refused by the store view, not silently merged into the other's stream
    await expect(handler.handle(command.foundOrganisation({ organisationId: 'coop-tb-1' }))).rejects.toSatisfy(isTenantError);
    expect(await thaiBinh.streamVersion(organisationStream('coop-tb-1'))).toBe(6);
  });

  it('keeps checkpoints of the same projection name apart per tenant', async () => {
    const { shared, haiPhong, thaiBinh } = await twoTerritories();
    await haiPhong.checkpoints.save('indicators', { position: 12, projectionVersion: 1 });
    await thaiBinh.checkpoints.save('indicators', { position: 16, projectionVersion: 1 });
    expect(await haiPhong.checkpoints.load('indicators')).toEqual({ position: 12, projectionVersion: 1 });
    expect(await thaiBinh.checkpoints.load('indicators')).toEqual({ position: 16, projectionVersion: 1 });
    expect(await shared.checkpoints.load('indicators')).toBeUndefined();
  });

  it('leaves the shared store’s hash chain whole', async () => {
    const { shared } = await twoTerritories();
    expect((await verifyChain(shared.readAll())).problem).toBeUndefined();
  });

  it('refuses a tenant that is not an id', () => {
    expect(() => tenantScoped(new MemoryEventStore(), 'Hải Phòng')).toThrow(TypeError);
  });
});
