import { describe, expect, it } from 'vitest';
import { CommandHandler, loadOrganisation } from './command-handler';
import { ConcurrencyError, isDomainError } from './errors';
import type { RecordedEvent } from './events';
import { organisationStream } from './organisation/events';
import { MemoryEventStore } from './store/memory-store';
import type { EventStore } from './store/port';
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

  it('with cached states, keeps each state in step with its own appends across streams and after a retried conflict', async () => {
    const plainStore = new MemoryEventStore();
    const cachedStore = new MemoryEventStore();
    const racer = (store: EventStore) => new CommandHandler(store, { clock: () => new Date('2025-03-02T03:00:00Z'), newEventId: () => 'racer-1' });
    // another writer appends to coop-1 once, between the caching handler's load and its append
    let raced = false;
    const racing: EventStore = {
      append: (stream, events, options) => cachedStore.append(stream, events, options),
      appendMany: async (requests) => {
        if (!raced && requests.some((request) => request.events.some((event) => event.type === 'MemberDeparted'))) {
          raced = true;
          await racer(cachedStore).handle(command.contributeCapital({ memberId: 'member-2' }));
        }
        return cachedStore.appendMany(requests);
      },
      readStream: (stream, options) => cachedStore.readStream(stream, options),
      streamVersion: (stream) => cachedStore.streamVersion(stream),
      readAll: (options) => cachedStore.readAll(options),
      headPosition: () => cachedStore.headPosition(),
      subscribe: (options, handler) => cachedStore.subscribe(options, handler),
      checkpoints: cachedStore.checkpoints,
      close: () => cachedStore.close(),
    };
    let next = 0;
    const caching = new CommandHandler(racing, {
      clock: () => new Date('2025-03-02T03:00:00Z'),
      newEventId: () => `event-${++next}`,
      metadata: { source: 'test', tenant: 'vinh-bao' },
      retries: 1,
      cacheStates: true,
    });
    const steps = [
      command.foundOrganisation({ foundingMembers: memberSpecs(10) }),
      command.admitMember({ member: memberSpecs(1, {}, 11)[0]! }),
      command.recordDeparture({ memberId: 'member-11' }),
      command.reorganiseOrganisations(),
    ];
    for (const step of steps) await caching.handle(step);
    expect(raced).toBe(true);
    // a handler without a cache writes the same history, the racer's event at the same place
    let plainNext = 0;
    const plainWithIds = new CommandHandler(plainStore, {
      clock: () => new Date('2025-03-02T03:00:00Z'),
      newEventId: () => `event-${++plainNext}`,
      metadata: { source: 'test', tenant: 'vinh-bao' },
    });
    await plainWithIds.handle(steps[0]!);
    await plainWithIds.handle(steps[1]!);
    await racer(plainStore).handle(command.contributeCapital({ memberId: 'member-2' }));
    plainNext++;
    await plainWithIds.handle(steps[2]!);
    await plainWithIds.handle(steps[3]!);
    expect(await collect(cachedStore.readAll())).toEqual(await collect(plainStore.readAll()));
    for (const organisationId of ['coop-1', 'coop-2', 'coop-3'])
      expect((await loadOrganisation(cachedStore, organisationId)).state).toEqual((await loadOrganisation(plainStore, organisationId)).state);
    // its next decisions see its own reorganisation: coop-1 has ceased
    const error = await caching.handle(command.admitMember({ member: memberSpecs(1, {}, 12)[0]! })).catch((caught: unknown) => caught);
    expect(isDomainError(error, 'OrganisationCeased')).toBe(true);
    // and its own admissions to coop-2
    const twice = await caching.handle(command.admitMember({ organisationId: 'coop-2', member: memberSpecs(1, {}, 13)[0]! }));
    expect(twice).toHaveLength(1);
    const again = await caching.handle(command.admitMember({ organisationId: 'coop-2', member: memberSpecs(1, {}, 13)[0]! })).catch((caught: unknown) => caught);
    expect(isDomainError(again, 'MemberAlreadyAdmitted')).toBe(true);
  });

  it('with cached states, decides again on the stream when a rejection came from a state another writer moved on', async () => {
    const store = new MemoryEventStore();
    const caching = handlerFor(store, 0, true);
    await caching.handle(command.foundOrganisation());
    await caching.handle(command.suspendOperations());
    const twice = await caching.handle(command.suspendOperations()).catch((caught: unknown) => caught);
    expect(isDomainError(twice, 'AlreadySuspended')).toBe(true);
    // another writer resumes operations: the caching handler's kept state still says suspended
    await new CommandHandler(store, { newEventId: () => 'other-writer-1' }).handle(command.resumeOperations());
    const [result] = await caching.handle(command.suspendOperations({ on: '2025-10-01', until: '2025-12-01' }));
    expect(result?.events.map((recorded) => recorded.type)).toEqual(['OperationsSuspended']);
    expect(result?.streamVersion).toBe(9);
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
