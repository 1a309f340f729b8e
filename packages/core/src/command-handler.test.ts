import { describe, expect, it } from 'vitest';
import { CommandHandler, loadOrganisation } from './command-handler';
import { ConcurrencyError, isDomainError } from './errors';
import type { RecordedEvent } from './events';
import { organisationStream } from './organisation/events';
import { MemoryEventStore } from './store/memory-store';
import { command, memberSpecs } from './testing';

const handlerFor = (store: MemoryEventStore, retries = 0, cacheStates = false) => {
  let next = 0;
  return new CommandHandler(store, {
    clock: () => new Date('2025-03-02T03:00:00Z'),
    newEventId: () => `event-${++next}`,
    metadata: { source: 'test', tenant: 'vinh-bao' },
    retries,
    cacheStates,
  });
};

const collect = async (events: AsyncIterable<RecordedEvent>) => {
  const all: RecordedEvent[] = [];
  for await (const recorded of events) all.push(recorded);
  return all;
};

describe('CommandHandler', () => {
  it('decides against the stored state and appends with the clock, the ids and the metadata', async () => {
    const store = new MemoryEventStore();
    const handler = handlerFor(store);
    await handler.handle(command.foundOrganisation());
    const [result] = await handler.handle(command.admitMember(), { actor: 'officer-1' });
    expect(result?.events).toHaveLength(1);
    expect(result?.events[0]).toMatchObject({
      type: 'MemberAdmitted',
      eventId: 'event-7',
      streamVersion: 7,
      recordedAt: '2025-03-02T03:00:00.000Z',
      metadata: { source: 'test', tenant: 'vinh-bao', actor: 'officer-1' },
    });
    const { state, version } = await loadOrganisation(store, 'coop-1');
    expect(version).toBe(7);
    expect(state.status !== 'unfounded' && Object.keys(state.members)).toHaveLength(6);
  });

  it('with cached states, writes exactly what a replaying handler writes, and sees other writers', async () => {
    const commands = [
      command.foundOrganisation(),
      command.admitMember({ member: { ...memberSpecs(7)[6]!, memberId: 'member-a' } }),
      command.admitMember({ member: { ...memberSpecs(8)[7]!, memberId: 'member-b' } }),
      command.recordDeparture({ memberId: 'member-a' }),
    ];
    const replaying = new MemoryEventStore();
    const cached = new MemoryEventStore();
    const plain = handlerFor(replaying);
    const caching = handlerFor(cached, 0, true);
    for (const next of commands) {
      await plain.handle(next);
      await caching.handle(next);
    }
    expect(await collect(cached.readAll())).toEqual(await collect(replaying.readAll()));

    // another writer admits member-c; the caching handler must see it and refuse a second admission
    const other = new CommandHandler(cached, { newEventId: () => 'other-writer-1' });
    await other.handle(command.admitMember({ member: { ...memberSpecs(9)[8]!, memberId: 'member-c' } }));
    const error = await caching
      .handle(command.admitMember({ member: { ...memberSpecs(9)[8]!, memberId: 'member-c' } }))
      .catch((caught: unknown) => caught);
    expect(isDomainError(error, 'MemberAlreadyAdmitted')).toBe(true);
  });

  it('throws the rejection and writes nothing', async () => {
    const store = new MemoryEventStore();
    const handler = handlerFor(store);
    await handler.handle(command.foundOrganisation());
    const error = await handler.handle(command.admitMember({ member: memberSpecs(1)[0]! })).catch((caught: unknown) => caught);
    expect(isDomainError(error, 'MemberAlreadyAdmitted')).toBe(true);
    expect(await store.headPosition()).toBe(6);
  });

  it('fails with ConcurrencyError when another writer got there first', async () => {
    const store = new MemoryEventStore();
    await handlerFor(store).handle(command.foundOrganisation());
    let ids = 0;
    const racer = () => new CommandHandler(store, { newEventId: () => `race-${++ids}` });
    const outcomes = await Promise.allSettled([
      racer().handle(command.admitMember()),
      racer().handle(command.admitMember({ member: memberSpecs(1, {}, 7)[0]! })),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect(await store.streamVersion(organisationStream('coop-1'))).toBe(7);
  });

  it('retries a conflict against the fresh state when told to', async () => {
    const store = new MemoryEventStore();
    await handlerFor(store).handle(command.foundOrganisation());
    let ids = 0;
    const racer = () => new CommandHandler(store, { newEventId: () => `race-${++ids}`, retries: 2 });
    await Promise.all([racer().handle(command.admitMember()), racer().handle(command.admitMember({ member: memberSpecs(1, {}, 7)[0]! }))]);
    expect(await store.streamVersion(organisationStream('coop-1'))).toBe(8);
  });

  it('decides again after a conflict, so a retried command can be rejected by what the other writer did', async () => {
    const store = new MemoryEventStore();
    await handlerFor(store).handle(command.foundOrganisation());
    let ids = 0;
    const racer = () => new CommandHandler(store, { newEventId: () => `race-${++ids}`, retries: 2 });
    const outcomes = await Promise.allSettled([racer().handle(command.admitMember()), racer().handle(command.admitMember())]);
    expect(outcomes[0]?.status).toBe('fulfilled');
    expect(isDomainError((outcomes[1] as PromiseRejectedResult).reason, 'MemberAlreadyAdmitted')).toBe(true);
  });

  it('writes a reorganisation to every stream in one atomic append', async () => {
    const store = new MemoryEventStore();
    const handler = handlerFor(store);
    await handler.handle(command.foundOrganisation({ foundingMembers: memberSpecs(10) }));
    const results = await handler.handle(command.reorganiseOrganisations());
    expect(results.map((result) => result.stream)).toEqual(['coop-1', 'coop-2', 'coop-3'].map(organisationStream));
    const positions = (await collect(store.readAll({ from: 12 }))).map((recorded) => recorded.globalPosition);
    expect(positions).toEqual(Array.from({ length: 11 + 7 + 7 }, (_, index) => 12 + index));
    expect((await loadOrganisation(store, 'coop-1')).state.status).toBe('ceased');
  });

  it('writes no stream of a reorganisation that loses a race', async () => {
    const store = new MemoryEventStore();
    await handlerFor(store).handle(command.foundOrganisation({ foundingMembers: memberSpecs(10) }));
    let ids = 0;
    const racer = () => new CommandHandler(store, { newEventId: () => `race-${++ids}` });
    const outcomes = await Promise.allSettled([
      racer().handle(command.admitMember({ member: memberSpecs(1, {}, 11)[0]! })),
      racer().handle(command.reorganiseOrganisations()),
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect(await store.streamVersion(organisationStream('coop-2'))).toBe(0);
    expect(await store.streamVersion(organisationStream('coop-3'))).toBe(0);
    expect(await store.headPosition()).toBe(12);
  });
});
