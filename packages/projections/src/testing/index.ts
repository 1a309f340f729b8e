/** Given/then for a projection, with the two-clock law checked at given clocks. */
export { projectionSpec, type ProjectionSpecGiven, type ProjectionSpecAt } from './projection-spec';
/** Wraps domain events into RecordedEvents with positions, stream versions and chained hashes. */
export { recorded, type EventToRecord, type RecordedOptions } from './recorded';
/** Example bitemporal projection (members per organisation) and its queries. */
export { membershipProjection, membersOf, memberCounts, type MembershipFact, type MembershipFacts } from './membership-projection';
/** Example non-bitemporal twin of the membership projection and its queries. */
export { currentMembershipProjection, currentMembersOf, currentMemberCounts, type CurrentMembership } from './membership-projection';
