import { deepStrictEqual } from 'node:assert/strict';
import type { RecordedEvent } from '@hoptac/core';
import { replay, replayFiltered, type Clocks, type Projection } from '../projection';

/** The `then` step of a projection spec at given clocks. */
export interface ProjectionSpecAt<State> {
  /**
   * Asserts `query(state, clocks)` deep-equals `expected`, where the state is a fresh replay of the events passing
   * `clocks`; for a bitemporal projection it also asserts the same answer from the full state (the two-clock law).
   */
  then<Result>(query: (state: State, clocks: Clocks) => Result, expected: Result): void;
}

/** The steps after `given`. */
export interface ProjectionSpecGiven<State> {
  /** Asserts `query(state)` deep-equals `expected`, the state being a replay of the given events in global order. */
  then<Result>(query: (state: State) => Result, expected: Result): void;
  /** Asks at two clocks instead. */
  at(clocks: Clocks): ProjectionSpecAt<State>;
  /** The replayed state, for assertions of your own. */
  state(): State;
}

/** Given/then for a projection: `projectionSpec(projection).given(...events).then(query, expected)`. */
export const projectionSpec = <State>(projection: Projection<State>) => ({
  given: (...events: readonly RecordedEvent[]): ProjectionSpecGiven<State> => ({
    then: (query, expected) => {
      deepStrictEqual(query(replay(projection, events)), expected);
    },
    at: (clocks) => ({
      then: (query, expected) => {
        deepStrictEqual(query(replayFiltered(projection, events, clocks), clocks), expected, 'fresh replay of the filtered events');
        if (projection.bitemporal)
          deepStrictEqual(query(replay(projection, events), clocks), expected, 'full state of a bitemporal projection');
      },
    }),
    state: () => replay(projection, events),
  }),
});
