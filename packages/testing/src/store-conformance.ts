import { randomUUID } from 'node:crypto';
import {
  GENESIS_HASH,
  MemoryEventStore,
  chainHash,
  isConcurrencyError,
  isInvalidEventError,
  type AppendRequest,
  type BulkImport,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type RecordedEvent,
} from '@hoptac/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect } from './collect';

/** The groups of the conformance suite; a host may skip a group its store cannot honour, and should say why. */
export type ConformanceGroup =
  | 'append'
  | 'idempotency'
  | 'positions'
  | 'read-stream'
  | 'read-all'
  | 'subscriptions'
  | 'atomicity'
  | 'hash-chain'
  | 'checkpoints'
  | 'round-trip'
  | 'validation'
  | 'concurrency'
  | 'bulk-import';

/** How the conformance suite gets a store for each test, and gives it back. */
export interface StoreConformanceOptions {
  /** a store for one test; it may already hold events (the suite only reads what it wrote itself) */
  create: () => Promise<EventStore>;
  /** releases the store after a test; defaults to `store.close()` */
  destroy?: (store: EventStore) => Promise<void>;
  /** groups not to run, e.g. on a server without the feature */
  skip?: readonly ConformanceGroup[];
  /** how many concurrent writers race on one expected version; default 8 */
  racers?: number;
}

/** Polls until `ready()` holds; fails with `what` after a few seconds, so a broken subscription never hangs. */
const eventually = async (ready: () => boolean, what: string, timeoutMs = 5_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** The error a promise rejects with; fails when it resolves. */
const rejectionOf = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the operation to be rejected, but it succeeded');
};

/**
 * Everything one test writes is named after a fresh run id: its streams, event ids and tenant. So the suite works
 * on a store that is shared or not empty (an EventStoreDB server), reading back only its own events.
 */
const fixtures = () => {
  const run = randomUUID().slice(0, 8);
  let counter = 0;
  const tenant = `tenant-${run}`;
  const stream = (name: string) => `organisation-conf${run}-${name}`;
  const otherCategory = (name: string) => `conformance${run}-${name}`;
  const recordedAt = () => `2030-01-01T00:00:${String(counter % 60).padStart(2, '0')}.000Z`;
  /** a valid event of a type that cycles, so reads see several types */
  const event = (overrides: Partial<NewEvent> = {}): NewEvent => {
    counter++;
    const eventId = `conf-${run}-${counter}`;
    const base =
      counter % 3 === 0
        ? { type: 'RegistrationUpdateSubmitted' as const, occurredOn: '2030-01-01', data: { organisationId: `org-${run}`, windowYear: 2030 } }
        : counter % 3 === 1
          ? {
              type: 'InspectionRecorded' as const,
              occurredOn: '2030-01-02',
              data: { organisationId: `org-${run}`, inspectionId: `insp-${counter}`, authority: 'district office', findings: [] },
            }
          : {
              type: 'FundsReported' as const,
              occurredOn: '2030-01-03',
              data: { organisationId: `org-${run}`, year: 2030, charterCapital: counter, mobilisedCapital: 0, indivisibleFund: 0 },
            };
    return { ...base, eventId, recordedAt: recordedAt(), metadata: { tenant }, ...overrides } as NewEvent;
  };
  const events = (count: number, overrides: Partial<NewEvent> = {}): NewEvent[] =>
    Array.from({ length: count }, () => event(overrides));
  return { run, tenant, stream, otherCategory, event, events };
};

/** The events this test wrote, in global order: everything after `headBefore` on the test's streams. */
const ownEvents = async (store: EventStore, headBefore: number, run: string, options: ReadAllOptions = {}) =>
  (await collect(store.readAll({ from: headBefore + 1, ...options }))).filter((event) => event.stream.includes(run));

/** Recorded events as an export of another store would hold them: positions from 1, hashes chained from genesis. */
const recordedElsewhere = async (requests: readonly AppendRequest[]): Promise<RecordedEvent[]> => {
  const source = new MemoryEventStore();
  const results = await source.appendMany(requests);
  return results.flatMap((result) => result.events).sort((a, b) => a.globalPosition - b.globalPosition);
};

/**
 * Registers the event-store conformance suite (vitest `describe`/`it`) for a store adapter: expected versions,
 * idempotency, positions, reads, subscriptions, atomicity, the hash chain, checkpoints, round trips, validation,
 * racing writers and (for a store that offers it) the bulk import. Every store of hoptac, the in-memory one
 * included, runs it.
 */
export const storeConformanceSuite = (name: string, options: StoreConformanceOptions): void => {
  const skip = new Set(options.skip ?? []);
  const group = (id: ConformanceGroup, title: string, body: () => void) =>
    (skip.has(id) ? describe.skip : describe)(`${title} [${id}]`, body);

  describe(`${name} conforms to the EventStore port`, () => {
    let store: EventStore;
    let f: ReturnType<typeof fixtures>;
    let headBefore: number;

    beforeEach(async () => {
      store = await options.create();
      f = fixtures();
      headBefore = await store.headPosition();
    });

    afterEach(async () => {
      await (options.destroy ?? ((s) => s.close()))(store);
    });

    group('append', 'appending with expected versions', () => {
      it("appends to a new stream with 'no-stream' and numbers the stream from 1", async () => {
        const stream = f.stream('a');
        const result = await store.append(stream, f.events(3), { expectedVersion: 'no-stream' });
        expect(result.stream).toBe(stream);
        expect(result.streamVersion).toBe(3);
        expect(result.events.map((event) => event.streamVersion)).toEqual([1, 2, 3]);
        expect(await store.streamVersion(stream)).toBe(3);
      });

      it('treats expected version 0 as a stream that must not exist yet', async () => {
        const stream = f.stream('a');
        await store.append(stream, f.events(1), { expectedVersion: 0 });
        const error = await rejectionOf(store.append(stream, f.events(1), { expectedVersion: 0 }));
        expect(isConcurrencyError(error)).toBe(true);
      });

      it('appends when the expected version is the current version', async () => {
        const stream = f.stream('a');
        await store.append(stream, f.events(2), { expectedVersion: 'no-stream' });
        const result = await store.append(stream, f.events(2), { expectedVersion: 2 });
        expect(result.events.map((event) => event.streamVersion)).toEqual([3, 4]);
        expect(result.streamVersion).toBe(4);
      });

      it("appends with 'any' whatever the stream's version, new or not", async () => {
        const stream = f.stream('a');
        await store.append(stream, f.events(1), { expectedVersion: 'any' });
        await store.append(stream, f.events(1), { expectedVersion: 'any' });
        expect(await store.streamVersion(stream)).toBe(2);
      });

      it('reports a stream that was never written as version 0', async () => {
        expect(await store.streamVersion(f.stream('never'))).toBe(0);
      });

      it('rejects a stale expected version with a ConcurrencyError naming the stream, expected and actual versions', async () => {
        const stream = f.stream('a');
        await store.append(stream, f.events(3), { expectedVersion: 'no-stream' });
        const error = await rejectionOf(store.append(stream, f.events(1), { expectedVersion: 1 }));
        expect(isConcurrencyError(error)).toBe(true);
        expect(error).toMatchObject({ streamName: stream, expected: 1, actual: 3 });
        expect(await store.streamVersion(stream)).toBe(3);
        expect(await store.headPosition()).toBe(headBefore + 3);
      });

      it("rejects 'no-stream' on a stream that exists", async () => {
        const stream = f.stream('a');
        await store.append(stream, f.events(2), { expectedVersion: 'no-stream' });
        const error = await rejectionOf(store.append(stream, f.events(1), { expectedVersion: 'no-stream' }));
        expect(isConcurrencyError(error)).toBe(true);
        expect(error).toMatchObject({ streamName: stream, expected: 'no-stream', actual: 2 });
      });

      it('rejects an expected version ahead of the stream', async () => {
        const stream = f.stream('a');
        await store.append(stream, f.events(1), { expectedVersion: 'no-stream' });
        const error = await rejectionOf(store.append(stream, f.events(1), { expectedVersion: 5 }));
        expect(error).toMatchObject({ name: 'ConcurrencyError', streamName: stream, expected: 5, actual: 1 });
      });
    });

    group('idempotency', 'idempotency by event id', () => {
      it('answers the same batch appended again with the stored events and stores nothing new', async () => {
        const stream = f.stream('a');
        const batch = f.events(3);
        const first = await store.append(stream, batch, { expectedVersion: 'no-stream' });
        const again = await store.append(stream, batch, { expectedVersion: 'no-stream' });
        expect(again.events).toEqual(first.events);
        expect(again.streamVersion).toBe(3);
        expect(await store.headPosition()).toBe(headBefore + 3);
        expect(await store.readStream(stream)).toEqual(first.events);
      });

      it('treats a repeated batch as a no-op even after the stream moved on', async () => {
        const stream = f.stream('a');
        const batch = f.events(2);
        const first = await store.append(stream, batch, { expectedVersion: 'no-stream' });
        await store.append(stream, f.events(2), { expectedVersion: 2 });
        const again = await store.append(stream, batch, { expectedVersion: 'no-stream' });
        expect(again.events).toEqual(first.events);
        expect(await store.streamVersion(stream)).toBe(4);
      });

      it('repeats a whole appendMany across streams as a no-op', async () => {
        const requests: AppendRequest[] = [
          { stream: f.stream('a'), events: f.events(2), expectedVersion: 'no-stream' },
          { stream: f.stream('b'), events: f.events(1), expectedVersion: 'no-stream' },
        ];
        const first = await store.appendMany(requests);
        const again = await store.appendMany(requests);
        expect(again.map((result) => result.events)).toEqual(first.map((result) => result.events));
        expect(await store.headPosition()).toBe(headBefore + 3);
      });

      it('rejects a batch that repeats only part of an earlier one, storing none of it', async () => {
        const stream = f.stream('a');
        const batch = f.events(2);
        await store.append(stream, batch, { expectedVersion: 'no-stream' });
        const error = await rejectionOf(store.append(stream, [batch[0] as NewEvent, f.event()], { expectedVersion: 2 }));
        expect(error.name).toBe('IdempotencyError');
        expect(await store.streamVersion(stream)).toBe(2);
        expect(await store.headPosition()).toBe(headBefore + 2);
      });

      it('rejects an event id already stored in another stream', async () => {
        const batch = f.events(1);
        await store.append(f.stream('a'), batch, { expectedVersion: 'no-stream' });
        const error = await rejectionOf(store.append(f.stream('b'), batch, { expectedVersion: 'no-stream' }));
        expect(error.name).toBe('IdempotencyError');
        expect(await store.streamVersion(f.stream('b'))).toBe(0);
      });

      it('rejects the same event id twice in one batch', async () => {
        const event = f.event();
        const error = await rejectionOf(store.append(f.stream('a'), [event, event], { expectedVersion: 'no-stream' }));
        expect(error.name).toBe('IdempotencyError');
        expect(await store.headPosition()).toBe(headBefore);
      });
    });

    group('positions', 'global positions and stream versions', () => {
      it('numbers the global order without gaps and each stream from 1 without gaps', async () => {
        await store.append(f.stream('a'), f.events(2), { expectedVersion: 'no-stream' });
        await store.append(f.stream('b'), f.events(3), { expectedVersion: 'no-stream' });
        await store.appendMany([
          { stream: f.stream('a'), events: f.events(1), expectedVersion: 2 },
          { stream: f.stream('c'), events: f.events(2), expectedVersion: 'no-stream' },
        ]);
        await store.append(f.stream('b'), f.events(1), { expectedVersion: 3 });
        const all = await ownEvents(store, headBefore, f.run);
        expect(all.map((event) => event.globalPosition)).toEqual(Array.from({ length: 9 }, (_, i) => headBefore + 1 + i));
        for (const name of ['a', 'b', 'c']) {
          const versions = all.filter((event) => event.stream === f.stream(name)).map((event) => event.streamVersion);
          expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1));
        }
      });

      it('reports the head position as the position of the last event', async () => {
        const result = await store.append(f.stream('a'), f.events(4), { expectedVersion: 'no-stream' });
        expect(await store.headPosition()).toBe(headBefore + 4);
        expect(result.events.at(-1)?.globalPosition).toBe(headBefore + 4);
      });

      it('does not move the head on a rejected append', async () => {
        await store.append(f.stream('a'), f.events(1), { expectedVersion: 'no-stream' });
        await rejectionOf(store.append(f.stream('a'), f.events(1), { expectedVersion: 7 }));
        await store.append(f.stream('b'), f.events(1), { expectedVersion: 'no-stream' });
        const all = await ownEvents(store, headBefore, f.run);
        expect(all.map((event) => event.globalPosition)).toEqual([headBefore + 1, headBefore + 2]);
      });
    });

    group('read-stream', 'reading one stream', () => {
      const seed = async () => {
        const stream = f.stream('a');
        await store.append(stream, f.events(3), { expectedVersion: 'no-stream' });
        await store.append(f.stream('other'), f.events(2), { expectedVersion: 'no-stream' });
        await store.append(stream, f.events(2), { expectedVersion: 3 });
        return stream;
      };
      const versions = (events: RecordedEvent[]) => events.map((event) => event.streamVersion);

      it('reads a stream forwards, only its own events', async () => {
        const stream = await seed();
        const events = await store.readStream(stream);
        expect(versions(events)).toEqual([1, 2, 3, 4, 5]);
        expect(events.every((event) => event.stream === stream)).toBe(true);
      });

      it('reads forwards from a version, inclusive, at most limit events', async () => {
        const stream = await seed();
        expect(versions(await store.readStream(stream, { from: 3 }))).toEqual([3, 4, 5]);
        expect(versions(await store.readStream(stream, { from: 2, limit: 2 }))).toEqual([2, 3]);
        expect(versions(await store.readStream(stream, { from: 6 }))).toEqual([]);
      });

      it('reads backwards from the end or from a version, inclusive', async () => {
        const stream = await seed();
        expect(versions(await store.readStream(stream, { direction: 'backwards' }))).toEqual([5, 4, 3, 2, 1]);
        expect(versions(await store.readStream(stream, { direction: 'backwards', limit: 2 }))).toEqual([5, 4]);
        expect(versions(await store.readStream(stream, { direction: 'backwards', from: 3 }))).toEqual([3, 2, 1]);
        expect(versions(await store.readStream(stream, { direction: 'backwards', from: 4, limit: 2 }))).toEqual([4, 3]);
      });

      it('reads a stream that was never written as empty', async () => {
        expect(await store.readStream(f.stream('never'))).toEqual([]);
      });
    });

    group('read-all', 'reading the global order', () => {
      const seed = async () => {
        await store.append(f.stream('a'), f.events(3), { expectedVersion: 'no-stream' });
        await store.append(f.otherCategory('x'), f.events(2, { metadata: { tenant: `other-${f.run}` } }), {
          expectedVersion: 'no-stream',
        });
        await store.append(f.stream('b'), f.events(3), { expectedVersion: 'no-stream' });
      };
      const positions = (events: RecordedEvent[]) => events.map((event) => event.globalPosition - headBefore);

      it('reads forwards from a position, inclusive, at most limit events', async () => {
        await seed();
        expect(positions(await collect(store.readAll({ from: headBefore + 1 })))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(positions(await collect(store.readAll({ from: headBefore + 4, limit: 3 })))).toEqual([4, 5, 6]);
        expect(await collect(store.readAll({ from: headBefore + 9 }))).toEqual([]);
      });

      it('reads backwards from the head or from a position, inclusive', async () => {
        await seed();
        expect(positions(await collect(store.readAll({ direction: 'backwards', limit: 3 })))).toEqual([8, 7, 6]);
        expect(positions(await collect(store.readAll({ direction: 'backwards', from: headBefore + 5, limit: 2 })))).toEqual([5, 4]);
      });

      it('filters by stream prefix', async () => {
        await seed();
        const events = await collect(store.readAll({ from: headBefore + 1, filter: { streamPrefix: f.stream('') } }));
        expect(positions(events)).toEqual([1, 2, 3, 6, 7, 8]);
      });

      it('filters by event types', async () => {
        await seed();
        const events = await collect(
          store.readAll({ from: headBefore + 1, filter: { streamPrefix: f.stream(''), types: ['FundsReported', 'InspectionRecorded'] } }),
        );
        expect(events.length).toBeGreaterThan(0);
        expect(events.every((event) => event.type === 'FundsReported' || event.type === 'InspectionRecorded')).toBe(true);
        const everything = await ownEvents(store, headBefore, f.run, { filter: { streamPrefix: f.stream('') } });
        expect(events.length).toBe(everything.filter((event) => event.type !== 'RegistrationUpdateSubmitted').length);
      });

      it('filters by tenant', async () => {
        await seed();
        const events = await collect(store.readAll({ from: headBefore + 1, filter: { tenant: `other-${f.run}` } }));
        expect(positions(events)).toEqual([4, 5]);
      });

      it('applies the limit to the events that pass the filter', async () => {
        await seed();
        const events = await collect(store.readAll({ from: headBefore + 1, limit: 4, filter: { streamPrefix: f.stream('') } }));
        expect(positions(events)).toEqual([1, 2, 3, 6]);
        const backwards = await collect(store.readAll({ direction: 'backwards', limit: 4, filter: { streamPrefix: f.stream('') } }));
        expect(positions(backwards)).toEqual([8, 7, 6, 3]);
      });
    });

    group('subscriptions', 'catch-up subscriptions', () => {
      it('delivers stored events from a position, then new appends live, in order', async () => {
        await store.append(f.stream('a'), f.events(3), { expectedVersion: 'no-stream' });
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe({ from: headBefore + 2, filter: { streamPrefix: f.stream('') } }, (event) => {
          seen.push(event);
        });
        try {
          await eventually(() => seen.length === 2, 'the catch-up events');
          await store.append(f.stream('b'), f.events(2), { expectedVersion: 'no-stream' });
          await store.append(f.stream('a'), f.events(1), { expectedVersion: 3 });
          await eventually(() => seen.length === 5, 'the live events');
          expect(seen.map((event) => event.globalPosition - headBefore)).toEqual([2, 3, 4, 5, 6]);
          expect(seen.map((event) => event.stream)).toEqual([f.stream('a'), f.stream('a'), f.stream('b'), f.stream('b'), f.stream('a')]);
        } finally {
          await subscription.stop();
        }
      });

      it('delivers only the events that pass its filter', async () => {
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe({ from: headBefore + 1, filter: { tenant: `other-${f.run}` } }, (event) => {
          seen.push(event);
        });
        try {
          await store.append(f.stream('a'), f.events(2), { expectedVersion: 'no-stream' });
          await store.append(f.stream('b'), f.events(2, { metadata: { tenant: `other-${f.run}` } }), { expectedVersion: 'no-stream' });
          await eventually(() => seen.length === 2, 'the filtered events');
          expect(seen.every((event) => event.stream === f.stream('b'))).toBe(true);
        } finally {
          await subscription.stop();
        }
      });

      it('waits for a slow handler: one event at a time, in order', async () => {
        let running = 0;
        let overlapped = false;
        const seen: number[] = [];
        const subscription = store.subscribe({ from: headBefore + 1, filter: { streamPrefix: f.stream('') } }, async (event) => {
          running++;
          if (running > 1) overlapped = true;
          await new Promise((resolve) => setTimeout(resolve, 2));
          seen.push(event.globalPosition - headBefore);
          running--;
        });
        try {
          await store.append(f.stream('a'), f.events(3), { expectedVersion: 'no-stream' });
          await store.append(f.stream('a'), f.events(2), { expectedVersion: 3 });
          await eventually(() => seen.length === 5, 'the slow handler');
          expect(seen).toEqual([1, 2, 3, 4, 5]);
          expect(overlapped).toBe(false);
        } finally {
          await subscription.stop();
        }
      });

      it('delivers nothing after stop has resolved, and done resolves', async () => {
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribe({ from: headBefore + 1, filter: { streamPrefix: f.stream('') } }, (event) => {
          seen.push(event);
        });
        await store.append(f.stream('a'), f.events(1), { expectedVersion: 'no-stream' });
        await eventually(() => seen.length === 1, 'the first event');
        await subscription.stop();
        await expect(subscription.done).resolves.toBeUndefined();
        await store.append(f.stream('a'), f.events(2), { expectedVersion: 1 });
        // give a subscription that failed to stop a chance to misbehave
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(seen.length).toBe(1);
      });

      it('ends done with the handler error and delivers nothing after it', async () => {
        await store.append(f.stream('a'), f.events(3), { expectedVersion: 'no-stream' });
        const seen: number[] = [];
        const failure = new Error('projection broke');
        const subscription = store.subscribe({ from: headBefore + 1, filter: { streamPrefix: f.stream('') } }, (event) => {
          seen.push(event.streamVersion);
          if (event.streamVersion === 2) throw failure;
        });
        await expect(subscription.done).rejects.toBe(failure);
        await subscription.stop();
        expect(seen).toEqual([1, 2]);
      });
    });

    group('atomicity', 'multi-stream appends are all or nothing', () => {
      it('stores nothing when one stream of an appendMany has a wrong expected version', async () => {
        await store.append(f.stream('b'), f.events(1), { expectedVersion: 'no-stream' });
        const error = await rejectionOf(
          store.appendMany([
            { stream: f.stream('a'), events: f.events(2), expectedVersion: 'no-stream' },
            { stream: f.stream('b'), events: f.events(1), expectedVersion: 0 },
            { stream: f.stream('c'), events: f.events(1), expectedVersion: 'no-stream' },
          ]),
        );
        expect(error).toMatchObject({ name: 'ConcurrencyError', streamName: f.stream('b'), actual: 1 });
        expect(await store.streamVersion(f.stream('a'))).toBe(0);
        expect(await store.streamVersion(f.stream('c'))).toBe(0);
        expect(await store.headPosition()).toBe(headBefore + 1);
      });

      it('stores every stream of an appendMany in one contiguous run of positions', async () => {
        await store.append(f.stream('a'), f.events(1), { expectedVersion: 'no-stream' });
        const results = await store.appendMany([
          { stream: f.stream('a'), events: f.events(2), expectedVersion: 1 },
          { stream: f.stream('b'), events: f.events(2), expectedVersion: 'no-stream' },
        ]);
        expect(results.map((result) => result.streamVersion)).toEqual([3, 2]);
        const positions = results.flatMap((result) => result.events.map((event) => event.globalPosition - headBefore));
        expect(positions).toEqual([2, 3, 4, 5]);
      });

      it('continues a stream that appears twice in one appendMany from its first part', async () => {
        const results = await store.appendMany([
          { stream: f.stream('a'), events: f.events(2), expectedVersion: 'no-stream' },
          { stream: f.stream('b'), events: f.events(1), expectedVersion: 'no-stream' },
          { stream: f.stream('a'), events: f.events(1), expectedVersion: 2 },
        ]);
        expect(results.map((result) => result.streamVersion)).toEqual([2, 1, 3]);
        expect((await store.readStream(f.stream('a'))).map((event) => event.streamVersion)).toEqual([1, 2, 3]);
      });

      it('rejects the whole batch when the second part of a repeated stream expects the wrong version', async () => {
        const error = await rejectionOf(
          store.appendMany([
            { stream: f.stream('a'), events: f.events(2), expectedVersion: 'no-stream' },
            { stream: f.stream('a'), events: f.events(1), expectedVersion: 0 },
          ]),
        );
        expect(error).toMatchObject({ name: 'ConcurrencyError', streamName: f.stream('a'), expected: 0, actual: 2 });
        expect(await store.streamVersion(f.stream('a'))).toBe(0);
        expect(await store.headPosition()).toBe(headBefore);
      });
    });

    group('hash-chain', 'the hash chain', () => {
      it("chains each event's hash to the previous event in the global order", async () => {
        await store.append(f.stream('a'), f.events(2), { expectedVersion: 'no-stream' });
        await store.appendMany([
          { stream: f.stream('b'), events: f.events(2), expectedVersion: 'no-stream' },
          { stream: f.stream('a'), events: f.events(1), expectedVersion: 2 },
        ]);
        const [previous] = headBefore === 0 ? [] : await collect(store.readAll({ from: headBefore, limit: 1 }));
        let previousHash = previous?.hash ?? GENESIS_HASH;
        const events = await collect(store.readAll({ from: headBefore + 1 }));
        expect(events).toHaveLength(5);
        for (const event of events) {
          expect(event.hash, `hash of event at position ${event.globalPosition}`).toBe(chainHash(previousHash, event));
          previousHash = event.hash;
        }
      });

      it('returns from append the same hashes it stores', async () => {
        const result = await store.append(f.stream('a'), f.events(3), { expectedVersion: 'no-stream' });
        expect((await store.readStream(f.stream('a'))).map((event) => event.hash)).toEqual(result.events.map((event) => event.hash));
      });
    });

    group('checkpoints', 'projection checkpoints', () => {
      it('loads nothing for a checkpoint never saved', async () => {
        expect(await store.checkpoints.load(`projection-${f.run}`)).toBeUndefined();
      });

      it('loads the last checkpoint saved under a name, and keeps names apart', async () => {
        const name = `projection-${f.run}`;
        await store.checkpoints.save(name, { position: 3, projectionVersion: 1 });
        await store.checkpoints.save(name, { position: 7, projectionVersion: 2 });
        await store.checkpoints.save(`${name}-other`, { position: 1, projectionVersion: 1 });
        expect(await store.checkpoints.load(name)).toEqual({ position: 7, projectionVersion: 2 });
        expect(await store.checkpoints.load(`${name}-other`)).toEqual({ position: 1, projectionVersion: 1 });
      });
    });

    group('round-trip', 'what is appended reads back unchanged', () => {
      it('reads back every field deep-equal to what was appended', async () => {
        const events: NewEvent[] = [
          {
            type: 'OrganisationFounded',
            occurredOn: '2024-02-29',
            data: {
              organisationId: `org-${f.run}`,
              kind: 'cooperative',
              name: 'Hợp tác xã Nông nghiệp Vĩnh Bảo — "Đồng Tâm" 🌾',
              registrationCode: '0201-HTX-0001',
              headOfficeUnit: 'commune:11893',
              origin: { type: 'conversion', fromGroupId: `group-${f.run}` },
            },
            eventId: `rt-${f.run}-1`,
            recordedAt: '2024-03-01T08:30:15.123+07:00',
            metadata: { actor: 'cán bộ 7', source: 'import', correlationId: `c-${f.run}`, causationId: `k-${f.run}`, tenant: f.tenant },
          },
          {
            type: 'DebtRecognised',
            occurredOn: '2024-03-01',
            data: {
              organisationId: `org-${f.run}`,
              debtId: 'debt-1',
              creditorType: 'bank',
              amount: Number.MAX_SAFE_INTEGER,
              originDate: '2019-01-01',
              dueDate: '2020-12-31',
            },
            eventId: `rt-${f.run}-2`,
            recordedAt: '2024-03-01T01:30:15Z',
          },
          {
            type: 'RatingRecorded',
            occurredOn: '2024-12-15',
            data: { organisationId: `org-${f.run}`, year: 2024, scheme: 'circular-01-2020', level: 'fair', score: 72.5 },
            eventId: `rt-${f.run}-3`,
            recordedAt: '2025-01-02T00:00:00.000Z',
            metadata: {},
          },
          {
            type: 'ValueChainLinkageStarted',
            occurredOn: '2024-04-01',
            data: {
              organisationId: `org-${f.run}`,
              linkageId: 'link-1',
              contractReference: 'HĐ 12/2024',
              counterpartyKind: 'enterprise',
              stages: ['production', 'processing', 'consumption'],
              startsOn: '2024-04-01',
            },
            eventId: `rt-${f.run}-4`,
            recordedAt: '2025-01-02T00:00:00.000Z',
          },
        ];
        const result = await store.append(f.stream('a'), events, { expectedVersion: 'no-stream' });
        const read = await store.readStream(f.stream('a'));
        const fromAll = (await ownEvents(store, headBefore, f.run)) as RecordedEvent[];
        expect(read).toEqual(result.events);
        expect(fromAll).toEqual(result.events);
        events.forEach((event, index) => {
          const stored = read[index] as RecordedEvent;
          const { metadata, ...rest } = event;
          expect(stored).toMatchObject(rest);
          expect(stored.metadata).toEqual(metadata ?? {});
          expect(stored.stream).toBe(f.stream('a'));
          expect(Object.keys(stored).sort()).toEqual(
            ['data', 'eventId', 'globalPosition', 'hash', 'metadata', 'occurredOn', 'recordedAt', 'schemaVersion', 'stream', 'streamVersion', 'type'],
          );
          // stored events are plain JSON: what goes out through NDJSON comes back the same
          expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
        });
        expect(read[2]?.schemaVersion).toBe(2);
        expect(read[0]?.schemaVersion).toBe(1);
        expect(read[3]?.data).not.toHaveProperty('endsOn');
      });
    });

    group('validation', 'malformed events are rejected and nothing is stored', () => {
      const malformed: Array<[string, (good: NewEvent) => unknown]> = [
        ['an unknown event type', (good) => ({ ...good, type: 'CooperativeTeleported' })],
        ['a business date that is not a day', (good) => ({ ...good, occurredOn: '2030-02-30T00:00:00Z' })],
        ['a record time without a zone', (good) => ({ ...good, recordedAt: '2030-01-01T00:00:00' })],
        ['a missing organisation id', (good) => ({ ...good, data: { ...(good.data as object), organisationId: undefined } })],
        ['an extra data field', (good) => ({ ...good, data: { ...(good.data as object), surprise: 1 } })],
        ['an empty event id', (good) => ({ ...good, eventId: '' })],
        ['unknown metadata', (good) => ({ ...good, metadata: { mood: 'happy' } })],
      ];

      for (const [what, spoil] of malformed)
        it(`rejects ${what} with an InvalidEventError`, async () => {
          const bad = spoil(f.event()) as NewEvent;
          const error = await rejectionOf(store.append(f.stream('a'), [f.event(), bad], { expectedVersion: 'no-stream' }));
          expect(isInvalidEventError(error), `${error.name}: ${error.message}`).toBe(true);
          expect(await store.streamVersion(f.stream('a'))).toBe(0);
          expect(await store.headPosition()).toBe(headBefore);
        });

      it('rejects a malformed event in the second stream of an appendMany, storing the first stream neither', async () => {
        const bad = { ...f.event(), occurredOn: 'yesterday' } as NewEvent;
        const error = await rejectionOf(
          store.appendMany([
            { stream: f.stream('a'), events: f.events(2), expectedVersion: 'no-stream' },
            { stream: f.stream('b'), events: [bad], expectedVersion: 'no-stream' },
          ]),
        );
        expect(isInvalidEventError(error)).toBe(true);
        expect(error).toMatchObject({ field: 'occurredOn' });
        expect(await store.headPosition()).toBe(headBefore);
      });

      it('rejects an empty append', async () => {
        const error = await rejectionOf(store.append(f.stream('a'), [], { expectedVersion: 'no-stream' }));
        expect(isInvalidEventError(error)).toBe(true);
      });
    });

    group('bulk-import', 'the bulk import (stores offering beginBulkImport)', () => {
      // the import under test; a store without the capability skips these tests at run time
      const begin = async (context: { skip: () => void }): Promise<BulkImport> => {
        if (store.beginBulkImport === undefined) context.skip();
        return (store.beginBulkImport as () => Promise<BulkImport>).call(store);
      };
      const expectChainFromHead = async () => {
        const [previous] = headBefore === 0 ? [] : await collect(store.readAll({ from: headBefore, limit: 1 }));
        let previousHash = previous?.hash ?? GENESIS_HASH;
        for (const event of await collect(store.readAll({ from: headBefore + 1 }))) {
          expect(event.hash, `hash at position ${event.globalPosition}`).toBe(chainHash(previousHash, event));
          previousHash = event.hash;
        }
      };

      it('writes the whole import at commit, after the head, positions gap-free and the chain whole', async (context) => {
        const events = await recordedElsewhere([
          { stream: f.stream('a'), events: f.events(3), expectedVersion: 'no-stream' },
          { stream: f.stream('b'), events: f.events(2), expectedVersion: 'no-stream' },
          { stream: f.stream('a'), events: f.events(1), expectedVersion: 3 },
        ]);
        const bulk = await begin(context);
        expect(await bulk.write(events.slice(0, 4), true)).toEqual({ written: 4, alreadyPresent: 0 });
        expect(await bulk.write(events.slice(4), true)).toEqual({ written: 2, alreadyPresent: 0 });
        // a read started before the commit sees all of the import or none of it
        const during = store.headPosition();
        await bulk.commit();
        expect([headBefore, headBefore + 6]).toContain(await during);
        const stored = await ownEvents(store, headBefore, f.run);
        expect(stored.map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
        expect(stored.map((event) => event.globalPosition)).toEqual(events.map((event) => headBefore + event.globalPosition));
        expect((await store.readStream(f.stream('a'))).map((event) => event.streamVersion)).toEqual([1, 2, 3, 4]);
        // into an empty store the chain runs as in the source, so the verified hashes are kept
        if (headBefore === 0) expect(stored.map((event) => event.hash)).toEqual(events.map((event) => event.hash));
        await expectChainFromHead();
        await expect(bulk.write(events, true)).rejects.toThrow();
      });

      it('writes nothing when rolled back, and takes appends afterwards', async (context) => {
        const events = await recordedElsewhere([{ stream: f.stream('a'), events: f.events(3), expectedVersion: 'no-stream' }]);
        const bulk = await begin(context);
        await bulk.write(events, true);
        await bulk.rollback();
        expect(await store.headPosition()).toBe(headBefore);
        expect(await store.streamVersion(f.stream('a'))).toBe(0);
        await store.append(f.stream('a'), f.events(1), { expectedVersion: 'no-stream' });
        expect(await store.headPosition()).toBe(headBefore + 1);
      });

      it('makes an append wait for the open import, then stores it after the import', async (context) => {
        const events = await recordedElsewhere([{ stream: f.stream('a'), events: f.events(3), expectedVersion: 'no-stream' }]);
        const bulk = await begin(context);
        await bulk.write(events, true);
        const append = store.append(f.stream('b'), f.events(1), { expectedVersion: 'no-stream' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        await bulk.commit();
        expect((await append).events[0]?.globalPosition).toBe(headBefore + 4);
        await expectChainFromHead();
      });

      it('skips events already stored at their place, counting them', async (context) => {
        const events = await recordedElsewhere([{ stream: f.stream('a'), events: f.events(3), expectedVersion: 'no-stream' }]);
        const first = await begin(context);
        await first.write(events.slice(0, 2), true);
        await first.commit();
        const again = await begin(context);
        expect(await again.write(events, true)).toEqual({ written: 1, alreadyPresent: 2 });
        await again.commit();
        expect((await ownEvents(store, headBefore, f.run)).map((event) => event.eventId)).toEqual(events.map((event) => event.eventId));
        await expectChainFromHead();
      });

      it('refuses a stream that does not continue with a ConcurrencyError, and writes none of the import', async (context) => {
        await store.append(f.stream('a'), f.events(2), { expectedVersion: 'no-stream' });
        const events = await recordedElsewhere([
          { stream: f.stream('b'), events: f.events(2), expectedVersion: 'no-stream' },
          { stream: f.stream('a'), events: f.events(1), expectedVersion: 'no-stream' },
        ]);
        const bulk = await begin(context);
        const error = await rejectionOf(bulk.write(events, true));
        expect(error).toMatchObject({ name: 'ConcurrencyError', streamName: f.stream('a'), expected: 0, actual: 2 });
        await expect(bulk.commit()).rejects.toThrow();
        expect(await store.streamVersion(f.stream('b'))).toBe(0);
        expect(await store.headPosition()).toBe(headBefore + 2);
      });

      it('refuses an event id stored in another stream with an IdempotencyError, and writes none of the import', async (context) => {
        const taken = f.event();
        await store.append(f.stream('a'), [taken], { expectedVersion: 'no-stream' });
        const events = await recordedElsewhere([{ stream: f.stream('b'), events: [f.event(), taken], expectedVersion: 'no-stream' }]);
        const bulk = await begin(context);
        const error = await rejectionOf(
          (async () => {
            await bulk.write(events, true);
            await bulk.commit();
          })(),
        );
        expect(error.name).toBe('IdempotencyError');
        expect(await store.streamVersion(f.stream('b'))).toBe(0);
        expect(await store.headPosition()).toBe(headBefore + 1);
      });

      it('computes every hash itself when they are not said to be checked', async (context) => {
        const events = (await recordedElsewhere([{ stream: f.stream('a'), events: f.events(3), expectedVersion: 'no-stream' }])).map(
          (event) => ({ ...event, hash: 'f'.repeat(64) }),
        );
        const bulk = await begin(context);
        await bulk.write(events, false);
        await bulk.commit();
        await expectChainFromHead();
      });
    });

    group('concurrency', 'racing writers', () => {
      const racers = options.racers ?? 8;

      it(`lets exactly one of ${racers} writers racing on the same expected version win`, async () => {
        const stream = f.stream('a');
        await store.append(stream, f.events(2), { expectedVersion: 'no-stream' });
        const batches = Array.from({ length: racers }, () => f.events(2));
        const outcomes = await Promise.allSettled(batches.map((batch) => store.append(stream, batch, { expectedVersion: 2 })));
        const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const losers = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers.every((outcome) => isConcurrencyError(outcome.reason)), String(losers[0]?.reason)).toBe(true);
        const stored = await store.readStream(stream);
        expect(stored.map((event) => event.streamVersion)).toEqual([1, 2, 3, 4]);
        const winner = batches[outcomes.findIndex((outcome) => outcome.status === 'fulfilled')] as NewEvent[];
        expect(stored.slice(2).map((event) => event.eventId)).toEqual(winner.map((event) => event.eventId));
      });

      it(`lets exactly one of ${racers} writers create a new stream`, async () => {
        const stream = f.stream('new');
        const outcomes = await Promise.allSettled(
          Array.from({ length: racers }, () => store.append(stream, f.events(1), { expectedVersion: 'no-stream' })),
        );
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        expect(await store.streamVersion(stream)).toBe(1);
      });

      it('keeps positions gap-free and the hash chain whole under concurrent appends to different streams', async () => {
        await Promise.all(
          Array.from({ length: racers }, (_, i) => store.append(f.stream(`s${i}`), f.events(3), { expectedVersion: 'no-stream' })),
        );
        const events = await ownEvents(store, headBefore, f.run);
        expect(events.map((event) => event.globalPosition)).toEqual(Array.from({ length: racers * 3 }, (_, i) => headBefore + 1 + i));
        const [previous] = headBefore === 0 ? [] : await collect(store.readAll({ from: headBefore, limit: 1 }));
        let previousHash = previous?.hash ?? GENESIS_HASH;
        for (const event of events) {
          expect(event.hash).toBe(chainHash(previousHash, event));
          previousHash = event.hash;
        }
      });
    });
  });
};
