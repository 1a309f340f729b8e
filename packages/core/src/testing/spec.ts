import { AssertionError, deepStrictEqual } from 'node:assert/strict';
import { isDomainError, type Rejection } from '../errors';
import { decideOrganisations, foldOrganisation, type Organisation } from '../organisation/decider';
import type { OrganisationCommand } from '../organisation/commands';
import type { OrganisationEvent } from '../organisation/events';

/** A decider as the spec helper sees it: decide, evolve and the initial state. */
export interface Decider<Command, Event, State> {
  decide: (command: Command, state: State) => readonly Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
}

/** The outcome checks of a given/when spec. */
export interface Outcome<Result> {
  /** Asserts the command produced exactly these events (deep, strict equality). */
  then: (expected: Result) => void;
  /** Asserts the command was rejected with this code, and with these facts when given. */
  thenRejects: (code: Rejection['code'], facts?: Partial<Rejection>) => void;
  /** What the command produced, for assertions of your own (`expect(spec.events()).toHaveLength(6)`); throws a rejection. */
  events: () => Result;
}

const expectRejection = (run: () => unknown, code: Rejection['code'], facts?: Partial<Rejection>): void => {
  let produced: unknown;
  try {
    produced = run();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.rejection.code !== code)
      throw new AssertionError({ message: `expected rejection ${code}, got ${error.rejection.code}`, actual: error.rejection, expected: { code, ...facts } });
    if (facts) {
      const actual = Object.fromEntries(Object.keys(facts).map((key) => [key, (error.rejection as Record<string, unknown>)[key]]));
      deepStrictEqual(actual, facts, `rejection ${code} carries other facts`);
    }
    return;
  }
  throw new AssertionError({ message: `expected rejection ${code}, but the command was accepted`, actual: produced, expected: { code } });
};

/**
 * Given/when/then for a decider: `given(...events).when(command).then([events])` or `.thenRejects(code)`. The
 * given events are folded with `evolve` from `initialState()`; the command is decided against the result.
 */
export const deciderSpec =
  <Command, Event, State>(decider: Decider<Command, Event, State>) =>
  (...given: Event[]) => ({
    when: (command: Command): Outcome<readonly Event[]> => {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected) => deepStrictEqual(run(), expected),
        thenRejects: (code, facts) => expectRejection(run, code, facts),
        events: run,
      };
    },
  });

/** The state of each organisation after its events. */
export const foldOrganisations = (streams: Readonly<Record<string, readonly OrganisationEvent[]>>): Map<string, Organisation> =>
  new Map(Object.entries(streams).map(([organisationId, events]) => [organisationId, foldOrganisation(events)]));

/**
 * Given/when/then across several organisations, for conversion and reorganisation:
 * `givenOrganisations({ 'coop-1': [...] }).when(command).then({ 'coop-1': [...], 'coop-2': [...] })`.
 * Organisations not given are unfounded. `then` compares every stream written, in the decider's order.
 */
export const givenOrganisations = (streams: Readonly<Record<string, readonly OrganisationEvent[]>> = {}) => ({
  when: (command: OrganisationCommand): Outcome<Record<string, OrganisationEvent[]>> => {
    const run = () => Object.fromEntries(decideOrganisations(command, foldOrganisations(streams)));
    return {
      then: (expected) => {
        const actual = run();
        deepStrictEqual(Object.keys(actual), Object.keys(expected), 'the command writes to other streams, or in another order');
        deepStrictEqual(actual, expected);
      },
      thenRejects: (code, facts) => expectRejection(run, code, facts),
      events: run,
    };
  },
});
