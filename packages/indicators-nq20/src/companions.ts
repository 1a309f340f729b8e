import type { CounterpartyKind, CreditorType, LegalStatus, MemberKind, OrganisationKind } from '@hoptac/core';
import { addYears, dayNumber, onYear, yearOf } from './dates';
import { linkagesOf, simpleLinkages, type Computation, type MemberFlows } from './indicators';
import { activeCountsAt, byDayThenPosition, KINDS as MEMBER_KINDS, membershipColumns } from './membership';
import {
  ADMITTED,
  dayAt,
  DEPARTED,
  KIND_CHANGED,
  memberCodeAt,
  memberIdsOf,
  memberKindCode,
  nextEventAt,
  recordedMsAt,
  type IndicatorsState,
  type LegacyFact,
  type OrganisationTimeline,
} from './projection';
import {
  asOfView,
  byDateThenPosition,
  isVisible,
  knownValue,
  knownValues,
  legalStatusOn,
  placementOn,
  type Placement,
  type QueryContext,
} from './view';

/** Active members of an organisation on asOf, by member kind. */
export const activeMembers = (context: QueryContext, org: OrganisationTimeline): Map<string, MemberKind> => {
  const { state, knownMs } = context;
  const { log } = state;
  const asOfDay = dayNumber(context.asOf);
  const isSeen = (at: number) => dayAt(log, at) <= asOfDay && recordedMsAt(log, at) <= knownMs;
  const kindOf = (at: number) => MEMBER_KINDS[memberKindCode(memberCodeAt(log, at))] as MemberKind;
  // the organisation's membership events (log entries) and their member ids, in record order
  const events: number[] = [];
  for (let at = org.firstEvent; at !== -1; at = nextEventAt(log, at)) if (memberCodeAt(log, at) !== 0) events.push(at);
  const memberIds = memberIdsOf(log, org);
  // each member's latest admission or departure (log entries)
  const last = new Map<string, number>();
  for (const wanted of [ADMITTED, DEPARTED])
    events.forEach((at, index) => {
      if ((memberCodeAt(log, at) & 3) !== wanted || !isSeen(at)) return;
      const member = memberIds[index] as string;
      const current = last.get(member);
      if (current === undefined || byDayThenPosition(state, current, at) < 0) last.set(member, at);
    });
  const active = new Map<string, MemberKind>();
  for (const [member, at] of last) if ((memberCodeAt(log, at) & 3) === ADMITTED) active.set(member, kindOf(at));
  const changes: number[] = [];
  events.forEach((at, index) => {
    if ((memberCodeAt(log, at) & 3) === KIND_CHANGED && isSeen(at)) changes.push(index);
  });
  changes.sort((a, b) => byDayThenPosition(state, events[a] as number, events[b] as number));
  for (const index of changes) {
    const at = events[index] as number;
    const member = memberIds[index] as string;
    const admitted = last.get(member);
    if (active.has(member) && admitted !== undefined && dayAt(log, at) >= dayAt(log, admitted)) active.set(member, kindOf(at));
  }
  return active;
};

const MINIMUM: Partial<Record<OrganisationKind, { count: number; officialOnly: boolean }>> = {
  'cooperative-group': { count: 2, officialOnly: false },
  cooperative: { count: 5, officialOnly: true },
  'cooperative-union': { count: 3, officialOnly: true },
};

const PROBLEM_STATUSES: ReadonlySet<LegalStatus> = new Set([
  'suspended',
  'not-at-registered-address',
  'certificate-revoked',
  'reorganising-or-dissolving',
  'bankruptcy-proceedings',
]);

const legacyOn = (context: QueryContext, org: OrganisationTimeline, date: string): LegacyFact | undefined => {
  let latest: LegacyFact | undefined;
  for (const fact of org.legacy)
    if (isVisible(context, fact) && fact.occurredOn <= date && (latest === undefined || byDateThenPosition(context.state, latest, fact) < 0))
      latest = fact;
  return latest;
};

interface DebtPosition {
  debtId: string;
  creditorType: CreditorType;
  outstanding: number;
  dueDate: string;
}

const NO_DEBTS: DebtPosition[] = [];

const debtsOn = (context: QueryContext, org: OrganisationTimeline, date: string): DebtPosition[] => {
  if (org.debts.length === 0) return NO_DEBTS;
  const positions = new Map<string, DebtPosition>();
  for (const debt of org.debts)
    if (isVisible(context, debt) && debt.occurredOn <= date)
      positions.set(debt.debtId, { debtId: debt.debtId, creditorType: debt.creditorType, outstanding: debt.amount, dueDate: debt.dueDate });
  for (const settlement of org.settlements) {
    const position = positions.get(settlement.debtId);
    if (position !== undefined && isVisible(context, settlement) && settlement.occurredOn <= date)
      position.outstanding = Math.max(0, position.outstanding - settlement.amount);
  }
  return [...positions.values()];
};

const overdueDebts = (context: QueryContext, debts: readonly DebtPosition[], date: string): readonly DebtPosition[] =>
  debts.length === 0 ? NO_DEBTS : debts.filter((debt) => debt.outstanding > 0 && addYears(debt.dueDate, context.plan.policies.overdueDebtYears) <= date);

/** The registration-update window containing asOf: its year and first and last days. */
export const registrationWindowAt = (context: QueryContext): { windowYear: number; from: string; to: string } => {
  const { start, end } = context.plan.policies.registrationWindow;
  const year = yearOf(context.asOf);
  if (start <= end) return { windowYear: year, from: onYear(year, start), to: onYear(year, end) };
  const windowYear = context.asOf > onYear(year, end) ? year + 1 : year;
  return { windowYear, from: onYear(windowYear - 1, start), to: onYear(windowYear, end) };
};

/** Figures reported beside the indicators (DOMAIN.md §2 companion figures), at asOf. */
export interface Companions {
  organisations: {
    total: number;
    byKind: Array<{ kind: OrganisationKind; count: number }>;
    byLegalStatus: Array<{ status: LegalStatus; count: number }>;
    byCommune: Array<{ unit: string; name: string; count: number }>;
  };
  activeMemberships: { total: number; byMemberKind: Array<{ memberKind: MemberKind; count: number }> };
  ratingCoverage: { ratingYear: number; eligible: number; rated: number; coverage: number | null; missingRatings: string[] };
  netMemberChange: { admissions: number; departures: number; net: number };
  debts: {
    outstandingByCreditorType: Array<{ creditorType: CreditorType; amount: number }>;
    overdueYears: number;
    organisationsWithOverdueDebts: Array<{ organisationId: string; debtIds: string[]; outstanding: number }>;
  };
  organisationsSuspended: string[];
  organisationsDissolving: string[];
  organisationsNotConverted: string[];
  belowMinimumMembership: Array<{ organisationId: string; kind: OrganisationKind; members: number; minimum: number }>;
  resolvedSinceBaseline: Array<{ organisationId: string; problemsAtBaseline: string[]; statusNow: LegalStatus }>;
  linkages: { withEnterprises: number; withStateOwnedEnterprises: number };
  registrationUpdates: { windowYear: number; from: string; to: string; submitted: string[]; pending: string[] };
}

const sortedCounts = <Key extends string>(counts: Map<Key, number>, order: readonly Key[]) =>
  order.filter((key) => counts.has(key)).map((key) => [key, counts.get(key) as number] as const);

const KINDS: readonly OrganisationKind[] = ['cooperative-group', 'cooperative', 'cooperative-union', 'peoples-credit-fund'];
const STATUSES: readonly LegalStatus[] = [
  'active',
  'suspended',
  'not-at-registered-address',
  'certificate-revoked',
  'reorganising-or-dissolving',
  'bankruptcy-proceedings',
  'ceased',
];
const MEMBER_KIND_ORDER: readonly MemberKind[] = ['official', 'associate-contributing', 'associate-non-contributing'];
const CREDITORS: readonly CreditorType[] = ['state', 'bank', 'other-organisation', 'member'];
const REGISTERED_KINDS: ReadonlySet<OrganisationKind> = new Set(['cooperative-group', 'cooperative', 'cooperative-union']);

// an organisation's known registration updates as (window year, business day) pairs
const knownRegistrations = (far: QueryContext, org: OrganisationTimeline): number[] => {
  const { registrationUpdates: updates, log } = far.state;
  const known: number[] = [];
  for (let row = org.firstRegistrationUpdate; row !== -1; row = updates.next[row] as number) {
    const at = updates.at[row] as number;
    if (recordedMsAt(log, at) <= far.knownMs) known.push(updates.values[row] as number, dayAt(log, at));
  }
  return known;
};

// the problems an organisation in the territory on the baseline date had then; null when it was not in the territory
const problemsAtBaseline = (context: QueryContext, org: OrganisationTimeline): string[] | null => {
  const { baselineDate } = context.plan;
  if (!placementOn(context, org, baselineDate).inTerritory) return null;
  const problems: string[] = [];
  const statusAtBaseline = legalStatusOn(context, org, baselineDate);
  if (statusAtBaseline !== undefined && PROBLEM_STATUSES.has(statusAtBaseline)) problems.push(statusAtBaseline);
  if (legacyOn(context, org, baselineDate)?.status === 'not-converted') problems.push('not-converted');
  if (overdueDebts(context, debtsOn(context, org, baselineDate), baselineDate).length > 0) problems.push('overdue-debts');
  return problems;
};

// the timelines in id order, kept until an organisation is added
const byIds = new WeakMap<IndicatorsState, OrganisationTimeline[]>();
const timelinesById = (state: IndicatorsState): OrganisationTimeline[] => {
  let sorted = byIds.get(state);
  if (sorted === undefined || sorted.length !== state.timelines.length) {
    sorted = [...state.timelines].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    byIds.set(state, sorted);
  }
  return sorted;
};

// counts the organisation's value-chain linkages in force on asOf by counterparty (`simple`: see simpleLinkages)
const countLinkages = (context: QueryContext, org: OrganisationTimeline, simple: number[] | undefined, counts: Companions['linkages']): void => {
  const { asOf, asOfDay } = context;
  if (simple !== undefined) {
    // a simple linkage is the view's when recorded on or before asOf, and keeps its own dates
    for (let at = 0; at < simple.length; at += 4) {
      if ((simple[at] as number) > asOfDay || (simple[at + 1] as number) > asOfDay || (simple[at + 2] as number) < asOfDay) continue;
      if (simple[at + 3] === 1) counts.withEnterprises++;
      if (simple[at + 3] === 2) counts.withStateOwnedEnterprises++;
    }
    return;
  }
  for (const { fact, endsOn } of linkagesOf(context, org)) {
    const inForce = dayNumber(fact.startsOn) <= asOfDay && (endsOn === undefined || asOf <= endsOn);
    if (!inForce) continue;
    if (fact.counterpartyKind === 'enterprise') counts.withEnterprises++;
    if (fact.counterpartyKind === ('state-owned-enterprise' satisfies CounterpartyKind)) counts.withStateOwnedEnterprises++;
  }
};

// whether known updates, as (window year, day) pairs, have one of the window dated by `day`
const isSubmitted = (known: readonly number[], windowYear: number, day: number): boolean => {
  for (let at = 0; at < known.length; at += 2) if (known[at] === windowYear && (known[at + 1] as number) <= day) return true;
  return false;
};

// whether one of the problems at the baseline is still there on asOf
const problemsRemain = (context: QueryContext, org: OrganisationTimeline, problems: readonly string[], status: LegalStatus): boolean =>
  status !== 'ceased' &&
  ((PROBLEM_STATUSES.has(status) && problems.includes(status)) ||
    (problems.includes('not-converted') && legacyOn(context, org, context.asOf)?.status === 'not-converted') ||
    (problems.includes('overdue-debts') && debtsOn(context, org, context.asOf).some((debt) => debt.outstanding > 0)));

/** Computes the companion figures at the view, reusing the good-fair and member-flow computations. */
export const companions = (context: QueryContext, goodFair: Computation, flows: MemberFlows): Companions => {
  const { asOf, plan } = context;
  const byKind = new Map<OrganisationKind, number>();
  const byStatus = new Map<LegalStatus, number>();
  const byCommune = new Map<string, number>();
  const byMemberKind = MEMBER_KINDS.map(() => 0);
  const outstanding = new Map<CreditorType, number>();
  const window = registrationWindowAt(context);
  const result: Companions = {
    organisations: { total: 0, byKind: [], byLegalStatus: [], byCommune: [] },
    activeMemberships: { total: 0, byMemberKind: [] },
    ratingCoverage: { ratingYear: goodFair.ratingYear as number, eligible: 0, rated: 0, coverage: null, missingRatings: [] },
    netMemberChange: {
      admissions: flows.computation.numerator,
      departures: flows.departures,
      net: flows.computation.numerator - flows.departures,
    },
    debts: { outstandingByCreditorType: [], overdueYears: plan.policies.overdueDebtYears, organisationsWithOverdueDebts: [] },
    organisationsSuspended: [],
    organisationsDissolving: [],
    organisationsNotConverted: [],
    belowMinimumMembership: [],
    resolvedSinceBaseline: [],
    linkages: { withEnterprises: 0, withStateOwnedEnterprises: 0 },
    registrationUpdates: { windowYear: window.windowYear, from: window.from, to: window.to, submitted: [], pending: [] },
  };
  const submissions = result.registrationUpdates;
  const simpleLinks = knownValues<number[] | undefined>(context, 'simple-linkages');
  const registrations = knownValues<number[]>(context, 'registrations');
  const asOfDay = dayNumber(asOf);
  const view = asOfView(context);
  const baseline = knownValues<string[] | null>(context, 'baseline-problems');
  const official = MEMBER_KINDS.indexOf('official');
  const members = membershipColumns(context.state, context.knownMs);
  // in id order, so the lists come out sorted
  for (const org of timelinesById(context.state)) {
    const founding = view.foundings[org.index];
    if (founding === undefined) continue;
    const place = view.places[org.index] as Placement;
    const status = view.statuses[org.index]?.status;
    if (place.inTerritory && place.unit !== undefined && status !== undefined) {
      result.organisations.total++;
      byKind.set(founding.kind, (byKind.get(founding.kind) ?? 0) + 1);
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      byCommune.set(place.unit, (byCommune.get(place.unit) ?? 0) + 1);
      // active members by kind from the membership index (the same as activeMembers, without a map per organisation)
      const counts = status === 'ceased' ? -1 : activeCountsAt(members, org.index, asOfDay);
      let memberCount = 0;
      let officialCount = 0;
      if (counts !== -1) {
        for (let kind = 0; kind < MEMBER_KINDS.length; kind++) {
          const count = members.activeCounts[counts + kind] as number;
          byMemberKind[kind] = (byMemberKind[kind] as number) + count;
          memberCount += count;
        }
        officialCount = members.activeCounts[counts + official] as number;
      }
      result.activeMemberships.total += memberCount;
      if (status === 'suspended') result.organisationsSuspended.push(org.id);
      if (status === 'reorganising-or-dissolving' || status === 'bankruptcy-proceedings') result.organisationsDissolving.push(org.id);
      const legacy = legacyOn(context, org, asOf);
      if (legacy?.status === 'not-converted' && status !== 'ceased') result.organisationsNotConverted.push(org.id);
      const minimum = MINIMUM[founding.kind];
      if (status === 'active' && minimum !== undefined) {
        const count = minimum.officialOnly ? officialCount : memberCount;
        if (count < minimum.count)
          result.belowMinimumMembership.push({ organisationId: org.id, kind: founding.kind, members: count, minimum: minimum.count });
      }
      const debts = debtsOn(context, org, asOf);
      for (const debt of debts) outstanding.set(debt.creditorType, (outstanding.get(debt.creditorType) ?? 0) + debt.outstanding);
      const overdue = overdueDebts(context, debts, asOf);
      if (overdue.length > 0)
        result.debts.organisationsWithOverdueDebts.push({
          organisationId: org.id,
          debtIds: overdue.map((debt) => debt.debtId),
          outstanding: overdue.reduce((sum, debt) => sum + debt.outstanding, 0),
        });
      if (org.linkages.length > 0) countLinkages(context, org, knownValue(simpleLinks, org, simpleLinkages), result.linkages);
      if (status === 'active' && REGISTERED_KINDS.has(founding.kind))
        (isSubmitted(knownValue(registrations, org, knownRegistrations), window.windowYear, asOfDay) ? submissions.submitted : submissions.pending).push(org.id);
    }
    // problems the organisation had on the baseline date (which asOf on or after it does not change), and whether
    // each is gone by asOf
    if (founding.occurredOn > plan.baselineDate) continue;
    const problems = asOf >= plan.baselineDate ? knownValue(baseline, org, problemsAtBaseline) : problemsAtBaseline(context, org);
    if (problems === null || problems.length === 0 || status === undefined) continue;
    if (!problemsRemain(context, org, problems, status)) result.resolvedSinceBaseline.push({ organisationId: org.id, problemsAtBaseline: problems, statusNow: status });
  }
  result.organisations.byKind = sortedCounts(byKind, KINDS).map(([kind, count]) => ({ kind, count }));
  result.organisations.byLegalStatus = sortedCounts(byStatus, STATUSES).map(([status, count]) => ({ status, count }));
  result.organisations.byCommune = [...byCommune.keys()]
    .sort()
    .map((unit) => ({ unit, name: context.territory.nameOf(unit), count: byCommune.get(unit) as number }));
  const memberKinds = new Map<MemberKind, number>();
  byMemberKind.forEach((count, kind) => {
    if (count > 0) memberKinds.set(MEMBER_KINDS[kind] as MemberKind, count);
  });
  result.activeMemberships.byMemberKind = sortedCounts(memberKinds, MEMBER_KIND_ORDER).map(([memberKind, count]) => ({ memberKind, count }));
  result.debts.outstandingByCreditorType = CREDITORS.map((creditorType) => ({ creditorType, amount: outstanding.get(creditorType) ?? 0 }));
  for (const entry of goodFair.entries) {
    if (entry.placement === 'excluded') continue;
    result.ratingCoverage.eligible++;
    if (entry.reason === 'missing-rating') result.ratingCoverage.missingRatings.push(entry.organisationId);
    else result.ratingCoverage.rated++;
  }
  const { eligible, rated } = result.ratingCoverage;
  result.ratingCoverage.coverage = eligible === 0 ? null : rated / eligible;
  for (const list of [
    result.organisationsSuspended,
    result.organisationsDissolving,
    result.organisationsNotConverted,
    result.ratingCoverage.missingRatings,
    submissions.submitted,
    submissions.pending,
  ])
    list.sort();
  const byId = (a: { organisationId: string }, b: { organisationId: string }) => (a.organisationId < b.organisationId ? -1 : 1);
  result.belowMinimumMembership.sort(byId);
  result.resolvedSinceBaseline.sort(byId);
  result.debts.organisationsWithOverdueDebts.sort(byId);
  return result;
};
