import { describe, expect, it } from 'vitest';
import { ConcurrencyError, IdempotencyError, InvalidEventError } from '../errors';
import type { NewEvent, RecordedEvent } from '../events';
import { GENESIS_HASH, chainHash } from '../integrity';
import { organisationStream } from '../organisation/events';
import { asNewEvent, event } from '../testing';
import { verifyChain } from '../verify-chain';
import { MemoryEventStore } from './memory-store';

const coop1 = organisationStream('coop-1');
const coop2 = organisationStream('coop-2');
const founding = (organisationId: string, prefix: string) =>
  event.founding({ organisationId }).map((domainEvent, index) => asNewEvent(domainEvent, `${prefix}-${index + 1}`));

const collect = async (events: AsyncIterable<RecordedEvent>) => {
  const all: RecordedEvent[] = [];
  for await (const recorded of events) all.push(recorded);
  return all;
};

const storeWithTwoStreams = async () => {
  const store = new MemoryEventStore();
  await store.append(coop1, founding('coop-1', 'a'), { expectedVersion: 'no-stream' });
  await store.append(coop2, founding('coop-2', 'b'), { expectedVersion: 'no-stream' });
  return store;
};

describe('MemoryEventStore appends', () => {
  it('numbers stream versions and global positions from 1 and chains the hashes', async () => {
    const store = await storeWithTwoStreams();
    const all = await collect(store.readAll());
    expect(all.map((recorded) => recorded.globalPosition)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect((await store.readStream(coop2)).map((recorded) => recorded.streamVersion)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(all[0]?.hash).toBe(chainHash(GENESIS_HASH, all[0] as RecordedEvent));
    expect(all[7]?.hash).toBe(chainHash(all[6]?.hash as string, all[7] as RecordedEvent));
    expect(all[0]).toMatchObject({ eventId: 'a-1', schemaVersion: 1, stream: coop1, metadata: {} });
  });

  it('refuses a stale expected version with the stream, the expected and the actual version, and stores nothing', async () => {
    const store = await storeWithTwoStreams();
    const error = await store.append(coop1, [asNewEvent(event.memberAdmitted(), 'c-1')], { expectedVersion: 5 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ streamName: coop1, expected: 5, actual: 6 });
    expect(await store.headPosition()).toBe(12);
  });

  it('appends with any expected version when told so', async () => {
    const store = await storeWithTwoStreams();
    const result = await store.append(coop1, [asNewEvent(event.memberAdmitted(), 'c-1')], { expectedVersion: 'any' });
    expect(result.streamVersion).toBe(7);
  });

  it('refuses no-stream for a stream that exists', async () => {
    const store = await storeWithTwoStreams();
    await expect(store.append(coop1, [asNewEvent(event.memberAdmitted(), 'c-1')], { expectedVersion: 'no-stream' })).rejects.toThrow(ConcurrencyError);
  });

  it('answers a repeated batch with the stored events and writes nothing', async () => {
    const store = await storeWithTwoStreams();
    const again = await store.append(coop1, founding('coop-1', 'a'), { expectedVersion: 'no-stream' });
    expect(again.events.map((recorded) => recorded.globalPosition)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await store.headPosition()).toBe(12);
  });

  it('refuses a batch that repeats only part of an earlier one', async () => {
    const store = await storeWithTwoStreams();
    const batch = [...founding('coop-1', 'a').slice(0, 2), asNewEvent(event.memberAdmitted(), 'c-1')];
    await expect(store.append(coop1, batch, { expectedVersion: 6 })).rejects.toThrow(IdempotencyError);
    expect(await store.headPosition()).toBe(12);
  });

  it('refuses an event id already stored in another stream', async () => {
    const store = await storeWithTwoStreams();
    await expect(store.append(coop2, [asNewEvent(event.memberAdmitted({ organisationId: 'coop-2' }), 'a-1')], { expectedVersion: 6 })).rejects.toThrow(
      IdempotencyError,
    );
  });

  it('refuses an invalid event, naming its field, and stores nothing of the batch', async () => {
    const store = new MemoryEventStore();
    const bad = asNewEvent({ ...event.memberAdmitted(), occurredOn: '2025-02-30' }, 'x-2');
    const error = await store
      .append(coop1, [asNewEvent(event.organisationFounded(), 'x-1'), bad], { expectedVersion: 'no-stream' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error).toMatchObject({ field: 'occurredOn', location: { stream: coop1, eventId: 'x-2' } });
    expect(await store.headPosition()).toBe(0);
  });

  it('writes several streams all or nothing', async () => {
    const store = await storeWithTwoStreams();
    const requests = [
      { stream: coop1, expectedVersion: 6, events: [asNewEvent(event.memberAdmitted(), 'c-1')] },
      { stream: coop2, expectedVersion: 5, events: [asNewEvent(event.memberAdmitted({ organisationId: 'coop-2' }), 'c-2')] },
    ];
    await expect(store.appendMany(requests)).rejects.toThrow(ConcurrencyError);
    expect(await store.headPosition()).toBe(12);
    expect(await store.streamVersion(coop1)).toBe(6);
  });

  it('checks a stream named twice in one batch against its first part', async () => {
    const store = await storeWithTwoStreams();
    const results = await store.appendMany([
      { stream: coop1, expectedVersion: 6, events: [asNewEvent(event.memberAdmitted(), 'c-1')] },
      { stream: coop1, expectedVersion: 7, events: [asNewEvent(event.memberAdmitted({ memberId: 'member-7' }), 'c-2')] },
    ]);
    expect(results.map((result) => result.streamVersion)).toEqual([7, 8]);
  });
});

describe('MemoryEventStore keeps its own copies', () => {
  it('stores what was appended: changing the appended objects afterwards changes nothing stored', async () => {
    const store = new MemoryEventStore();
    const metadata = { actor: 'officer-1', tenant: 'vinh-bao' };
    // copies of the factories' events, so that changing them changes no other test's fixtures
    const own = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
    const founded = { ...own(asNewEvent(event.organisationFounded(), 'x-1')), metadata };
    const admitted = { ...own(asNewEvent(event.memberAdmitted(), 'x-2')), metadata };
    const result = await store.append(coop1, [founded, admitted], { expectedVersion: 'no-stream' });
    const before = await store.readStream(coop1);
    (founded.data as { name: string }).name = 'changed';
    (founded.data as { origin: { type: string } }).origin.type = 'changed';
    (admitted as { type: string }).type = 'MemberDeparted';
    metadata.actor = 'someone else';
    (result.events[0] as { eventId: string }).eventId = 'changed';
    expect(await store.readStream(coop1)).toEqual(before);
    expect(before[0]?.data).toMatchObject({ origin: { type: 'new' } });
    expect(before[1]?.metadata).toEqual({ actor: 'officer-1', tenant: 'vinh-bao' });
  });

  it('hands out events whose data and metadata cannot be changed', async () => {
    const store = new MemoryEventStore();
    await store.append(coop1, [asNewEvent(event.organisationFounded(), 'x-1', undefined, { actor: 'officer-1' })], { expectedVersion: 'no-stream' });
    const [read] = await store.readStream(coop1);
    expect(() => {
      (read?.data as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      (read?.data as { origin: { type: string } }).origin.type = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      (read?.metadata as { actor: string }).actor = 'changed';
    }).toThrow(TypeError);
    // the envelope is the reader's own
    (read as { stream: string }).stream = 'elsewhere';
    expect((await store.readStream(coop1))[0]?.stream).toBe(coop1);
  });

  it('reads back record times of every form exactly as appended', async () => {
    const store = new MemoryEventStore();
    const times = ['2024-03-01T08:30:15.123+07:00', '2024-03-01T01:30:15Z', '2025-01-02T00:00:00.000Z', '2024-03-01T01:30:15.123456Z'];
    await store.append(
      coop1,
      times.map((recordedAt, index) => ({ ...asNewEvent(index === 0 ? event.organisationFounded() : event.memberAdmitted({ memberId: `m-${index}` }), `t-${index}`), recordedAt })),
      { expectedVersion: 'no-stream' },
    );
    expect((await store.readStream(coop1)).map((recorded) => recorded.recordedAt)).toEqual(times);
  });

  it('finds every event id again as the store grows, so a repeated batch stays a no-op', async () => {
    const store = new MemoryEventStore();
    const batches = Array.from({ length: 120 }, (_, batch) => ({
      stream: organisationStream(`org-${batch}`),
      events: founding(`org-${batch}`, `g${batch}`),
    }));
    for (const { stream, events } of batches) await store.append(stream, events, { expectedVersion: 'no-stream' });
    expect(await store.headPosition()).toBe(720);
    for (const batch of [batches[0], batches[57], batches[119]]) {
      const again = await store.append(batch?.stream as string, batch?.events as NewEvent[], { expectedVersion: 'no-stream' });
      expect(again.events.map((recorded) => recorded.eventId)).toEqual(batch?.events.map((newEvent) => newEvent.eventId));
    }
    expect(await store.headPosition()).toBe(720);
  });

  it('reads back every field of events in full (sealed) pages and in the page being filled', async () => {
    const store = new MemoryEventStore();
    const appended: RecordedEvent[] = [];
    // 9,000 events: two full pages of 4,096 and part of a third; some ids not ASCII, some times not of 24 characters
    for (let batch = 0; batch < 900; batch++) {
      const organisationId = `org-${batch % 50}`;
      const events = Array.from({ length: 10 }, (_, index) => {
        const number = batch * 10 + index;
        const domainEvent = event.inspectionRecorded({ organisationId, inspectionId: `i-${number}` });
        const id = number % 97 === 0 ? `sự-kiện-${number}` : `e-${number}`;
        const recordedAt = number % 89 === 0 ? '2024-03-01T08:30:15.123+07:00' : `2024-03-01T08:${String(number % 60).padStart(2, '0')}:15.000Z`;
        return { ...asNewEvent(domainEvent, id), recordedAt };
      });
      appended.push(...(await store.append(organisationStream(organisationId), events, { expectedVersion: 'any' })).events);
    }
    const stored = await collect(store.readAll());
    expect(stored).toEqual(appended);
    expect((await verifyChain(store.readAll())).problem).toBeUndefined();
    expect(await store.readStream(organisationStream('org-7'), { from: 150, limit: 3 })).toEqual(
      appended.filter((recorded) => recorded.stream === organisationStream('org-7')).slice(149, 152),
    );
    // ids in sealed pages are found again: a repeat of the first batch is a no-op
    const first = appended
      .slice(0, 10)
      .map(({ type, occurredOn, data, eventId, recordedAt, metadata }) => ({ type, occurredOn, data, eventId, recordedAt, metadata }) as NewEvent);
    expect((await store.append(organisationStream('org-0'), first, { expectedVersion: 'any' })).events).toEqual(appended.slice(0, 10));
    expect(await store.headPosition()).toBe(9000);
  });

  it('forgets a rolled-back bulk import whole, and reuses its places', async () => {
    const store = new MemoryEventStore();
    const source = await storeWithTwoStreams();
    const events = await collect(source.readAll());
    const bulk = await store.beginBulkImport();
    await bulk.write(events.map((recorded) => ({ ...recorded, recordedAt: '2024-03-01T08:30:15.123+07:00' })), false);
    await bulk.rollback();
    expect(await store.headPosition()).toBe(0);
    expect(await store.streamVersion(coop1)).toBe(0);
    await store.append(coop2, founding('coop-2', 'a'), { expectedVersion: 'no-stream' });
    const stored = await collect(store.readAll());
    expect(stored.map((recorded) => recorded.eventId)).toEqual(['a-1', 'a-2', 'a-3', 'a-4', 'a-5', 'a-6']);
    expect(stored.every((recorded) => recorded.recordedAt !== '2024-03-01T08:30:15.123+07:00')).toBe(true);
  });
});

describe('MemoryEventStore reads', () => {
  it('reads a stream from a version, backwards, with a limit', async () => {
    const store = await storeWithTwoStreams();
    expect((await store.readStream(coop1, { from: 4 })).map((recorded) => recorded.streamVersion)).toEqual([4, 5, 6]);
    expect((await store.readStream(coop1, { from: 4, direction: 'backwards', limit: 2 })).map((recorded) => recorded.streamVersion)).toEqual([4, 3]);
    expect(await store.readStream('organisation-none')).toEqual([]);
  });

  it('reads all events forwards from a position and backwards from the end', async () => {
    const store = await storeWithTwoStreams();
    expect((await collect(store.readAll({ from: 11 }))).map((recorded) => recorded.globalPosition)).toEqual([11, 12]);
    expect((await collect(store.readAll({ direction: 'backwards', limit: 3 }))).map((recorded) => recorded.globalPosition)).toEqual([12, 11, 10]);
    expect((await collect(store.readAll({ direction: 'backwards', from: 2 }))).map((recorded) => recorded.globalPosition)).toEqual([2, 1]);
  });

  it('filters by stream prefix, event type and tenant', async () => {
    const store = await storeWithTwoStreams();
    await store.append(coop1, [asNewEvent(event.memberAdmitted(), 't-1', undefined, { tenant: 'vinh-bao' })], { expectedVersion: 6 });
    expect(await collect(store.readAll({ filter: { types: ['OrganisationFounded'] } }))).toHaveLength(2);
    expect(await collect(store.readAll({ filter: { streamPrefix: coop2 } }))).toHaveLength(6);
    expect((await collect(store.readAll({ filter: { tenant: 'vinh-bao' } }))).map((recorded) => recorded.eventId)).toEqual(['t-1']);
  });

  it('keeps checkpoints with their projection version', async () => {
    const store = new MemoryEventStore();
    await store.checkpoints.save('members', { position: 12, projectionVersion: 2 });
    expect(await store.checkpoints.load('members')).toEqual({ position: 12, projectionVersion: 2 });
    expect(await store.checkpoints.load('other')).toBeUndefined();
  });
});

describe('MemoryEventStore subscriptions', () => {
  it('catches up from a position, then follows new events live, in order', async () => {
    const store = await storeWithTwoStreams();
    const seen: number[] = [];
    let resolveLive: () => void = () => undefined;
    const live = new Promise<void>((resolve) => (resolveLive = resolve));
    const subscription = store.subscribe({ from: 10 }, (recorded) => {
      seen.push(recorded.globalPosition);
      if (recorded.globalPosition === 14) resolveLive();
    });
    await store.append(coop1, [asNewEvent(event.memberAdmitted(), 'c-1'), asNewEvent(event.memberAdmitted({ memberId: 'member-7' }), 'c-2')], {
      expectedVersion: 6,
    });
    await live;
    await subscription.stop();
    expect(seen).toEqual([10, 11, 12, 13, 14]);
  });

  it('delivers only events passing its filter', async () => {
    const store = await storeWithTwoStreams();
    const seen: string[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const subscription = store.subscribe({ filter: { types: ['OrganisationFounded'] } }, (recorded) => {
      seen.push(recorded.stream);
      if (seen.length === 2) done();
    });
    await finished;
    await subscription.stop();
    expect(seen).toEqual([coop1, coop2]);
  });

  it('ends with the handler’s error', async () => {
    const store = await storeWithTwoStreams();
    const subscription = store.subscribe({}, (recorded) => {
      if (recorded.globalPosition === 3) throw new Error('projection failed at 3');
    });
    await expect(subscription.done).rejects.toThrow('projection failed at 3');
  });
});
