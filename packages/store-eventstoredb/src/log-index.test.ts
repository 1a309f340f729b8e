import { MemoryEventStore, validateBatch, type AppendRequest, type AppendResult, type NewEvent } from '@hoptac/core';
import { describe, expect, it } from 'vitest';
import { LogIndex } from './log-index';
import { fromBatchEvent, toBatchEvent } from './mapping';

let counter = 0;
const event = (): NewEvent =>
  ({
    type: 'InspectionRecorded',
    occurredOn: '2030-01-02',
    data: { organisationId: 'org-1', inspectionId: `insp-${++counter}`, authority: 'district office', findings: [] },
    eventId: `e-${counter}`,
    recordedAt: '2030-01-02T08:00:00.000Z',
  }) as NewEvent;
const events = (count: number) => Array.from({ length: count }, event);

/** Commits a batch the way the store does: plan, encode as one log event, decode, apply at the next revision. */
const commit = (index: LogIndex, requests: readonly AppendRequest[]): AppendResult[] => {
  validateBatch(requests);
  const plan = index.plan(requests);
  if (plan.repeat) throw new Error('unexpected repeat');
  const entry = JSON.parse(JSON.stringify(toBatchEvent(plan.events)));
  const next = index.lastRevision === undefined ? 0n : index.lastRevision + 1n;
  index.apply(next, fromBatchEvent(entry.type, entry.data, next));
  return plan.results;
};

const outcome = async (work: () => unknown): Promise<string> => {
  try {
    await work();
    return 'ok';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
};

describe('the log index plans appends exactly like the reference store', () => {
  it('gives the same results, errors and hash chain as MemoryEventStore for the same appends', async () => {
    const memory = new MemoryEventStore();
    const index = new LogIndex();
    const a = events(3);
    const script: AppendRequest[][] = [
      [{ stream: 'organisation-a', events: a, expectedVersion: 'no-stream' }],
      [{ stream: 'organisation-a', events: events(1), expectedVersion: 1 }],
      [
        { stream: 'organisation-b', events: events(2), expectedVersion: 0 },
        { stream: 'organisation-a', events: events(2), expectedVersion: 3 },
        { stream: 'organisation-b', events: events(1), expectedVersion: 2 },
      ],
      [{ stream: 'organisation-c', events: events(1), expectedVersion: 'any' }],
      [
        { stream: 'organisation-c', events: events(1), expectedVersion: 1 },
        { stream: 'organisation-b', events: events(1), expectedVersion: 0 },
      ],
      [{ stream: 'organisation-b', events: [a[0] as NewEvent], expectedVersion: 'any' }],
      [{ stream: 'organisation-a', events: [a[0] as NewEvent, event()], expectedVersion: 'any' }],
    ];
    for (const requests of script) {
      let fromIndex: AppendResult[] | undefined;
      const indexOutcome = await outcome(() => (fromIndex = commit(index, requests)));
      let fromMemory: AppendResult[] | undefined;
      const memoryOutcome = await outcome(async () => (fromMemory = await memory.appendMany(requests)));
      expect(indexOutcome).toBe(memoryOutcome);
      expect(fromIndex).toEqual(fromMemory);
    }
    expect(index.lastPosition).toBe(await memory.headPosition());
    for (const stream of ['organisation-a', 'organisation-b', 'organisation-c']) {
      expect(index.streamVersion(stream)).toBe(await memory.streamVersion(stream));
      expect(index.positionsOf(stream)).toEqual((await memory.readStream(stream)).map((stored) => stored.globalPosition));
    }
  });

  it('answers a repeated batch with the positions of the stored events', () => {
    const index = new LogIndex();
    const batch = events(2);
    commit(index, [{ stream: 'organisation-a', events: events(1), expectedVersion: 'no-stream' }]);
    commit(index, [{ stream: 'organisation-a', events: batch, expectedVersion: 1 }]);
    expect(index.plan([{ stream: 'organisation-a', events: batch, expectedVersion: 1 }])).toEqual({
      repeat: true,
      stored: [{ stream: 'organisation-a', positions: [2, 3] }],
    });
  });

  it('refuses appends to the streams the store keeps for itself', () => {
    const index = new LogIndex((stream) => stream === 'hoptac-log');
    expect(() => index.plan([{ stream: 'hoptac-log', events: events(1), expectedVersion: 'any' }])).toThrow(/reserved/);
  });
});

describe('reading the log', () => {
  it('finds the log revision holding any position', () => {
    const index = new LogIndex();
    commit(index, [{ stream: 'organisation-a', events: events(3), expectedVersion: 'no-stream' }]);
    commit(index, [{ stream: 'organisation-b', events: events(1), expectedVersion: 'no-stream' }]);
    commit(index, [{ stream: 'organisation-a', events: events(2), expectedVersion: 3 }]);
    expect([1, 2, 3, 4, 5, 6].map((position) => index.revisionOf(position))).toEqual([0n, 0n, 0n, 1n, 2n, 2n]);
    expect(() => index.revisionOf(7)).toThrow(RangeError);
  });

  it('ignores an entry applied twice and refuses one that skips a revision', () => {
    const index = new LogIndex();
    const [first] = commit(index, [{ stream: 'organisation-a', events: events(1), expectedVersion: 'no-stream' }]);
    index.apply(0n, first?.events ?? []);
    expect(index.lastPosition).toBe(1);
    const other = new LogIndex();
    expect(() => other.apply(1n, first?.events ?? [])).toThrow(/an entry is missing/);
  });

  it('refuses an entry whose events break the hash chain', () => {
    const index = new LogIndex();
    const plan = index.plan([{ stream: 'organisation-a', events: events(2), expectedVersion: 'no-stream' }]);
    if (plan.repeat) throw new Error('unexpected repeat');
    const [one, two] = plan.events;
    const edited = { ...(two as NonNullable<typeof two>), occurredOn: '2030-01-03' };
    expect(() => index.apply(0n, [one as NonNullable<typeof one>, edited])).toThrow(/hash chain/);
    expect(index.lastPosition).toBe(0);
  });
});
