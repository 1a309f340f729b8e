import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from './events';
import { GENESIS_HASH, chainHash } from './integrity';
import { exportNdjson, importNdjson, ndjsonLines } from './interchange/ndjson';
import { organisationStream } from './organisation/events';
import { MemoryEventStore } from './store/memory-store';
import { asNewEvent, event } from './testing';
import { verifyChain } from './verify-chain';

const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

// two organisations whose events interleave in the global order, as they do in a real store
const history = async (): Promise<{ store: MemoryEventStore; events: RecordedEvent[] }> => {
  const store = new MemoryEventStore();
  const founding = (organisationId: string) => event.founding({ organisationId, members: 3 });
  for (const organisationId of ['coop-1', 'coop-2'])
    await store.append(
      organisationStream(organisationId),
      founding(organisationId).map((domainEvent, index) => asNewEvent(domainEvent, `${organisationId}-${index + 1}`, undefined, { actor: 'officer-1' })),
      { expectedVersion: 'no-stream' },
    );
  for (const organisationId of ['coop-1', 'coop-2', 'coop-1'])
    await store.append(
      organisationStream(organisationId),
      [asNewEvent(event.ratingRecorded({ organisationId }), `${organisationId}-rating-${await store.headPosition()}`)],
      { expectedVersion: 'any' },
    );
  return { store, events: await collect(store.readAll()) };
};

// a deep copy, so a tampered history never shares objects with the store
const copy = (events: readonly RecordedEvent[]): RecordedEvent[] => JSON.parse(JSON.stringify(events)) as RecordedEvent[];

// recomputes every hash after a rewrite: what a forger with write access to the whole store can do
const rechain = (events: readonly RecordedEvent[]): RecordedEvent[] => {
  let previous = GENESIS_HASH;
  return events.map((recorded) => {
    const hash = chainHash(previous, recorded);
    previous = hash;
    return { ...recorded, hash };
  });
};

describe('verifyChain: tamper evidence', () => {
  it('accepts an untouched history and returns its head hash', async () => {
    const { store, events } = await history();
    const result = await verifyChain(store.readAll());
    expect(result).toEqual({ checked: events.length, headHash: events.at(-1)?.hash });
    expect(result.problem).toBeUndefined();
  });

  it('names an edited event, by kind and position, when its data changed', async () => {
    const events = copy((await history()).events);
    const victim = events[4] as RecordedEvent & { data: { capitalCommitted?: number } };
    victim.data.capitalCommitted = 999_000_000;
    const result = await verifyChain(events);
    expect(result.problem).toMatchObject({ kind: 'edited', globalPosition: 5, eventId: victim.eventId, stream: victim.stream });
    expect(result.checked).toBe(4);
  });

  it('names an edited event when only its envelope changed (actor, record time)', async () => {
    for (const edit of [(recorded: RecordedEvent) => (recorded.metadata.actor = 'someone-else'), (recorded: RecordedEvent) => (recorded.recordedAt = '2020-01-01T00:00:00.000Z')]) {
      const events = copy((await history()).events);
      edit(events[2] as RecordedEvent);
      expect((await verifyChain(events)).problem).toMatchObject({ kind: 'edited', globalPosition: 3 });
    }
  });

  it('names the event after a removed one, saying events are missing before it', async () => {
    const events = copy((await history()).events);
    const removed = events.splice(6, 1)[0] as RecordedEvent;
    const result = await verifyChain(events);
    expect(result.problem).toMatchObject({ kind: 'removed', globalPosition: removed.globalPosition + 1 });
    expect(result.problem?.message).toContain('1 event(s) missing');
  });

  it('catches a removed event even when the forger renumbered the rest, through the chain', async () => {
    const events = copy((await history()).events);
    events.splice(6, 1);
    // the next event of another stream keeps its stream version; only its position is moved down
    const renumbered = events.map((recorded, index) => ({ ...recorded, globalPosition: index + 1 }));
    const result = await verifyChain(renumbered);
    expect(result.problem?.globalPosition).toBe(7);
    expect(['edited', 'stream-gap']).toContain(result.problem?.kind);
  });

  it('names two swapped events as reordered, not removed', async () => {
    const events = copy((await history()).events);
    const [first, second] = [events[8] as RecordedEvent, events[9] as RecordedEvent];
    events[8] = second;
    events[9] = first;
    const result = await verifyChain(events);
    expect(result.problem).toMatchObject({ kind: 'inserted-or-reordered', globalPosition: second.globalPosition, eventId: second.eventId });
  });

  it('names an event moved back to after a later one', async () => {
    const events = copy((await history()).events);
    const [moved] = events.splice(3, 1) as [RecordedEvent];
    events.splice(10, 0, moved);
    const result = await verifyChain(events);
    expect(result.problem).toMatchObject({ kind: 'inserted-or-reordered', globalPosition: moved.globalPosition + 1 });
  });

  it('names an inserted event that claims the position of an existing one', async () => {
    const events = copy((await history()).events);
    const before = events[5] as RecordedEvent;
    // the forger chains the intruder properly to the event before it, but cannot move everything after it
    const content = { ...(events[6] as RecordedEvent), eventId: 'forged-1', data: { ...(events[6] as RecordedEvent).data, memberId: 'member-99' } } as RecordedEvent;
    const intruder = { ...content, hash: chainHash(before.hash, content) };
    events.splice(6, 0, intruder);
    const result = await verifyChain(events);
    expect(result.problem).toMatchObject({ kind: 'inserted-or-reordered', globalPosition: 7 });
  });

  it('names an inserted event that claims a new position, through the chain of the events after it', async () => {
    const events = copy((await history()).events);
    const inserted = { ...(events[6] as RecordedEvent), eventId: 'forged-2', globalPosition: 7 } as RecordedEvent;
    const shifted = [...events.slice(0, 6), inserted, ...events.slice(6).map((recorded) => ({ ...recorded, globalPosition: recorded.globalPosition + 1 }))];
    const result = await verifyChain(shifted);
    expect(result.problem?.globalPosition).toBe(7);
    expect(['edited', 'stream-gap']).toContain(result.problem?.kind);
  });

  it('names a stream whose versions jump', async () => {
    const events = copy((await history()).events);
    (events[7] as RecordedEvent).streamVersion += 1;
    expect((await verifyChain(events)).problem).toMatchObject({ kind: 'stream-gap', globalPosition: 8 });
  });

  it('catches a history rewritten from scratch only with an anchor published before', async () => {
    const { events } = await history();
    const anchor = { globalPosition: 9, hash: (events[8] as RecordedEvent).hash };
    const rewritten = copy(events);
    (rewritten[4] as RecordedEvent & { data: { capitalCommitted?: number } }).data.capitalCommitted = 1;
    const forged = rechain(rewritten);
    // without an anchor a consistent forgery passes: the chain alone proves order, not authorship
    expect((await verifyChain(forged)).problem).toBeUndefined();
    expect((await verifyChain(forged, anchor)).problem).toMatchObject({ kind: 'anchor-mismatch', globalPosition: 9 });
    expect((await verifyChain(events, anchor)).problem).toBeUndefined();
  });

  it('catches a history cut short before its anchor', async () => {
    const { events } = await history();
    const anchor = { globalPosition: events.length, hash: (events.at(-1) as RecordedEvent).hash };
    const result = await verifyChain(events.slice(0, -2), anchor);
    expect(result.problem).toMatchObject({ kind: 'removed', globalPosition: events.length });
  });
});

describe('verifyChain: export and import keep the chain', () => {
  it('gives the imported store the same events with the same hashes, and the same head hash', async () => {
    const { store, events } = await history();
    const text = (await collect(exportNdjson(store))).join('');
    const imported = new MemoryEventStore();
    // cut the file mid-line, as a network or disk would
    const chunks = async function* () {
      yield Buffer.from(text.slice(0, 777));
      yield Buffer.from(text.slice(777));
    };
    await importNdjson(imported, () => ndjsonLines(chunks()));
    const copied = await collect(imported.readAll());
    expect(copied.map((recorded) => recorded.hash)).toEqual(events.map((recorded) => recorded.hash));
    expect(copied).toEqual(events);
    const [original, again] = [await verifyChain(store.readAll()), await verifyChain(imported.readAll())];
    expect(again).toEqual(original);
    expect(again.problem).toBeUndefined();
  });

  it('keeps chaining after the import: new events continue from the imported head', async () => {
    const { store } = await history();
    const imported = new MemoryEventStore();
    await importNdjson(imported, () => exportNdjson(store));
    await imported.append(organisationStream('coop-2'), [asNewEvent(event.memberAdmitted({ organisationId: 'coop-2', memberId: 'member-9' }), 'after-import')], {
      expectedVersion: 'any',
    });
    const result = await verifyChain(imported.readAll());
    expect(result.problem).toBeUndefined();
    expect(result.checked).toBe((await store.headPosition()) + 1);
  });
});
