import type { RecordedEvent } from '@hoptac/core';
import { passesClocks, type Clocks, type Projection } from '../projection';

/** One membership fact with both clocks: a member came in or left, on a business date, recorded at an instant. */
export interface MembershipFact {
  memberId: string;
  joined: boolean;
  occurredOn: string;
  recordedAt: string;
}

/** Every membership fact of every organisation, each list in global order. */
export interface MembershipFacts {
  founded: Record<string, { occurredOn: string; recordedAt: string }[]>;
  facts: Record<string, MembershipFact[]>;
}

// #region bitemporal-projection
/** Members per organisation, bitemporal: keeps each fact with both clocks, so one state answers any clocks. */
export const membershipProjection: Projection<MembershipFacts> = {
  name: 'membership',
  version: 1,
  bitemporal: true,
  eventTypes: ['OrganisationFounded', 'MemberAdmitted', 'MemberDeparted'],
  initialState: () => ({ founded: {}, facts: {} }),
  apply: (state, event) => {
    const { occurredOn, recordedAt } = event;
    if (event.type === 'OrganisationFounded') (state.founded[event.data.organisationId] ??= []).push({ occurredOn, recordedAt });
    if (event.type === 'MemberAdmitted' || event.type === 'MemberDeparted') {
      const joined = event.type === 'MemberAdmitted';
      (state.facts[event.data.organisationId] ??= []).push({ memberId: event.data.memberId, joined, occurredOn, recordedAt });
    }
    return state;
  },
};

/** The members of an organisation at `clocks`, sorted: the last passing fact of each member, in global order, wins. */
export const membersOf = (state: MembershipFacts, clocks: Clocks, organisationId: string): string[] => {
  const members = new Set<string>();
  for (const fact of state.facts[organisationId] ?? [])
    if (passesClocks(fact, clocks)) fact.joined ? members.add(fact.memberId) : members.delete(fact.memberId);
  return [...members].sort();
};
// #endregion bitemporal-projection

/** Member counts of the organisations founded at `clocks`. */
export const memberCounts = (state: MembershipFacts, clocks: Clocks): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const [id, foundings] of Object.entries(state.founded).sort(([a], [b]) => a.localeCompare(b)))
    if (foundings.some((founding) => passesClocks(founding, clocks))) counts[id] = membersOf(state, clocks, id).length;
  return counts;
};

/** Current members per organisation: the same facts without clocks. */
export interface CurrentMembership {
  founded: string[];
  members: Record<string, string[]>;
}

// #region plain-projection
/** Members per organisation, not bitemporal: only the latest picture, so other clocks need a filtered replay. */
export const currentMembershipProjection: Projection<CurrentMembership> = {
  name: 'current-membership',
  version: 1,
  bitemporal: false,
  eventTypes: ['OrganisationFounded', 'MemberAdmitted', 'MemberDeparted'],
  initialState: () => ({ founded: [], members: {} }),
  apply: (state, event: RecordedEvent) => {
    if (event.type === 'OrganisationFounded' && !state.founded.includes(event.data.organisationId))
      state.founded = [...state.founded, event.data.organisationId].sort();
    if (event.type === 'MemberAdmitted') {
      const { organisationId, memberId } = event.data;
      state.members[organisationId] = [...new Set([...(state.members[organisationId] ?? []), memberId])].sort();
    }
    if (event.type === 'MemberDeparted') {
      const { organisationId, memberId } = event.data;
      state.members[organisationId] = (state.members[organisationId] ?? []).filter((member) => member !== memberId);
    }
    return state;
  },
};

/** The current members of an organisation, sorted. */
export const currentMembersOf = (state: CurrentMembership, _clocks: Clocks, organisationId: string): string[] =>
  state.members[organisationId] ?? [];
// #endregion plain-projection

/** Member counts of the founded organisations. */
export const currentMemberCounts = (state: CurrentMembership, _clocks: Clocks): Record<string, number> =>
  Object.fromEntries(state.founded.map((id) => [id, (state.members[id] ?? []).length]));
