import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import { MemoryEventStore, type RecordedEvent } from '@hoptac/core';
import { passesClocks, replay, replayFiltered } from './projection';
import { anyBatchSizes, anyClocks, anyHistory, appendInBatches, readAll } from './fixtures';
import {
  currentMemberCounts,
  currentMembershipProjection,
  currentMembersOf,
  memberCounts,
  membershipProjection,
  membersOf,
  projectionSpec,
  recorded,
} from './testing/index';

const founded = (organisationId: string, occurredOn: string) => ({
  type: 'OrganisationFounded' as const,
  occurredOn,
  data: {
    organisationId,
    kind: 'cooperative' as const,
    name: 'HTX Vĩnh Bảo',
    registrationCode: 'REG-1',
    headOfficeUnit: 'commune-1',
    origin: { type: 'new' as const },
  },
});
const admitted = (organisationId: string, memberId: string, occurredOn: string) => ({
  type: 'MemberAdmitted' as const,
  occurredOn,
  data: { organisationId, memberId, memberKind: 'official' as const, partyType: 'individual' as const, capitalCommitted: 0, origin: 'application' as const },
});
const departed = (organisationId: string, memberId: string, occurredOn: string) => ({
  type: 'MemberDeparted' as const,
  occurredOn,
  data: { organisationId, memberId, reason: 'voluntary' as const },
});

describe('passesClocks', () => {
  const event = { occurredOn: '2025-06-30', recordedAt: '2025-07-02T09:00:00.000Z' };

  it('lets through an event on both boundaries', () =>
    expect(passesClocks(event, { asOf: '2025-06-30', knownAt: '2025-07-02T09:00:00.000Z' })).toBe(true));

  it('holds back an event that occurred after asOf', () =>
    expect(passesClocks(event, { asOf: '2025-06-29', knownAt: '2030-01-01T00:00:00Z' })).toBe(false));

  it('holds back an event recorded after knownAt, by instant whatever the zone', () => {
    expect(passesClocks(event, { asOf: '2030-01-01', knownAt: '2025-07-02T15:59:59.999+07:00' })).toBe(false);
    expect(passesClocks(event, { asOf: '2030-01-01', knownAt: '2025-07-02T16:00:00+07:00' })).toBe(true);
  });

  it('refuses a knownAt that is not an instant instead of treating it as "everything"', () =>
    expect(() => replayFiltered(membershipProjection, [], { asOf: '2025-01-01', knownAt: 'yesterday' })).toThrow(/knownAt/));
});

describe('replay', () => {
  it('takes events in global order whatever order they are given in', () => {
    const events = recorded([admitted('org-a', 'm-1', '2025-01-02'), departed('org-a', 'm-1', '2025-01-01')]);
    const clocks = { asOf: '2025-12-31', knownAt: '2026-01-01T00:00:00Z' };
    // the departure is recorded after the admission, so in record order the member is gone
    expect(membersOf(replay(membershipProjection, [...events].reverse()), clocks, 'org-a')).toEqual([]);
    expect(currentMembersOf(replay(currentMembershipProjection, [...events].reverse()), clocks, 'org-a')).toEqual([]);
  });

  it('skips event types the projection does not list', () => {
    const projection = { ...currentMembershipProjection, eventTypes: ['OrganisationFounded'] };
    const state = replay(projection, recorded([founded('org-a', '2025-01-01'), admitted('org-a', 'm-1', '2025-01-02')]));
    expect(state).toEqual({ founded: ['org-a'], members: {} });
  });
});

describe('projectionSpec', () => {
  // #region spec
  const late = recorded([
    founded('org-a', '2025-01-10'),
    admitted('org-a', 'm-1', '2025-02-01'),
    // recorded in March, back-dated to January: a late record
    { ...admitted('org-a', 'm-2', '2025-01-20'), recordedAt: '2025-03-15T08:00:00Z' },
  ]);

  it('counts a late record only once it is known', () => {
    projectionSpec(membershipProjection)
      .given(...late)
      .at({ asOf: '2025-02-28', knownAt: '2025-03-01T00:00:00Z' })
      .then((state, clocks) => membersOf(state, clocks, 'org-a'), ['m-1']);
    projectionSpec(membershipProjection)
      .given(...late)
      .at({ asOf: '2025-02-28', knownAt: '2025-03-16T00:00:00Z' })
      .then((state, clocks) => membersOf(state, clocks, 'org-a'), ['m-1', 'm-2']);
  });

  it('answers the latest picture without clocks', () =>
    projectionSpec(currentMembershipProjection)
      .given(...late)
      .then((state) => state.members['org-a'], ['m-1', 'm-2']));
  // #endregion spec

  it('fails when the answer differs', () =>
    expect(() =>
      projectionSpec(currentMembershipProjection)
        .given(...late)
        .then((state) => state.founded, []),
    ).toThrow());
});

describe('recorded', () => {
  it('numbers positions and stream versions and chains hashes like a store', async () => {
    const events = [founded('org-a', '2025-01-01'), founded('org-b', '2025-01-01'), admitted('org-a', 'm-1', '2025-01-02')];
    const store = new MemoryEventStore();
    for (const [index, event] of events.entries())
      await store.append(`organisation-${event.data.organisationId}`, [{ ...event, eventId: `event-${index + 1}`, recordedAt: '2025-01-02T12:00:00.000Z' }], {
        expectedVersion: 'any',
      });
    expect(recorded(events, { recordedAt: '2025-01-02T12:00:00.000Z' })).toEqual(await readAll(store));
  });

  it('refuses an invalid event, naming the field', () =>
    expect(() => recorded([founded('org-a', '2025-13-01')], { recordedAt: '2025-01-01T00:00:00Z' })).toThrow(/occurredOn/));
});

describe('the two-clock law', () => {
  test.prop([anyHistory, anyBatchSizes, anyClocks])(
    'a bitemporal query on the full state equals the query on a fresh replay of the filtered events',
    async (history, sizes, clocks) => {
      const store = new MemoryEventStore();
      await appendInBatches(store, history, sizes);
      const events = await readAll(store);
      const full = replay(membershipProjection, events);
      const filtered = replayFiltered(membershipProjection, events, clocks);
      expect(memberCounts(full, clocks)).toEqual(memberCounts(filtered, clocks));
      for (const organisationId of ['org-a', 'org-b', 'org-c'])
        expect(membersOf(full, clocks, organisationId)).toEqual(membersOf(filtered, clocks, organisationId));
      // and the plain projection, replayed on the filtered events, agrees with the bitemporal one
      expect(currentMemberCounts(replayFiltered(currentMembershipProjection, events, clocks), clocks)).toEqual(memberCounts(full, clocks));
    },
  );
});
