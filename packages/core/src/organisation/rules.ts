import { DomainError } from '../errors';
import { CIRCULAR_09_2017, type MemberKind, type OrganisationKind, type PartyType, type RatingLevel } from '../primitives';

/**
 * Minimum founding members per kind (Law 17/2023): a cooperative 5 official members, a group 2 members, a union
 * 3 member cooperatives. A people's credit fund follows credit-institution rules that set no figure in the law we
 * model; hoptac uses 5 official members, the cooperative floor, as its parameter.
 */
export const MINIMUM_FOUNDING_MEMBERS: Readonly<Record<OrganisationKind, number>> = {
  'cooperative-group': 2,
  cooperative: 5,
  'cooperative-union': 3,
  'peoples-credit-fund': 5,
};

/** What the minimum-membership rule counts: a member as far as its kind is concerned. */
export interface CountedMember {
  readonly memberKind: MemberKind;
  readonly partyType: PartyType;
}

/** Members counting towards the minimum: any member of a group, official members elsewhere, official cooperatives in a union. */
export const countsTowardsMinimum = (kind: OrganisationKind, member: CountedMember): boolean => {
  if (kind === 'cooperative-group') return true;
  if (kind === 'cooperative-union') return member.memberKind === 'official' && member.partyType === 'cooperative';
  return member.memberKind === 'official';
};

/** Throws TooFewFoundingMembers when `members` fall short of the kind's minimum. */
export const checkMinimumMembers = (organisationId: string, kind: OrganisationKind, members: readonly CountedMember[]): void => {
  const minimum = MINIMUM_FOUNDING_MEMBERS[kind];
  const actual = members.filter((member) => countsTowardsMinimum(kind, member)).length;
  if (actual < minimum) throw new DomainError({ code: 'TooFewFoundingMembers', organisationId, kind, minimum, actual });
};

/** Which member kinds and capital a member may have in an organisation of `kind`; throws MemberKindNotAllowed. */
export const checkMemberAllowed = (
  organisationId: string,
  kind: OrganisationKind,
  member: { memberId: string; memberKind: MemberKind; partyType: PartyType; capital: number },
): void => {
  const refuse = (reason: string) => {
    throw new DomainError({ code: 'MemberKindNotAllowed', organisationId, memberId: member.memberId, reason });
  };
  if (member.memberKind === 'associate-non-contributing' && member.capital > 0)
    refuse('an associate member without capital (liên kết không góp vốn) holds no capital');
  if (kind !== 'cooperative-union') return;
  if (member.memberKind === 'official' && member.partyType !== 'cooperative')
    refuse('official members of a cooperative union are cooperatives');
  if (member.memberKind !== 'official' && member.partyType !== 'legal-entity' && member.partyType !== 'cooperative')
    refuse('associate members of a cooperative union are legal entities');
};

/** A member's holding, as the capital caps see it. */
export interface CapitalHolding {
  readonly memberKind: MemberKind;
  readonly capital: number;
}

/**
 * Capital caps of Law 17/2023 Art. 74, in a cooperative or a union (groups and credit funds have other rules):
 * one official member at most 30% (40% in a union) of the charter capital, taken as the sum of members' capital;
 * all contributing associates together at most 30% (40%). Throws CapitalCapExceeded naming the first holder over.
 */
export const checkCapitalCaps = (
  organisationId: string,
  kind: OrganisationKind,
  holdings: ReadonlyMap<string, CapitalHolding>,
  subjectId: string,
): void => {
  if (kind !== 'cooperative' && kind !== 'cooperative-union') return;
  const tenths = kind === 'cooperative-union' ? 4 : 3;
  let total = 0;
  let associates = 0;
  for (const holding of holdings.values()) {
    total += holding.capital;
    if (holding.memberKind === 'associate-contributing') associates += holding.capital;
  }
  if (total === 0) return;
  // compare in integers (capital × 10 against tenths × total) so 30% is exact
  const over = (amount: number) => amount * 10 > tenths * total;
  const share = (amount: number) => Math.round((amount / total) * 10_000) / 10_000;
  const check = (memberId: string, holding: CapitalHolding) => {
    if (holding.memberKind === 'official' && over(holding.capital))
      throw new DomainError({
        code: 'CapitalCapExceeded',
        organisationId,
        memberId,
        cap: 'official-member',
        limit: tenths / 10,
        share: share(holding.capital),
      });
  };
  // the subject first, so the rejection names the member the command is about when it is the one over
  const subject = holdings.get(subjectId);
  if (subject) check(subjectId, subject);
  for (const [memberId, holding] of holdings) check(memberId, holding);
  if (over(associates))
    throw new DomainError({
      code: 'CapitalCapExceeded',
      organisationId,
      memberId: subjectId,
      cap: 'associates-contributing',
      limit: tenths / 10,
      share: share(associates),
    });
};

/** The level a score earns: good ≥ 80, fair 65–<80, average 50–<65, weak < 50. */
export const levelForScore = (score: number): RatingLevel =>
  score >= 80 ? 'good' : score >= 65 ? 'fair' : score >= 50 ? 'average' : 'weak';

/** The level a rating must carry: the score's, except that under Circular 09/2017 a sanction in the year makes it weak. */
export const expectedLevel = (scheme: string, score: number, sanctionedInYear: boolean): RatingLevel =>
  scheme === CIRCULAR_09_2017 && sanctionedInYear ? 'weak' : levelForScore(score);

/** Most days an organisation may be suspended in a year and still be rated (3 months). */
export const MAX_SUSPENDED_DAYS_FOR_RATING = 90;

/** Longest a single notified suspension may run, in months (Decree 92/2024). */
export const MAX_SUSPENSION_MONTHS = 12;

/** How long a cooperative group must have operated before it may convert into a cooperative, in months (Art. 108). */
export const CONVERSION_MINIMUM_MONTHS = 12;

/** Fewest current official members a group needs to convert: the cooperative's founding minimum. */
export const CONVERSION_MINIMUM_MEMBERS = MINIMUM_FOUNDING_MEMBERS.cooperative;
