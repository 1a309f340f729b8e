export { deciderSpec, givenOrganisations, foldOrganisations, type Decider, type Outcome } from './spec';
export { replay, replayAll, type Replayed } from './replay';
export {
  event,
  command,
  territory,
  memberIds,
  memberSpecs,
  ORGANISATION_ID,
  GROUP_ID,
  FOUNDED_ON,
  ON,
  RATING_YEAR,
  RATED_ON,
  MEMBER_CAPITAL,
  RECORDED_AT,
  asNewEvent,
  type FoundingOptions,
} from './factories';
