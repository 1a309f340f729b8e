import { MemoryEventStore, isConcurrencyError, type NewEvent, type RecordedEvent } from '@hoptac/core';
import { describe, expect, it } from 'vitest';
import {
  esdbEventId,
  fromBatchEvent,
  fromEsdbEvent,
  isUuid,
  positionFromString,
  positionToString,
  toBatchEvent,
  toConcurrencyError,
  toEsdbEvent,
  toExpectedRevision,
  toServerFilter,
  toStreamVersion,
  uuidV5,
} from './mapping';

const stored = async (events: NewEvent[], stream = 'organisation-htx-1'): Promise<RecordedEvent[]> => {
  const store = new MemoryEventStore();
  return (await store.append(stream, events, { expectedVersion: 'no-stream' })).events;
};

const founded = (overrides: Partial<NewEvent> = {}): NewEvent =>
  ({
    type: 'OrganisationFounded',
    occurredOn: '2024-02-29',
    data: {
      organisationId: 'htx-1',
      kind: 'cooperative',
      name: 'Hợp tác xã Đồng Tâm 🌾',
      registrationCode: '0201-HTX-0001',
      headOfficeUnit: 'commune:11893',
      origin: { type: 'new' },
    },
    eventId: 'evt-founded-1',
    recordedAt: '2024-03-01T08:30:15.123+07:00',
    metadata: { actor: 'cán bộ 7', source: 'import', correlationId: 'corr-1', causationId: 'cause-1', tenant: 'district-1' },
    ...overrides,
  }) as NewEvent;

describe('event ids', () => {
  it('keeps an id that is already a UUID, lower-cased', () => {
    expect(esdbEventId('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
  });

  it('derives the same version-5 UUID from the same id every time, and different ones from different ids', () => {
    const id = esdbEventId('evt-founded-1');
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect('89ab').toContain(id[19]);
    expect(esdbEventId('evt-founded-1')).toBe(id);
    expect(esdbEventId('evt-founded-2')).not.toBe(id);
  });

  it('computes RFC 4122 version-5 UUIDs (the DNS namespace example)', () => {
    // uuid v5 of "www.example.com" in the DNS namespace, as published by the uuid package and Python's uuid module
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('expected versions and revisions', () => {
  it('maps version n to revision n − 1, and 0 or no-stream to no stream, any to any', () => {
    expect(toExpectedRevision(3)).toBe(2n);
    expect(toExpectedRevision(1)).toBe(0n);
    expect(toExpectedRevision(0)).toBe('no_stream');
    expect(toExpectedRevision('no-stream')).toBe('no_stream');
    expect(toExpectedRevision('any')).toBe('any');
  });

  it('refuses a negative or fractional expected version rather than sending -1n to the server', () => {
    expect(() => toExpectedRevision(-1)).toThrow(RangeError);
    expect(() => toExpectedRevision(1.5)).toThrow(RangeError);
  });

  it('reads revisions back as versions', () => {
    expect(toStreamVersion(0n)).toBe(1);
    expect(toStreamVersion('no_stream')).toBe(0);
    expect(toStreamVersion(undefined)).toBe(0);
    expect(() => toStreamVersion(BigInt(Number.MAX_SAFE_INTEGER))).toThrow(/MAX_SAFE_INTEGER/);
  });

  it("turns WrongExpectedVersionError into our ConcurrencyError in our version numbers", () => {
    const error = toConcurrencyError({ streamName: 'organisation-htx-1', actualVersion: 4n }, 2);
    expect(isConcurrencyError(error)).toBe(true);
    expect(error).toMatchObject({ streamName: 'organisation-htx-1', expected: 2, actual: 5 });
    expect(toConcurrencyError({ streamName: 's', actualVersion: 'no_stream' }, 3)).toMatchObject({ actual: 0 });
  });
});

describe('$all positions as text', () => {
  it('keeps commit and prepare whole beyond Number.MAX_SAFE_INTEGER', () => {
    const position = { commit: 18446744073709551615n, prepare: 9007199254740993n };
    const text = positionToString(position);
    expect(text).toBe('18446744073709551615/9007199254740993');
    expect(JSON.parse(JSON.stringify({ text })).text).toBe(text);
    expect(positionFromString(text)).toEqual(position);
  });

  it('refuses text that is not a position', () => {
    expect(() => positionFromString('12')).toThrow(/commit\/prepare/);
  });
});

describe('envelope as EventStoreDB event data and metadata', () => {
  it('puts the payload in data, and both clocks, ids, versions and hash in metadata, with $correlationId and $causationId', async () => {
    const [event] = await stored([founded()]);
    const esdb = toEsdbEvent(event as RecordedEvent);
    expect(esdb.id).toBe(esdbEventId('evt-founded-1'));
    expect(esdb.type).toBe('OrganisationFounded');
    expect(esdb.data).toEqual(event?.data);
    expect(esdb.metadata).toEqual({
      eventId: 'evt-founded-1',
      occurredOn: '2024-02-29',
      recordedAt: '2024-03-01T08:30:15.123+07:00',
      schemaVersion: 1,
      streamVersion: 1,
      globalPosition: 1,
      hash: event?.hash,
      actor: 'cán bộ 7',
      source: 'import',
      tenant: 'district-1',
      $correlationId: 'corr-1',
      $causationId: 'cause-1',
    });
    expect(esdb.metadata).not.toHaveProperty('correlationId');
  });

  it('reads back exactly the stored event, through JSON as the server would', async () => {
    const events = await stored([founded(), founded({ eventId: 'evt-2', metadata: {} } as Partial<NewEvent>)]);
    for (const event of events) {
      const { type, data, metadata } = JSON.parse(JSON.stringify(toEsdbEvent(event)));
      expect(fromEsdbEvent(event.stream, type, data, metadata)).toEqual(event);
    }
  });

  it('upcasts an old schema version on the way back', async () => {
    const [rating] = await stored([
      {
        type: 'RatingRecorded',
        occurredOn: '2024-12-15',
        data: { organisationId: 'htx-1', year: 2024, scheme: 'circular-01-2020', level: 'fair', score: 72.5 },
        eventId: 'r-1',
        recordedAt: '2025-01-02T00:00:00.000Z',
      } as NewEvent,
    ]);
    const { type, data, metadata } = toEsdbEvent(rating as RecordedEvent);
    expect(fromEsdbEvent('organisation-htx-1', type, data, metadata).schemaVersion).toBe(rating?.schemaVersion);
  });

  it('refuses metadata that is not ours with a clear error', () => {
    expect(() => fromEsdbEvent('s', 'OrganisationFounded', {}, new Uint8Array([1]))).toThrow(/metadata of a OrganisationFounded event in stream s/);
    expect(() => fromEsdbEvent('s', 'OrganisationFounded', {}, { eventId: 'x' })).toThrow(/field/);
  });
});

describe('a batch as one log event', () => {
  it('carries every event of a multi-stream batch and reads back the same events in order', async () => {
    const store = new MemoryEventStore();
    const results = await store.appendMany([
      { stream: 'organisation-a', events: [founded({ eventId: 'a-1' })], expectedVersion: 'no-stream' },
      { stream: 'organisation-b', events: [founded({ eventId: 'b-1' }), founded({ eventId: 'b-2' })], expectedVersion: 'no-stream' },
    ]);
    const events = results.flatMap((result) => result.events);
    const entry = JSON.parse(JSON.stringify(toBatchEvent(events)));
    expect(entry.metadata).toMatchObject({ firstPosition: 1, count: 3, $correlationId: 'corr-1' });
    expect(fromBatchEvent(entry.type, entry.data, 0n)).toEqual(events);
  });

  it('gives a retried batch the same log event id', async () => {
    const events = await stored([founded()]);
    expect(toBatchEvent(events).id).toBe(toBatchEvent(events).id);
    expect(toBatchEvent(events).id).not.toBe(esdbEventId('evt-founded-1'));
  });

  it('names the log revision when an entry is not a batch', () => {
    expect(() => fromBatchEvent('Something', {}, 7n)).toThrow(/log revision 7/);
    expect(() => fromBatchEvent('HoptacBatchCommitted', { events: 1 }, 8n)).toThrow(/log revision 8/);
  });
});

describe('filters on the server', () => {
  it('filters on the stream prefix on the server, leaving types and tenant to the client', () => {
    expect(toServerFilter({ streamPrefix: 'organisation-', types: ['OrganisationFounded'], tenant: 't' })).toEqual({
      server: { on: 'streamName', prefixes: ['organisation-'] },
      client: { types: ['OrganisationFounded'], tenant: 't' },
    });
  });

  it('filters on exact event types with an escaped regex when there is no prefix', () => {
    const { server, client } = toServerFilter({ types: ['MemberAdmitted', 'A.B'] });
    expect(server).toEqual({ on: 'eventType', regex: '^(?:MemberAdmitted|A\\.B)$' });
    expect(client).toBeUndefined();
    const regex = new RegExp((server as { regex: string }).regex);
    expect(regex.test('MemberAdmitted')).toBe(true);
    expect(regex.test('MemberAdmittedLater')).toBe(false);
    expect(regex.test('AxB')).toBe(false);
  });

  it('excludes system events when nothing else is asked', () => {
    const { server } = toServerFilter(undefined);
    expect(server).toEqual({ on: 'eventType', regex: '^[^$].*' });
    expect(new RegExp((server as { regex: string }).regex).test('$metadata')).toBe(false);
  });
});
