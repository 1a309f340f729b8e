import { isDomainError, type Rejection } from '../errors';
import type { OrganisationCommand } from '../organisation/commands';
import { decideOrganisations, foldOrganisation, initialState, involvedOrganisations, type Organisation } from '../organisation/decider';
import type { OrganisationEvent } from '../organisation/events';

/** What a replay of commands left behind: every stream's events, every state, the events in order, and the rejections. */
export interface Replayed {
  /** every accepted event, in the order decided */
  events: OrganisationEvent[];
  /** each organisation's events, in stream order */
  streams: Map<string, OrganisationEvent[]>;
  /** each organisation's state after its events */
  states: Map<string, Organisation>;
  /** the rejected commands and why, in order */
  rejections: { command: OrganisationCommand; rejection: Rejection }[];
}

/**
 * Decides each command against the current states, then evolves them: what a command handler does, without a
 * store. A rejected command adds nothing; any other error is thrown.
 */
export const replayAll = (commands: Iterable<OrganisationCommand>): Replayed => {
  const replayed: Replayed = { events: [], streams: new Map(), states: new Map(), rejections: [] };
  for (const command of commands) {
    const involved = new Map(involvedOrganisations(command).map((id) => [id, replayed.states.get(id) ?? initialState()]));
    let decided: Map<string, OrganisationEvent[]>;
    try {
      decided = decideOrganisations(command, involved);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      replayed.rejections.push({ command, rejection: error.rejection });
      continue;
    }
    for (const [organisationId, events] of decided) {
      replayed.states.set(organisationId, foldOrganisation(events, replayed.states.get(organisationId)));
      replayed.streams.set(organisationId, [...(replayed.streams.get(organisationId) ?? []), ...events]);
      replayed.events.push(...events);
    }
  }
  return replayed;
};

/** The events a sequence of commands produces (decide, then evolve; rejected commands add nothing). */
export const replay = (commands: Iterable<OrganisationCommand>): OrganisationEvent[] => replayAll(commands).events;
