import type { AdministrativeUnitsReorganised, OrganisationEvent, RecordedEvent } from '@hoptac/core';

// A reference implementation of the six indicators, written straight from shared/DOMAIN.md §2 and deliberately
// plain: it shares nothing with the indicators package but the event types. For every question it filters the
// events by both clocks, sorts the facts by business date and walks them again. Slow on purpose; obvious on purpose.

/** The six indicators of the plan, as the oracle names them. */
export type OracleIndicatorId =
  | 'new-cooperatives'
  | 'new-members'
  | 'good-fair-share'
  | 'value-chain-share'
  | 'high-tech-share'
  | 'digital-share';

/** The oracle's indicators in report order. */
export const ORACLE_INDICATORS: readonly OracleIndicatorId[] = [
  'new-cooperatives',
  'new-members',
  'good-fair-share',
  'value-chain-share',
  'high-tech-share',
  'digital-share',
];

/** The few facts of a plan the oracle needs; everything else of a plan (targets, horizons) is not its business. */
export interface OraclePlan {
  /** codes of the territory's administrative units on the baseline date */
  territoryUnits: readonly string[];
  baselineDate: string;
  /** MM-DD of the rating deadline in the rating year; default 12-15 */
  ratingDeadline?: string;
  /** accepted rating schemes, preferred first; a rating under another scheme is ignored */
  ratingSchemes?: readonly string[];
  /** schemes under which a sanction in the year makes the level weak; default circular-09-2017 */
  sanctionMakesWeakSchemes?: readonly string[];
  /** most days suspended in the rating year that keep an organisation eligible; default 90 */
  maxSuspensionDays?: number;
  /** stages a linkage must cover to count; default consumption */
  linkageRequiredStages?: readonly string[];
  /** a unit merged from units inside and outside the territory belongs to it ('include') or not */
  partialMerge?: 'include' | 'exclude';
  /**
   * which of a year's ratings and corrections is in force: the last one recorded (default: DOMAIN.md §1, "later
   * ones are corrections", and the decider makes every later-recorded rating a correction) or the one with the
   * latest business date
   */
  ratingOrder?: 'business-date' | 'record';
}

/** One figure: a count has `denominator: null` and `value = numerator`; a share with denominator 0 has value null. */
export interface OracleFigure {
  value: number | null;
  numerator: number;
  denominator: number | null;
}

/** The oracle's answer: the six figures, the rating year used, and the companion net member change. */
export interface OracleReport {
  indicators: Record<OracleIndicatorId, OracleFigure>;
  ratingYear: number;
  netMemberChange: number;
}

/** The two clocks the oracle is asked at. */
export interface OracleClocks {
  asOf: string;
  knownAt: string;
}

const DAY = 86_400_000;
const dayIndex = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY);
const dateOf = (index: number): string => new Date(index * DAY).toISOString().slice(0, 10);

type Fact = RecordedEvent<OrganisationEvent>;
type TerritoryFact = RecordedEvent<AdministrativeUnitsReorganised>;

const isOrganisationFact = (event: RecordedEvent): event is Fact => event.type !== 'AdministrativeUnitsReorganised';

/** Business order: by date, then by record order (within a stream they agree; across streams a date is a date). */
const byBusinessDate = <Event extends RecordedEvent>(events: readonly Event[]): Event[] =>
  [...events].sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : a.globalPosition - b.globalPosition));

/** What the legal status becomes after a fact, or undefined when the fact leaves it alone. */
const statusAfter = (fact: Fact): string | undefined => {
  switch (fact.type) {
    case 'OrganisationFounded':
      return 'active';
    case 'OperationsSuspended':
      return 'suspended';
    case 'OperationsResumed':
      return 'active';
    case 'LegalStatusChanged':
      return fact.data.to;
    case 'DissolutionStarted':
      return fact.data.mode === 'bankruptcy' ? 'bankruptcy-proceedings' : 'reorganising-or-dissolving';
    case 'DissolutionCompleted':
    case 'GroupConverted':
      return 'ceased';
    case 'OrganisationReorganised':
      return fact.data.role === 'source-ceases' ? 'ceased' : undefined;
    default:
      return undefined;
  }
};

/** One organisation's facts, already filtered by both clocks and sorted by business date. */
class Organisation {
  constructor(
    readonly id: string,
    readonly facts: readonly Fact[],
  ) {}

  get founding() {
    return this.facts.find((fact) => fact.type === 'OrganisationFounded');
  }

  get kind(): string | undefined {
    return this.founding?.data.kind;
  }

  /** legal status on day `date`, or undefined before the founding */
  statusOn(date: string): string | undefined {
    let status: string | undefined;
    for (const fact of this.facts) {
      if (fact.occurredOn > date) break;
      status = statusAfter(fact) ?? status;
    }
    return status;
  }

  /** the head-office unit code on day `date`, as registered (before any renaming of units) */
  unitOn(date: string): string | undefined {
    let unit: string | undefined;
    for (const fact of this.facts) {
      if (fact.occurredOn > date) break;
      if (fact.type === 'OrganisationFounded') unit = fact.data.headOfficeUnit;
      if (fact.type === 'HeadOfficeMoved') unit = fact.data.toUnit;
    }
    return unit;
  }

  /** days of `year` on which the status was suspended */
  suspendedDaysIn(year: number): number {
    let days = 0;
    for (let day = dayIndex(`${year}-01-01`); day <= dayIndex(`${year}-12-31`); day++)
      if (this.statusOn(dateOf(day)) === 'suspended') days++;
    return days;
  }
}

/** The territory over time: its unit set on each date, and where a unit code ended up after merges. */
class Territory {
  constructor(
    private readonly baseline: readonly string[],
    private readonly reorganisations: readonly TerritoryFact[],
    private readonly partialMerge: 'include' | 'exclude',
  ) {}

  /** the territory's unit codes on `date` */
  unitsOn(date: string): Set<string> {
    const units = new Set(this.baseline);
    for (const reorganisation of this.reorganisations) {
      if (reorganisation.occurredOn > date) break;
      const before = new Set(units);
      for (const merge of reorganisation.data.merges) {
        const inside = merge.from.filter((code) => before.has(code)).length;
        for (const code of merge.from) units.delete(code);
        if (inside === merge.from.length || (inside > 0 && this.partialMerge === 'include')) units.add(merge.unit.code);
      }
      for (const code of reorganisation.data.abolished) units.delete(code);
    }
    return units;
  }

  /** the code a registered unit has on `date`: merged units are known by the unit they merged into */
  currentCode(code: string, date: string): string {
    let current = code;
    for (const reorganisation of this.reorganisations) {
      if (reorganisation.occurredOn > date) break;
      const merge = reorganisation.data.merges.find((candidate) => candidate.from.includes(current));
      if (merge) current = merge.unit.code;
    }
    return current;
  }

  contains(unit: string | undefined, date: string): boolean {
    return unit !== undefined && this.unitsOn(date).has(this.currentCode(unit, date));
  }
}

const share = (numerator: number, denominator: number): OracleFigure => ({
  value: denominator === 0 ? null : numerator / denominator,
  numerator,
  denominator,
});

const count = (numerator: number): OracleFigure => ({ value: numerator, numerator, denominator: null });

/**
 * Computes the six indicators of DOMAIN.md §2 from recorded events, a minimal plan and the two clocks, naively.
 * Use it as the expected side of `projectionMatchesOracle`.
 */
export const oracleReport = (events: readonly RecordedEvent[], plan: OraclePlan, clocks: OracleClocks): OracleReport => {
  const knownAt = Date.parse(clocks.knownAt);
  const visible = events.filter((event) => event.occurredOn <= clocks.asOf && Date.parse(event.recordedAt) <= knownAt);
  const sorted = byBusinessDate(visible);
  const territory = new Territory(
    plan.territoryUnits,
    sorted.filter((event): event is TerritoryFact => event.type === 'AdministrativeUnitsReorganised'),
    plan.partialMerge ?? 'include',
  );
  const factsById = new Map<string, Fact[]>();
  for (const event of sorted)
    if (isOrganisationFact(event)) {
      const list = factsById.get(event.data.organisationId) ?? [];
      list.push(event);
      factsById.set(event.data.organisationId, list);
    }
  const organisations = [...factsById].map(([id, facts]) => new Organisation(id, facts)).filter((o) => o.founding !== undefined);
  const afterBaseline = (date: string) => plan.baselineDate < date && date <= clocks.asOf;
  const inTerritoryOn = (o: Organisation, date: string) => territory.contains(o.unitOn(date), date);

  // new-cooperatives: cooperatives founded (new or by conversion) after the baseline, head office inside then
  const newCooperatives = organisations.filter((o) => {
    const founding = o.founding;
    if (!founding || founding.data.kind !== 'cooperative') return false;
    if (founding.data.origin.type === 'reorganisation-successor') return false;
    return afterBaseline(founding.occurredOn) && inTerritoryOn(o, founding.occurredOn);
  }).length;

  // new-members: gross admissions after the baseline into groups, cooperatives and credit funds inside the territory
  const memberPopulation = new Set(['cooperative-group', 'cooperative', 'peoples-credit-fund']);
  let admissions = 0;
  let departures = 0;
  for (const o of organisations) {
    if (!memberPopulation.has(o.kind ?? '')) continue;
    for (const fact of o.facts) {
      if (!afterBaseline(fact.occurredOn) || !inTerritoryOn(o, fact.occurredOn)) continue;
      if (fact.type === 'MemberAdmitted' && (fact.data.origin === 'application' || fact.data.origin === 'founding')) admissions++;
      // members leaving by conversion or reorganisation move on, so they are no more departures than carried-over arrivals are admissions
      if (fact.type === 'MemberDeparted' && fact.data.reason !== 'reorganisation' && !carriedOver(o, fact)) departures++;
    }
  }

  // good-fair-share and value-chain-share, for the rating year
  const deadline = plan.ratingDeadline ?? '12-15';
  let ratingYear = Number(clocks.asOf.slice(0, 4));
  if (`${ratingYear}-${deadline}` > clocks.asOf) ratingYear--;
  const schemes = plan.ratingSchemes ?? ['circular-01-2020', 'circular-09-2017'];
  const weakSchemes = plan.sanctionMakesWeakSchemes ?? ['circular-09-2017'];
  const maxSuspension = plan.maxSuspensionDays ?? 90;
  const requiredStages = plan.linkageRequiredStages ?? ['consumption'];
  const year = ratingYear;
  const yearEnd = `${year}-12-31`;
  const eligible = organisations.filter(
    (o) =>
      (o.kind === 'cooperative' || o.kind === 'cooperative-union') &&
      inTerritoryOn(o, yearEnd) &&
      o.statusOn(yearEnd) === 'active' &&
      (o.founding?.occurredOn ?? '9999') <= `${year - 1}-12-31` &&
      o.suspendedDaysIn(year) <= maxSuspension,
  );
  const levelFor = (o: Organisation): string | undefined => {
    for (const scheme of schemes) {
      let level: string | undefined;
      const facts = plan.ratingOrder !== 'business-date' ? [...o.facts].sort((a, b) => a.globalPosition - b.globalPosition) : o.facts;
      for (const fact of facts)
        if ((fact.type === 'RatingRecorded' || fact.type === 'RatingCorrected') && fact.data.year === year && fact.data.scheme === scheme)
          level = fact.data.level;
      if (level === undefined) continue;
      const sanctioned = o.facts.some((fact) => fact.type === 'SanctionImposed' && fact.occurredOn.startsWith(`${year}-`));
      return weakSchemes.includes(scheme) && sanctioned ? 'weak' : level;
    }
    return undefined;
  };
  const goodOrFair = eligible.filter((o) => {
    const level = levelFor(o);
    return level === 'good' || level === 'fair';
  });
  const linkedIn = (o: Organisation): boolean => {
    const ends = new Map<string, string>();
    for (const fact of o.facts) if (fact.type === 'ValueChainLinkageEnded') ends.set(fact.data.linkageId, fact.data.endsOn);
    return o.facts.some((fact) => {
      if (fact.type !== 'ValueChainLinkageStarted') return false;
      if (!requiredStages.every((stage) => (fact.data.stages as readonly string[]).includes(stage))) return false;
      const end = ends.get(fact.data.linkageId) ?? fact.data.endsOn ?? '9999-12-31';
      return fact.data.startsOn <= yearEnd && end >= `${year}-01-01` && fact.data.startsOn <= end;
    });
  };
  const linked = goodOrFair.filter(linkedIn).length;

  // high-tech-share and digital-share: cooperatives active inside the territory on asOf
  const activeCooperatives = organisations.filter(
    (o) => o.kind === 'cooperative' && o.statusOn(clocks.asOf) === 'active' && inTerritoryOn(o, clocks.asOf),
  );
  const recognisedOnAsOf = (o: Organisation): boolean => {
    const lapses = new Map<string, string>();
    for (const fact of o.facts) if (fact.type === 'HighTechRecognitionLapsed') lapses.set(fact.data.recognitionId, fact.data.lapsedOn);
    return o.facts.some((fact) => {
      if (fact.type !== 'HighTechRecognitionGranted') return false;
      const end = lapses.get(fact.data.recognitionId) ?? fact.data.validUntil ?? '9999-12-31';
      return fact.data.validFrom <= clocks.asOf && clocks.asOf <= end;
    });
  };
  const meetsDigital = (o: Organisation): boolean => {
    let latest: string | undefined;
    for (const fact of o.facts) if (fact.type === 'DigitalAssessmentRecorded') latest = fact.data.result;
    return latest === 'meets';
  };

  return {
    indicators: {
      'new-cooperatives': count(newCooperatives),
      'new-members': count(admissions),
      'good-fair-share': share(goodOrFair.length, eligible.length),
      'value-chain-share': share(linked, goodOrFair.length),
      'high-tech-share': share(activeCooperatives.filter(recognisedOnAsOf).length, activeCooperatives.length),
      'digital-share': share(activeCooperatives.filter(meetsDigital).length, activeCooperatives.length),
    },
    ratingYear,
    netMemberChange: admissions - departures,
  };
};

/** A departure caused by the organisation turning into another one (conversion): the member moves, not leaves. */
const carriedOver = (o: Organisation, departure: Fact): boolean =>
  departure.type === 'MemberDeparted' &&
  departure.data.reason === 'organisation-ceased' &&
  o.facts.some((fact) => fact.type === 'GroupConverted' && fact.occurredOn === departure.occurredOn);
