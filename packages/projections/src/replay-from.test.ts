import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { MemoryEventStore, exportNdjson, readNdjsonEvents, type RecordedEvent } from '@hoptac/core';
import { isAbortError, ProjectionFailedError } from './errors';
import { anyBatchSizes, anyHistory, appendInBatches, readAll } from './fixtures';
import { replay, type Projection } from './projection';
import { replayFrom } from './replay-from';
import { currentMembershipProjection, membershipProjection } from './testing/index';

async function* asBatches(events: readonly RecordedEvent[], size: number) {
  for (let start = 0; start < events.length; start += size) yield events.slice(start, start + size);
}

const positions = (options: { poison?: number; eventTypes?: readonly string[] } = {}): Projection<number[]> => ({
  name: 'positions',
  version: 1,
  bitemporal: false,
  ...(options.eventTypes ? { eventTypes: options.eventTypes } : {}),
  initialState: () => [],
  apply: (state, event) => {
    if (event.globalPosition === options.poison) throw new Error('cannot read this event');
    state.push(event.globalPosition);
    return state;
  },
});

describe('replayFrom', () => {
  test.prop([anyHistory, anyBatchSizes])('gives the state replay gives, from single events or batches', async (history, sizes) => {
    const store = new MemoryEventStore();
    await appendInBatches(store, history, sizes);
    const events = await readAll(store);
    for (const projection of [membershipProjection, currentMembershipProjection] as Array<Projection<unknown>>) {
      const expected = replay(projection, events);
      expect((await replayFrom(projection, store.readAll())).state).toEqual(expected);
      expect((await replayFrom(projection, asBatches(events, sizes[0] ?? 1))).state).toEqual(expected);
      expect((await replayFrom(projection, events)).state).toEqual(expected);
    }
  });

  it('replays an NDJSON export read by readNdjsonEvents, counting events and the last position', async () => {
    const store = new MemoryEventStore();
    await appendInBatches(store, await historyWithTypes(), [2]);
    const path = join(mkdtempSync(join(tmpdir(), 'hoptac-replay-')), 'history.ndjson');
    writeFileSync(path, (await readAllLines(store)).join(''));
    // #region replay-from
    const { state, events, position } = await replayFrom(currentMembershipProjection, readNdjsonEvents(createReadStream(path)));
    // #endregion replay-from
    expect(state).toEqual(replay(currentMembershipProjection, await readAll(store)));
    expect({ events, position }).toEqual({ events: 5, position: 5 });
    rmSync(dirname(path), { recursive: true, force: true });
  });

  it('passes only the projection’s event types to apply, and counts every event', async () => {
    const store = new MemoryEventStore();
    await appendInBatches(store, [...(await historyWithTypes())], [3]);
    const events = await readAll(store);
    const wanted = events.filter((recorded) => recorded.type === 'MemberAdmitted').map((recorded) => recorded.globalPosition);
    const result = await replayFrom(positions({ eventTypes: ['MemberAdmitted'] }), asBatches(events, 2));
    expect(result.state).toEqual(wanted);
    expect(result).toMatchObject({ events: events.length, position: events.length });
  });

  it('stops at an event the projection throws on, naming it', async () => {
    const store = new MemoryEventStore();
    await appendInBatches(store, await historyWithTypes(), [2]);
    const error = await replayFrom(positions({ poison: 3 }), asBatches(await readAll(store), 2)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProjectionFailedError);
    expect(error).toMatchObject({ failure: { projection: 'positions', position: 3, eventId: 'event-3' } });
  });

  it('reports progress after each batch and can be cancelled', async () => {
    const store = new MemoryEventStore();
    await appendInBatches(store, await historyWithTypes(), [1]);
    const events = await readAll(store);
    const progress: number[] = [];
    await replayFrom(positions(), asBatches(events, 2), { onProgress: (count) => progress.push(count) });
    expect(progress).toEqual([2, 4, 5]);
    const controller = new AbortController();
    const cancelled = await replayFrom(positions(), asBatches(events, 2), {
      signal: controller.signal,
      onProgress: (count) => count >= 2 && controller.abort(),
    }).catch((caught: unknown) => caught);
    expect(isAbortError(cancelled)).toBe(true);
    expect(cancelled).toMatchObject({ position: 2 });
  });
});

const readAllLines = async (store: MemoryEventStore): Promise<string[]> => {
  const lines: string[] = [];
  for await (const line of exportNdjson(store)) lines.push(line);
  return lines;
};

// five events: a founding, three admissions and a departure, ids event-1 … event-5
const historyWithTypes = async () => {
  const base = { recordedAt: '2024-01-02T00:00:00.000Z', occurredOn: '2024-01-01' };
  const admit = (index: number, memberId: string) => ({
    ...base,
    eventId: `event-${index}`,
    type: 'MemberAdmitted' as const,
    data: { organisationId: 'org-a', memberId, memberKind: 'official' as const, partyType: 'individual' as const, capitalCommitted: 0, origin: 'application' as const },
  });
  return [
    {
      ...base,
      eventId: 'event-1',
      type: 'OrganisationFounded' as const,
      data: { organisationId: 'org-a', kind: 'cooperative' as const, name: 'Hợp tác xã A', registrationCode: 'REG-A', headOfficeUnit: 'commune-1', origin: { type: 'new' as const } },
    },
    admit(2, 'm-1'),
    admit(3, 'm-2'),
    admit(4, 'm-3'),
    { ...base, eventId: 'event-5', type: 'MemberDeparted' as const, data: { organisationId: 'org-a', memberId: 'm-1', reason: 'voluntary' as const } },
  ];
};
