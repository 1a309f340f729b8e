import { test } from '@fast-check/vitest';
import { UpcasterRegistry, type RecordedEvent } from '@hoptac/core';
import type { Clocks, Projection } from '@hoptac/projections';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyClocks, oraclePlanFor, sampleTerritory, validHistory } from './history';
import {
  anyInterleaving,
  anyStoredVersion,
  clocksAreReplayOfFiltered,
  matchesOracle,
  orderIndependentAcrossStreams,
  reinterleave,
  replayIsDeterministic,
  runnersAgree,
  upcastsToCurrentEvent,
} from './laws';
import { oracleReport } from './oracle';

// #region host-projection
/** A host's bitemporal projection: every founding with both clocks. */
interface Founding {
  organisationId: string;
  kind: string;
  occurredOn: string;
  recordedAt: string;
}
const foundingsProjection: Projection<Founding[]> = {
  name: 'foundings',
  version: 1,
  bitemporal: true,
  eventTypes: ['OrganisationFounded'],
  initialState: () => [],
  apply: (state, event) => {
    if (event.type === 'OrganisationFounded')
      state.push({ organisationId: event.data.organisationId, kind: event.data.kind, occurredOn: event.occurredOn, recordedAt: event.recordedAt });
    return state;
  },
};

/** Organisations founded by kind, as known at the clocks. */
const foundedByKind = (state: Founding[], clocks: Clocks): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const founding of state)
    if (founding.occurredOn <= clocks.asOf && Date.parse(founding.recordedAt) <= Date.parse(clocks.knownAt))
      counts[founding.kind] = (counts[founding.kind] ?? 0) + 1;
  return counts;
};
// #endregion host-projection

const histories = validHistory({ organisations: 5, intents: 25, lateRecordShare: 0.3 });
const withClocks = histories.chain((events) => fc.tuple(fc.constant(events), anyClocks(events)));

describe('laws on a host projection', () => {
  // #region laws
  test.prop([histories], { numRuns: 30 })('replay is deterministic', (events) => {
    replayIsDeterministic(foundingsProjection, events);
  });

  test.prop([histories], { numRuns: 10 })('inline, catch-up and rebuild agree', async (events) => {
    await runnersAgree(foundingsProjection, events);
  });

  test.prop([withClocks], { numRuns: 50 })('a question at two clocks is a replay of the filtered events', ([events, clocks]) => {
    clocksAreReplayOfFiltered(foundingsProjection, foundedByKind, events, clocks);
  });

  test.prop([withClocks, anyInterleaving], { numRuns: 50 })('answers do not depend on how streams interleave', ([events, clocks], picks) => {
    orderIndependentAcrossStreams(foundingsProjection, foundedByKind, events, picks, clocks);
  });

  test.prop([anyStoredVersion()], { numRuns: 200 })('every stored schema version upcasts to a valid current event', (stored) => {
    upcastsToCurrentEvent(stored);
  });
  // #endregion laws
});

describe('the laws catch broken projections', () => {
  it('catches a projection with state shared between replays', () => {
    let seen = 0;
    const leaky: Projection<number[]> = { ...foundingsProjection, name: 'leaky', initialState: () => [], apply: (state: number[]) => [...state, ++seen] } as never;
    expect(() => fc.assert(fc.property(histories, (events) => replayIsDeterministic(leaky, events)), { seed: 1, includeErrorInReport: true, endOnFailure: true })).toThrow(
      /replay determinism: leaky: states of two replays differ/,
    );
  });

  it('catches a projection that keeps only the latest fact but claims to be bitemporal', () => {
    const latestOnly: Projection<Record<string, string>> = {
      name: 'latest-digital',
      version: 1,
      bitemporal: true,
      initialState: () => ({}),
      apply: (state, event) => {
        if (event.type === 'DigitalAssessmentRecorded') state[event.data.organisationId] = event.data.result;
        return state;
      },
    };
    const digitalHistories = validHistory({ organisations: 3, intents: 25, mix: { digital: 30 } });
    expect(() =>
      fc.assert(
        fc.property(digitalHistories.chain((events) => fc.tuple(fc.constant(events), anyClocks(events))), ([events, clocks]) =>
          clocksAreReplayOfFiltered(latestOnly, (state) => state, events, clocks),
        ),
        { seed: 2, includeErrorInReport: true, endOnFailure: true },
      ),
    ).toThrow(/asOf\/knownAt = filtered replay/);
  });

  it('catches a query that depends on the interleaving of streams', () => {
    const inArrivalOrder = (state: Founding[]) => state.map((founding) => founding.organisationId);
    expect(() =>
      fc.assert(
        fc.property(withClocks, anyInterleaving, ([events, clocks], picks) =>
          orderIndependentAcrossStreams(foundingsProjection, inArrivalOrder, events, picks, clocks),
        ),
        { seed: 3, includeErrorInReport: true, endOnFailure: true },
      ),
    ).toThrow(/order independence across streams/);
  });

  it('catches a stored version with no upcaster', () => {
    const stored = { type: 'RatingRecorded', schemaVersion: 1, occurredOn: '2030-12-01', data: { organisationId: 'a', year: 2030, level: 'good', score: 90 } };
    expect(upcastsToCurrentEvent(stored).data).toMatchObject({ scheme: 'circular-01-2020' });
    expect(() => upcastsToCurrentEvent(stored, new UpcasterRegistry([]))).toThrow(/RatingRecorded@1: no upcaster/);
  });

  it('catches an implementation that ignores knownAt', () => {
    const plan = oraclePlanFor(sampleTerritory);
    const ignoresKnownAt = (events: readonly RecordedEvent[], clocks: Clocks) =>
      oracleReport(events, plan, { asOf: clocks.asOf, knownAt: '2100-01-01T00:00:00.000Z' }).indicators;
    expect(() =>
      fc.assert(
        fc.property(withClocks, ([events, clocks]) => matchesOracle(ignoresKnownAt, events, plan, clocks)),
        { seed: 4, numRuns: 500, includeErrorInReport: true, endOnFailure: true },
      ),
    ).toThrow(/projection = oracle/);
  });
});

describe('reinterleave', () => {
  test.prop([histories, anyInterleaving], { numRuns: 30 })('keeps every stream in its order and renumbers the global order', (events, picks) => {
    const moved = reinterleave(events, picks);
    expect(moved.map((event) => event.globalPosition)).toEqual(events.map((_, index) => index + 1));
    const byStream = (list: RecordedEvent[]) => {
      const streams: Record<string, string[]> = {};
      for (const event of list) (streams[event.stream] ??= []).push(event.eventId);
      return streams;
    };
    expect(byStream(moved)).toEqual(byStream(events));
  });
});
