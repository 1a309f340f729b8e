import { describe, expect, it } from 'vitest';
import { MemoryEventStore, organisationStream, tenantScoped, type EventStore, type RecordedEvent } from '@hoptac/core';
import { asNewEvent, event } from '@hoptac/core/testing';
import { buildReport, indicatorsProjection, vinhBaoPlan } from '@hoptac/indicators-nq20';
import { replay } from '@hoptac/projections';

const clocks = { asOf: '2030-12-31', knownAt: '2031-01-15T00:00:00Z' };

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

// a cooperative founded after the plan's baseline in one of its communes: it counts as a new cooperative
const found = (store: EventStore, organisationId: string) =>
  store.append(
    organisationStream(organisationId),
    event
      .founding({ organisationId, occurredOn: '2024-03-01', headOfficeUnit: 'VB-CO-AM', members: 5 })
      .map((domainEvent, index) => asNewEvent(domainEvent, `${organisationId}-${index + 1}`)),
    { expectedVersion: 'no-stream' },
  );

const newCooperatives = (events: readonly RecordedEvent[]) =>
  buildReport(replay(indicatorsProjection, events), vinhBaoPlan, clocks).indicators.find((indicator) => indicator.id === 'new-cooperatives')?.value;

// events a subscription delivers until it has seen `count` of them
const subscribed = async (store: EventStore, count: number): Promise<RecordedEvent[]> => {
  const seen: RecordedEvent[] = [];
  const subscription = store.subscribe({}, (recorded) => void seen.push(recorded));
  for (let tries = 0; seen.length < count && tries < 400; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
  await subscription.stop();
  return seen;
};

describe('tenancy: two territories in one store, reported apart', () => {
  it('builds each territory’s indicator report from its own events only, through reads and subscriptions', async () => {
    const shared = new MemoryEventStore();
    const vinhBao = tenantScoped(shared, 'vinh-bao');
    const neighbour = tenantScoped(shared, 'neighbour');
    // both territories record cooperatives in the same commune codes, interleaved in one global order
    await found(vinhBao, 'htx-vb-1');
    await found(neighbour, 'htx-nb-1');
    await found(vinhBao, 'htx-vb-2');
    await found(neighbour, 'htx-nb-2');
    await found(neighbour, 'htx-nb-3');

    // the whole store counts all five; each territory only its own
    expect(newCooperatives(await collect(shared.readAll()))).toBe(5);
    expect(newCooperatives(await collect(vinhBao.readAll()))).toBe(2);
    expect(newCooperatives(await collect(neighbour.readAll()))).toBe(3);

    // a projection fed by a subscription sees the same, and never an event of the other territory
    const fromSubscription = await subscribed(vinhBao, 12);
    expect(fromSubscription.every((recorded) => recorded.metadata.tenant === 'vinh-bao')).toBe(true);
    expect(newCooperatives(fromSubscription)).toBe(2);
    expect(buildReport(replay(indicatorsProjection, fromSubscription), vinhBaoPlan, clocks)).toEqual(
      buildReport(replay(indicatorsProjection, await collect(vinhBao.readAll())), vinhBaoPlan, clocks),
    );
  });
});
