import {
  CommandHandler,
  exportNdjson,
  importNdjson,
  isConcurrencyError,
  loadOrganisation,
  MemoryEventStore,
  organisationStream,
  verifyChain,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type RecordedEvent,
} from '@hoptac/core';
import { asNewEvent, command, event, memberSpecs } from '@hoptac/core/testing';
import { describe, expect, it } from 'vitest';
import { collect } from './collect';

/** How the fault suite gets a fresh, empty store for each test, and how hard it makes command handlers race. */
export interface StoreFaultOptions {
  /** a fresh, empty store for one test: the suite counts positions from 1 and names its organisations coop-1… */
  create: () => Promise<EventStore>;
  /** releases a store after a test; defaults to `store.close()` */
  destroy?: (store: EventStore) => Promise<void>;
  /** separate connections to one fresh, empty store, so racing handlers go through different connections; defaults to one store from `create` */
  connections?: () => Promise<readonly EventStore[]>;
  /** what the handlers race over, for the test's title; default 'one store', e.g. '4 connections' */
  over?: string;
  /** how many command handlers race to admit members to one organisation; default 20 */
  handlers?: number;
  /** how many members each racing handler admits, one command each; default 10 */
  admissions?: number;
  /** registers every test as skipped, e.g. when no server answers here (the host says why) */
  skip?: boolean;
}

// the real store behind a plain object that forwards every call, with appendMany replaced: a decorator, not a mock
const decorate = (store: EventStore, appendMany: EventStore['appendMany']): EventStore => {
  const decorated: EventStore = {
    append: async (stream, events, options) => (await appendMany([{ stream, events, expectedVersion: options.expectedVersion }]))[0] as AppendResult,
    appendMany,
    readStream: (stream, options) => store.readStream(stream, options),
    streamVersion: (stream) => store.streamVersion(stream),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribe: (options, handler) => store.subscribe(options, handler),
    checkpoints: store.checkpoints,
    close: () => store.close(),
  };
  return decorated;
};

// the real store, with the conflicts that pass through it counted
const counting = (store: EventStore) => {
  const seen = { conflicts: 0 };
  const decorated = decorate(store, async (requests: readonly AppendRequest[]) => {
    try {
      return await store.appendMany(requests);
    } catch (error) {
      if (isConcurrencyError(error)) seen.conflicts++;
      throw error;
    }
  });
  return { store: decorated, seen };
};

/**
 * Registers the fault suite (vitest `describe`/`it`) for a store adapter: command handlers racing on one
 * organisation (with and without retries), a three-stream reorganisation that conflicts or holds an invalid event
 * on its last stream, and an import killed part-way and run again. Each test asks `create` for a fresh, empty store.
 */
export const storeFaultSuite = (name: string, options: StoreFaultOptions): void => {
  const handlers = options.handlers ?? 20;
  const admissions = options.admissions ?? 10;
  const destroy = options.destroy ?? ((store: EventStore) => store.close());
  const connect = options.connections ?? (async () => [await options.create()]);
  const suite = options.skip === true ? describe.skip : describe;
  let clockTick = 0;
  const clock = () => new Date(Date.UTC(2025, 2, 2, 3, 0, 0, clockTick++));
  // a fresh store for the body, given back however the body ends
  const withFreshStore = async (body: (store: EventStore) => Promise<void>): Promise<void> => {
    const store = await options.create();
    try {
      await body(store);
    } finally {
      await destroy(store);
    }
  };

  suite(`faults: many command handlers on one organisation (${name})`, () => {
    it(`loses no update: ${handlers} handlers × ${admissions} admissions over ${options.over ?? 'one store'}, conflicts retried`, async () => {
      const connections = (await connect()).map(counting);
      try {
        await new CommandHandler(connections[0]?.store as EventStore, { clock }).handle(command.foundOrganisation());
        const admitted = await Promise.all(
          Array.from({ length: handlers }, async (_, handler) => {
            const { store } = connections[handler % connections.length] as ReturnType<typeof counting>;
            const handle = new CommandHandler(store, { clock, retries: 200 });
            const mine: string[] = [];
            for (let admission = 0; admission < admissions; admission++) {
              const memberId = `member-h${handler}-a${admission}`;
              await handle.handle(command.admitMember({ member: { ...(memberSpecs(1)[0] as ReturnType<typeof memberSpecs>[number]), memberId } }));
              mine.push(memberId);
            }
            return mine;
          }),
        );
        const conflicts = connections.reduce((sum, connection) => sum + connection.seen.conflicts, 0);
        // the handlers really raced: some appends lost the race and were decided again
        expect(conflicts).toBeGreaterThan(0);
        const { state, version } = await loadOrganisation(connections[0]?.store as EventStore, 'coop-1');
        const members = Object.keys((state as { members?: Record<string, unknown> }).members ?? {});
        for (const memberId of admitted.flat()) expect(members).toContain(memberId);
        expect(members).toHaveLength(5 + handlers * admissions);
        expect(version).toBe(1 + 5 + handlers * admissions);
        expect((await verifyChain(connections[0]?.store.readAll() as AsyncIterable<RecordedEvent>)).problem).toBeUndefined();
      } finally {
        for (const connection of connections) await destroy(connection.store);
      }
    });

    it('without retries, ends every conflict in a typed ConcurrencyError, and keeps exactly the admissions that succeeded', async () => {
      await withFreshStore(async (store) => {
        await new CommandHandler(store, { clock }).handle(command.foundOrganisation());
        const outcomes = await Promise.allSettled(
          Array.from({ length: handlers }, (_, handler) =>
            new CommandHandler(store, { clock }).handle(command.admitMember({ member: { ...(memberSpecs(1)[0] as ReturnType<typeof memberSpecs>[number]), memberId: `member-h${handler}` } })),
          ),
        );
        const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(failed.length).toBeGreaterThan(0);
        for (const outcome of failed) expect(isConcurrencyError(outcome.reason)).toBe(true);
        const succeeded = outcomes.flatMap((outcome, handler) => (outcome.status === 'fulfilled' ? [`member-h${handler}`] : []));
        const { state } = await loadOrganisation(store, 'coop-1');
        const newMembers = Object.keys((state as { members?: Record<string, unknown> }).members ?? {}).filter((id) => id.startsWith('member-h'));
        expect(newMembers.sort()).toEqual(succeeded.sort());
      });
    });
  });

  suite(`faults: a multi-stream reorganisation interrupted (${name})`, () => {
    const reorganised = ['coop-1', 'coop-2', 'coop-3'].map(organisationStream);
    // a division of coop-1 (10 members) into coop-2 and coop-3: one atomic append across three streams
    const divided = async (store: EventStore) => {
      await new CommandHandler(store, { clock }).handle(command.foundOrganisation({ foundingMembers: memberSpecs(10) }));
      return store.headPosition();
    };
    // another writer appends to a stream between the decision and the append, once, when `when` holds for the batch
    const racedOnce = (store: EventStore, when: (requests: readonly AppendRequest[]) => boolean, race: (requests: readonly AppendRequest[]) => Promise<unknown>) => {
      let raced = false;
      return decorate(store, async (requests: readonly AppendRequest[]) => {
        if (!raced && when(requests)) {
          raced = true;
          await race(requests);
        }
        return store.appendMany(requests);
      });
    };

    it('leaves no half of it when the last stream conflicts: nothing of it lands in any stream', async () => {
      await withFreshStore(async (store) => {
        const head = await divided(store);
        // another writer gets to the last stream of the batch between the decision and the append
        const racing = racedOnce(store, (requests) => requests.length >= 3, async (requests) => {
          const last = requests.at(-1) as AppendRequest;
          const id = last.stream.slice('organisation-'.length);
          await store.append(last.stream, event.founding({ organisationId: id, members: 5 }).map((domainEvent, index) => asNewEvent(domainEvent, `racer-${index}`)), {
            expectedVersion: 'any',
          });
        });
        const error = await new CommandHandler(racing, { clock }).handle(command.reorganiseOrganisations()).catch((caught: unknown) => caught);
        expect(isConcurrencyError(error)).toBe(true);
        // only the racer's six events: not one event of the reorganisation in any of its streams
        expect(await store.headPosition()).toBe(head + 6);
        const racedStream = (error as { streamName: string }).streamName;
        for (const stream of reorganised.filter((stream) => stream !== racedStream))
          expect((await store.readStream(stream)).every((recorded) => recorded.type !== 'OrganisationReorganised')).toBe(true);
        expect((await collect(store.readAll())).filter((recorded) => recorded.type === 'OrganisationReorganised')).toEqual([]);
        expect(await store.streamVersion(organisationStream('coop-1'))).toBe(11);
        expect((await verifyChain(store.readAll())).problem).toBeUndefined();
      });
    });

    it('lands it whole when a conflict on one of its streams is retried', async () => {
      await withFreshStore(async (store) => {
        await divided(store);
        // another writer adds to the source organisation between the decision and the append
        const racing = racedOnce(store, () => true, () =>
          store.append(organisationStream('coop-1'), [asNewEvent(event.capitalContributed({ memberId: 'member-1', amount: 1_000 }), 'racer')], { expectedVersion: 'any' }),
        );
        const results = await new CommandHandler(racing, { clock, retries: 1 }).handle(command.reorganiseOrganisations());
        expect(results.map((result) => result.stream).sort()).toEqual(reorganised);
        for (const stream of reorganised)
          expect((await store.readStream(stream)).filter((recorded) => recorded.type === 'OrganisationReorganised')).toHaveLength(1);
        expect((await verifyChain(store.readAll())).problem).toBeUndefined();
      });
    });

    it('leaves no half of it when an event of the last stream is invalid', async () => {
      await withFreshStore(async (store) => {
        const head = await divided(store);
        const requests: AppendRequest[] = [
          { stream: organisationStream('coop-1'), expectedVersion: 11, events: [asNewEvent(event.memberDeparted({ memberId: 'member-1', reason: 'reorganisation' }), 'r-1')] },
          { stream: organisationStream('coop-2'), expectedVersion: 0, events: event.founding({ organisationId: 'coop-2' }).map((domainEvent, index) => asNewEvent(domainEvent, `r-2-${index}`)) },
          {
            stream: organisationStream('coop-3'),
            expectedVersion: 0,
            events: [asNewEvent({ ...event.organisationFounded({ organisationId: 'coop-3' }), occurredOn: '2025-02-30' }, 'r-3')],
          },
        ];
        await expect(store.appendMany(requests)).rejects.toMatchObject({ name: 'InvalidEventError' });
        expect(await store.headPosition()).toBe(head);
        for (const stream of ['coop-2', 'coop-3'].map(organisationStream)) expect(await store.streamVersion(stream)).toBe(0);
      });
    });
  });

  suite(`faults: an interrupted import, run again (${name})`, () => {
    const exported = async () => {
      const source = new MemoryEventStore();
      for (let organisation = 1; organisation <= 6; organisation++) {
        const organisationId = `coop-${organisation}`;
        await source.append(
          organisationStream(organisationId),
          event.founding({ organisationId, members: 5 }).map((domainEvent, index) => asNewEvent(domainEvent, `${organisationId}-${index}`)),
          { expectedVersion: 'no-stream' },
        );
      }
      return { source, lines: await collect(exportNdjson(source)) };
    };
    const linesOf = (lines: readonly string[]) =>
      async function* () {
        yield* lines;
      };
    // the process dies after its second chunk went to the store
    const killedAfterTwoChunks = () => {
      let chunks = 0;
      return (progress: { phase: string }) => {
        if (progress.phase === 'writing' && ++chunks === 2) throw new Error('killed mid-import');
      };
    };
    const expectOneCopyOfTheSource = async (store: EventStore, source: EventStore) => {
      const imported = await collect(store.readAll());
      const original = await collect(source.readAll());
      expect(imported.map((recorded) => recorded.eventId)).toEqual(original.map((recorded) => recorded.eventId));
      expect(new Set(imported.map((recorded) => recorded.eventId)).size).toBe(36);
      expect(imported.map((recorded) => recorded.hash)).toEqual(original.map((recorded) => recorded.hash));
      expect((await verifyChain(store.readAll())).problem).toBeUndefined();
    };

    it('ends with exactly one copy of each event, chain and hashes intact', async () => {
      const { source, lines } = await exported();
      await withFreshStore(async (store) => {
        const aborted = await importNdjson(store, linesOf(lines), { chunkSize: 7, onProgress: killedAfterTwoChunks() }).catch(
          (caught: unknown) => caught,
        );
        expect(aborted).toMatchObject({ message: 'killed mid-import' });
        // in one transaction (a store with a bulk import) nothing is left; in atomic chunks, the two chunks written
        const left = store.beginBulkImport !== undefined ? 0 : 14;
        expect(await store.headPosition()).toBe(left);

        const summary = await importNdjson(store, linesOf(lines), { chunkSize: 5 });
        expect(summary).toEqual({ lines: 36, written: 36 - left, alreadyPresent: left });
        await expectOneCopyOfTheSource(store, source);
      });
    });

    it('completes the prefix an interrupted chunked import left, and a repeated import writes nothing', async () => {
      const { source, lines } = await exported();
      await withFreshStore(async (store) => {
        // the same store without its bulk import: importNdjson appends in atomic chunks
        const chunked = decorate(store, (requests) => store.appendMany(requests));
        await importNdjson(chunked, linesOf(lines), { chunkSize: 7, onProgress: killedAfterTwoChunks() }).catch(() => undefined);
        expect(await store.headPosition()).toBe(14);
        expect(await importNdjson(store, linesOf(lines), { chunkSize: 5 })).toEqual({ lines: 36, written: 22, alreadyPresent: 14 });
        expect(await importNdjson(store, linesOf(lines), { chunkSize: 5 })).toEqual({ lines: 36, written: 0, alreadyPresent: 36 });
        await expectOneCopyOfTheSource(store, source);
      });
    });

    it('stores nothing of a file whose bad line comes after chunks went to the store', async () => {
      const { lines } = await exported();
      await withFreshStore(async (store) => {
        const spoiled = lines.map((line, index) => (index === 30 ? line.replace('"occurredOn":"', '"occurredOn":"x') : line));
        const error = await importNdjson(store, linesOf(spoiled), { chunkSize: 7, verifyChain: false }).catch((caught: unknown) => caught);
        expect(error).toMatchObject({ name: 'InvalidEventError', location: { line: 31 }, field: 'occurredOn' });
        expect(await store.headPosition()).toBe(0);
        expect(await importNdjson(store, linesOf(lines), { chunkSize: 7 })).toEqual({ lines: 36, written: 36, alreadyPresent: 0 });
      });
    });
  });
};
