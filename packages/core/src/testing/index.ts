/** Given/when/then for any decider, and across organisations for conversion and reorganisation. */
export { deciderSpec, givenOrganisations, foldOrganisations, type Decider, type Outcome } from './spec';
/** Decide-then-evolve over a list of commands, without a store; rejected commands add nothing. */
export { replay, replayAll, type Replayed } from './replay';
/** Event and command factories with fixed ids and dates, one per type, and the defaults they use. */
export {
  event,
  command,
  territory,
  memberIds,
  memberSpecs,
  asNewEvent,
  ORGANISATION_ID,
  GROUP_ID,
  FOUNDED_ON,
  ON,
  RATING_YEAR,
  RATED_ON,
  MEMBER_CAPITAL,
  RECORDED_AT,
  type FoundingOptions,
} from './factories';
