import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { MemoryEventStore, type NewEvent, type RecordedEvent } from '@hoptac/core';
import { InlineProjections } from './inline';
import { replay, replayFiltered } from './projection';
import { atClocks, ClockIndex, TemporalQueries } from './temporal';
import { anyBatchSizes, anyClocks, anyHistory, appendInBatches, readAll } from './fixtures';
import {
  currentMemberCounts,
  currentMembershipProjection,
  currentMembersOf,
  memberCounts,
  membershipProjection,
  membersOf,
  recorded,
} from './testing/index';

const asNew = ({ type, occurredOn, data, eventId, recordedAt }: RecordedEvent) => ({ type, occurredOn, data, eventId, recordedAt }) as NewEvent;

const admitted = (memberId: string, occurredOn: string, recordedAt: string) => ({
  type: 'MemberAdmitted' as const,
  occurredOn,
  recordedAt,
  data: { organisationId: 'org-a', memberId, memberKind: 'official' as const, partyType: 'individual' as const, capitalCommitted: 0, origin: 'application' as const },
});
const departed = (memberId: string, occurredOn: string, recordedAt: string) => ({
  type: 'MemberDeparted' as const,
  occurredOn,
  recordedAt,
  data: { organisationId: 'org-a', memberId, reason: 'voluntary' as const },
});

describe('TemporalQueries', () => {
  // a departure dated 2025-12-20 but only recorded in February of the next year
  const history = recorded([
    admitted('m-1', '2025-03-01', '2025-03-02T00:00:00Z'),
    admitted('m-2', '2025-04-01', '2025-04-02T00:00:00Z'),
    departed('m-1', '2025-12-20', '2026-02-10T00:00:00Z'),
  ]);

  it('answers as known then and as known now', async () => {
    // #region temporal
    const temporal = new TemporalQueries(history);
    const asKnownThen = { asOf: '2025-12-31', knownAt: '2026-01-15T00:00:00Z' };
    const asKnownNow = { asOf: '2025-12-31', knownAt: '2026-03-01T00:00:00Z' };
    expect(await temporal.ask(membershipProjection, membersOf, asKnownThen, 'org-a')).toEqual(['m-1', 'm-2']);
    expect(await temporal.ask(membershipProjection, membersOf, asKnownNow, 'org-a')).toEqual(['m-2']);
    // a plain projection gets the same answers by a filtered replay
    expect(await temporal.ask(currentMembershipProjection, currentMembersOf, asKnownThen, 'org-a')).toEqual(['m-1', 'm-2']);
    expect(await temporal.ask(currentMembershipProjection, currentMembersOf, asKnownNow, 'org-a')).toEqual(['m-2']);
    // #endregion temporal
  });

  it('answers a bitemporal projection from the live state of a runner, without reading events', async () => {
    const inline = new InlineProjections(new MemoryEventStore(), [membershipProjection]);
    for (const event of history) await inline.append(event.stream, [asNew(event)], { expectedVersion: 'any' });
    // #region live
    const temporal = new TemporalQueries(inline, { live: (projection) => inline.state(projection.name) });
    const counts = await temporal.ask(membershipProjection, memberCounts, { asOf: '2025-06-30', knownAt: '2026-03-01T00:00:00Z' });
    // #endregion live
    expect(counts).toEqual({});
    expect(await temporal.ask(membershipProjection, membersOf, { asOf: '2025-06-30', knownAt: '2026-03-01T00:00:00Z' }, 'org-a')).toEqual(['m-1', 'm-2']);
    expect(temporal.index.stats).toEqual({ eventsRead: 0, reads: 0 });
  });

  it('reads the store once, then only what was appended since', async () => {
    const store = new MemoryEventStore();
    for (const event of history) await store.append(event.stream, [asNew(event)], { expectedVersion: 'any' });
    const temporal = new TemporalQueries(store);
    const dates = ['2025-03-31', '2025-06-30', '2025-12-31'];
    for (const asOf of dates) await temporal.ask(currentMembershipProjection, currentMembersOf, { asOf, knownAt: '2026-03-01T00:00:00Z' }, 'org-a');
    await temporal.ask(currentMembershipProjection, currentMembersOf, { asOf: '2025-12-31', knownAt: '2025-12-31T00:00:00Z' }, 'org-a');
    expect(temporal.index.stats).toEqual({ eventsRead: 3, reads: 1 });

    await store.append('organisation-org-a', [{ ...admitted('m-3', '2025-05-01', '2026-04-01T00:00:00Z'), eventId: 'late-3' }], { expectedVersion: 'any' });
    const now = { asOf: '2025-12-31', knownAt: '2026-05-01T00:00:00Z' };
    expect(await temporal.ask(currentMembershipProjection, currentMembersOf, now, 'org-a')).toEqual(['m-2', 'm-3']);
    expect(await temporal.ask(membershipProjection, membersOf, now, 'org-a')).toEqual(['m-2', 'm-3']);
    expect(temporal.index.stats).toEqual({ eventsRead: 4, reads: 2 });
  });
});

describe('atClocks', () => {
  test.prop([anyHistory, anyBatchSizes, fc.array(anyClocks, { minLength: 1, maxLength: 6 })], { numRuns: 60 })(
    'equals a fresh replay of the filtered events, question after question, as events keep arriving',
    async (history, sizes, questions) => {
      const store = new MemoryEventStore();
      const half = Math.floor(history.length / 2);
      await appendInBatches(store, history.slice(0, half), sizes);
      const index = new ClockIndex(store);
      const temporal = new TemporalQueries(store);
      for (const [number, clocks] of questions.entries()) {
        // half way through the questions the rest of the history arrives
        if (number === Math.floor(questions.length / 2)) await appendInBatches(store, history.slice(half), sizes);
        const events = await readAll(store);
        const expected = replayFiltered(currentMembershipProjection, events, clocks);
        expect(await atClocks(currentMembershipProjection, index, clocks)).toEqual(expected);
        expect(await atClocks(currentMembershipProjection, events, clocks)).toEqual(expected);
        const fromBitemporal = await temporal.ask(membershipProjection, memberCounts, clocks);
        expect(fromBitemporal).toEqual(memberCounts(replayFiltered(membershipProjection, events, clocks), clocks));
        expect(fromBitemporal).toEqual(currentMemberCounts(expected, clocks));
      }
    },
  );

  it('replays a bitemporal projection through the filter too, agreeing with its full state', async () => {
    const events = recorded([admitted('m-1', '2025-03-01', '2025-03-02T00:00:00Z'), departed('m-1', '2025-02-01', '2025-03-03T00:00:00Z')]);
    const clocks = { asOf: '2025-02-15', knownAt: '2025-12-31T00:00:00Z' };
    const state = await atClocks(membershipProjection, events, clocks);
    expect(membersOf(state, clocks, 'org-a')).toEqual(membersOf(replay(membershipProjection, events), clocks, 'org-a'));
  });
});
